/// The paper's AIG baseline: exactly HOGWILD!, except that before writing, a worker
/// locks every coordinate its step touches (in ascending order, so without deadlock)
/// and unlocks them after. The gradient is computed outside the locks; the writes are
/// exact (no lost updates), at the price of two atomic operations per lock and waiting
/// on hot coordinates. A dense run takes the locks covering its range once each, in
/// order.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: CoordinateLocks(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct CoordinateLocks: SchemeRule {
    public init() {}

    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory,
        workers: Int
    ) -> StripeLockSet {
        StripeLockSet(locks: StripedSpinLocks(dimension: objective.dimension), workers: workers)
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination: StripeLockSet, delay: ArtificialDelay
    ) {
        stepper.computeGradient(of: term, reading: memory)
        delay.wait()
        let held = coordination.lock(stepper.gradient, worker: worker)
        stepper.applyStep(stepSize: stepSize, writer: RelaxedStoreWriter(memory: memory))
        coordination.unlock(held)
    }
}

/// The locks of one ``CoordinateLocks`` run, and each worker's list of the stripes it
/// holds.
///
/// ## Concurrency contract
/// Worker w uses only list w; the locks themselves are shared (see ``StripedSpinLocks``).
public final class StripeLockSet: @unchecked Sendable {
    public let locks: StripedSpinLocks
    /// Per worker: a growable list of [low, high] stripe intervals.
    @usableFromInline let lists: [IntervalList]

    init(locks: StripedSpinLocks, workers: Int) {
        self.locks = locks
        lists = (0..<max(1, workers)).map { _ in IntervalList() }
    }

    /// One worker's [low, high] pairs, two Ints each; only that worker touches it.
    @usableFromInline
    final class IntervalList {
        @usableFromInline var pairs = UnsafeMutablePointer<Int>.allocate(capacity: 2 * 64)
        @usableFromInline var capacity = 64
        deinit { pairs.deallocate() }

        @usableFromInline
        func reserve(_ needed: Int) {
            guard needed > capacity else { return }
            capacity = max(needed, 2 * capacity)
            pairs.deallocate()
            pairs = .allocate(capacity: 2 * capacity)
        }
    }

    /// Takes the locks of every stripe `gradient` touches, in ascending order, and
    /// returns what to pass to ``unlock(_:)``.
    @inlinable
    public func lock(_ gradient: TermGradient, worker: Int) -> (intervals: UnsafeMutablePointer<Int>, count: Int) {
        let own = lists[worker]
        own.reserve(gradient.count + gradient.runCount)
        let list = own.pairs
        var n = 0
        var sorted = true
        for i in 0..<gradient.count {
            let s = locks.stripe(of: gradient.indices[i])
            if n > 0 && s < list[2 * n - 2] { sorted = false }
            list[2 * n] = s
            list[2 * n + 1] = s
            n += 1
        }
        for r in 0..<gradient.runCount where gradient.runs[3 * r + 1] > 0 {
            let start = gradient.runs[3 * r]
            let low = locks.stripe(of: start), high = locks.stripe(of: start + gradient.runs[3 * r + 1] - 1)
            if n > 0 && low < list[2 * n - 2] { sorted = false }
            list[2 * n] = low
            list[2 * n + 1] = high
            n += 1
        }
        if !sorted { Self.sortIntervals(list, n) }
        // Merge overlapping intervals so that no stripe is taken twice.
        var merged = 0
        for i in 0..<n {
            let low = list[2 * i], high = list[2 * i + 1]
            if merged > 0 && low <= list[2 * merged - 1] {
                list[2 * merged - 1] = max(list[2 * merged - 1], high)
            } else {
                list[2 * merged] = low
                list[2 * merged + 1] = high
                merged += 1
            }
        }
        for i in 0..<merged {
            for s in list[2 * i]...list[2 * i + 1] { locks.lock(s) }
        }
        return (list, merged)
    }

    /// Releases what ``lock(_:worker:)`` took.
    @inlinable
    public func unlock(_ held: (intervals: UnsafeMutablePointer<Int>, count: Int)) {
        for i in 0..<held.count {
            for s in held.intervals[2 * i]...held.intervals[2 * i + 1] { locks.unlock(s) }
        }
    }

    /// Insertion sort by low end (the list is short and nearly sorted).
    @usableFromInline
    static func sortIntervals(_ list: UnsafeMutablePointer<Int>, _ n: Int) {
        guard n > 1 else { return }
        for i in 1..<n {
            let low = list[2 * i], high = list[2 * i + 1]
            var j = i - 1
            while j >= 0 && list[2 * j] > low {
                list[2 * j + 2] = list[2 * j]
                list[2 * j + 3] = list[2 * j + 1]
                j -= 1
            }
            list[2 * j + 2] = low
            list[2 * j + 3] = high
        }
    }
}

extension CoordinateLocks {
    public static let kind = SchemeKind.coordinateLocks
    public static let aliases = ["aig", "locks"]
    public static let displayName = "AIG"
    public static let summary =
        "step outside any lock; lock e's coordinates (striped, in ascending order), write, unlock"
    public static let figureColor = "#d62728"
}
