import Foundation
import Hogwild

/// Dense steps' memory traffic on one thread: reading a range of shared parameters
/// into a worker's buffer, and adding a buffer of deltas over it, the way each scheme
/// does it, against `memcpy` of the same bytes; then a whole dense SGD step through the
/// trainer per scheme.
///
/// The scalar rows are what a coordinate-at-a-time relaxed-atomic loop achieves (the
/// compiler cannot vectorize atomics): the reason the bulk kernels exist.
struct DenseMemoryBenchmark {
    var floats: Int
    var repeats: Int
    var log: @Sendable (String) -> Void

    struct Record: Codable {
        var operation: String
        var scheme: String
        var floats: Int
        /// Median seconds of one pass over the range.
        var seconds: Double
        /// Bytes of the range (4 per float) per second.
        var gigabytesPerSecond: Double
        /// memcpy's time for the same bytes ÷ this time (1 = memcpy speed).
        var relativeToMemcpy: Double

        /// One line of the table: operation, scheme, time, GB/s, ratio to memcpy.
        var line: String {
            operation.padded(to: 6) + " " + scheme.padded(to: 32)
                + String(printf: " %8.3f ms  %6.2f GB/s  %5.2f× memcpy", seconds * 1e3, gigabytesPerSecond, relativeToMemcpy)
        }
    }

    func run() throws -> [Record] {
        let n = floats
        let x = try SharedParameters(count: n, initialValue: 1)
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: n)
        buffer.initialize(repeating: 1e-7, count: n)
        defer { buffer.deallocate() }
        return try x.withMemory { memory in
            let raw = UnsafeMutableRawPointer(memory.base)
            let copyIn = time { _ = memcpy(buffer, raw, 4 * n) }
            let copyOut = time { _ = memcpy(raw, buffer, 4 * n) }
            var records: [Record] = []
                func record(_ operation: String, _ scheme: String, _ seconds: Double, memcpy reference: Double) {
                records.append(Record(operation: operation, scheme: scheme, floats: n, seconds: seconds,
                                      gigabytesPerSecond: Double(4 * n) / seconds / 1e9,
                                      relativeToMemcpy: reference / seconds))
                log(records[records.count - 1].line)
            }
            record("read", "memcpy", copyIn, memcpy: copyIn)
            record("read", "scalar relaxed loads", time { for i in 0..<n { buffer[i] = memory.load(i) } }, memcpy: copyIn)
            record("read", "bulk (every scheme but hot)", time { memory.load(0..<n, into: buffer) }, memcpy: copyIn)
            let hot = HotReplicaSettings.maximumAutomaticHotCoordinates
            let replica = UnsafeMutablePointer<Float>.allocate(capacity: hot)
            replica.initialize(repeating: 0, count: hot)
            defer { replica.deallocate() }
            let access = HotReplicaAccess(memory: memory, values: replica, hotCount: hot)
            record("read", "hotReplicas (K=\(hot))", time { access.load(0..<n, into: buffer) }, memcpy: copyIn)

            record("write", "memcpy", copyOut, memcpy: copyOut)
            record("write", "scalar relaxed load+store", time {
                for i in 0..<n { memory.store(memory.load(i) + buffer[i], at: i) }
            }, memcpy: copyOut)
            let plain = RelaxedStoreWriter(memory: memory)
            record("write", "hogwild, roundRobin, globalLock", time { plain.add(buffer, to: 0..<n) }, memcpy: copyOut)
            let atomic = AtomicAddWriter(memory: memory)
            record("write", "hogwildAtomic", time { atomic.add(buffer, to: 0..<n) }, memcpy: copyOut)
            let locks = StripedSpinLocks(dimension: n)
            record("write", "coordinateLocks", time {
                let last = locks.stripe(of: n - 1)
                for s in 0...last { locks.lock(s) }
                plain.add(buffer, to: 0..<n)
                for s in 0...last { locks.unlock(s) }
            }, memcpy: copyOut)
            record("write", "hotReplicas (K=\(hot))", time { access.add(buffer, to: 0..<n) }, memcpy: copyOut)
            try steps(reference: copyIn + copyOut, record: record)
            return records
        }
    }

    /// A whole SGD step of a dense term through the trainer, per scheme: the gradient
    /// written into the worker's buffer, the optimizer's pass, and the scheme's write.
    func steps(reference: Double, record: (String, String, Double, Double) -> Void) throws {
        let objective = DenseConstantGradient(dimension: floats)
        let steps = 50
        // Every scheme that takes dense steps (the conflict-free one refuses them).
        for scheme in SchemeChoice.all where scheme.kind != .conflictFree {
            var best = Double.infinity
            for _ in 0..<max(1, repeats / 5) {
                let x = try SharedParameters(count: floats)
                let configuration = TrainingConfiguration(threads: 1, epochs: steps, schedule: .constant(1e-3),
                                                          evaluateEveryEpoch: false)
                let report = try AnyTrainer(objective: objective, scheme: scheme, configuration: configuration).run(on: x)
                best = min(best, report.seconds / Double(steps))
            }
            record("step", scheme.description, best, reference)
        }
    }

    /// The median time of `repeats` calls of `body`, after one warm-up.
    func time(_ body: () -> Void) -> Double {
        body()
        var samples: [Double] = []
        for _ in 0..<repeats {
            let start = MonotonicClock.nanoseconds()
            body()
            samples.append(MonotonicClock.seconds(since: start))
        }
        return median(samples)
    }
}

/// An objective with one term whose gradient is a constant over every coordinate: a
/// dense step with no model in the way.
struct DenseConstantGradient: Objective {
    let dimension: Int
    var termCount: Int { 1 }

    func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                      context: inout WorkerContext<Void>) {
        gradient.addRun(start: 0, count: dimension).initialize(repeating: 1)
    }

    func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double { 0 }
}
