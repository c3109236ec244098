import CHogwildMPI
import HogwildCore
import HogwildSupport

/// The exchange that costs what changed: the workers recorded the conflict keys their
/// steps touched (``TouchedKeys``), so the rank sends exactly those coordinates' changes
/// — in every segment, parameters and shared optimizer state alike — with one
/// `MPI_Get_accumulate` per owner over an indexed datatype, and reads back the owners'
/// values of the same coordinates. Nothing here is proportional to the vector's length:
/// the old path (``AsyncDeltaExchange/sparseExchange(_:count:)``) copied and compared
/// all n floats every exchange, which on Netflix-sized factors is most of the time.
extension AsyncDeltaExchange {
    /// The rank whose slice holds coordinate `j` of a vector of `count` floats.
    func owner(of j: Int, count: Int) -> Int {
        var o = min(cluster.size - 1, j * cluster.size / max(1, count))
        while o > 0, slice(of: o, count: count).lowerBound > j { o -= 1 }
        while slice(of: o, count: count).upperBound <= j { o += 1 }
        return o
    }

    /// Whether every segment is indexed like the parameters (the optimizer's shared
    /// buffers are), so a touched coordinate names the same place in each.
    func sharesCoordinates(_ buffers: ExchangedBuffers) -> Bool {
        let n = buffers.segments[0].count
        return buffers.segments.allSatisfy { $0.count == n }
    }

    /// Pushes the changes of the touched `ranges` (parameter coordinates, disjoint, in
    /// any order) in every segment, takes the owners' values back, then refreshes a
    /// rotating window of the rest. Returns the bytes the cost model predicts.
    func touchedExchange(_ buffers: ExchangedBuffers, ranges: [Range<Int>]) throws(DistributedError) -> Int {
        let n = buffers.segments[0].count, count = buffers.count
        runs.removeAll(keepingCapacity: true)
        var changed = 0
        for s in buffers.segments.indices {
            for range in ranges { runs.append((range.lowerBound + s * n)..<(range.upperBound + s * n)) }
            changed += ranges.reduce(0) { $0 + $1.count }
        }
        // Packed straight from the segments: the run's values now, less this rank's copy
        // as of its last exchange. Only the segments and `base` are read at scattered
        // places (rows of a factor matrix are scattered: each row read is a cache miss).
        let segments = buffers.segments
        base.withUnsafeBufferPointer { was in
            // This rank's copy of a row was last read at its last exchange: a cache miss
            // each. Asking for them all first lets the misses overlap (perf put most of
            // the packing loop's samples on these reads before).
            for run in runs {
                var line = run.lowerBound & ~15
                while line < run.upperBound {
                    Prefetch.load(was.baseAddress! + line)
                    line += 16
                }
            }
            packing.pack(
                runs, owners: cluster.size, slice: { slice(of: $0, count: count) },
                owner: { owner(of: $0, count: count) }
            ) { run, out in
                let s = run.lowerBound / n
                segments[s].load((run.lowerBound - s * n)..<(run.upperBound - s * n), into: out)
                for i in 0..<run.count { out[i] -= was[run.lowerBound + i] }
            }
        }
        try issueRuns(adding: true)
        // The refresh window, as on the scanning path (at most what changed), read in the
        // same flush: every value there is the job's after this rank's add (accumulate
        // operations from one origin to one place are ordered), so it is stored last.
        let window = max(min(count, 1024), min(count / Self.refreshFraction, changed))
        let lower = refreshCursor % count, upper = min(count, lower + window)
        refreshCursor = upper == count ? 0 : upper
        if fresh.count < count { fresh = [Float](repeating: 0, count: count) }
        try fetch(lower..<upper, into: &fresh)
        try flushAll()
        base.withUnsafeMutableBufferPointer { values in
            packing.unpack(into: values.baseAddress!)
            fresh.withUnsafeBufferPointer { job in
                (values.baseAddress! + lower).update(from: job.baseAddress! + lower, count: upper - lower)
            }
            for run in runs {
                let s = run.lowerBound / n
                segments[s].store(
                    values.baseAddress! + run.lowerBound, to: (run.lowerBound - s * n)..<(run.upperBound - s * n))
            }
        }
        store(lower..<upper, from: base, into: buffers)
        return ExchangeCost.sparseBytesPerRank(changed: changed, refreshed: upper - lower, ranks: cluster.size)
    }

    /// Issues the packing's operations, one fetch-and-add per owner (more only past 2²⁶
    /// floats): the packed deltas out when `adding`, the values from before into the
    /// packing's results. Complete after ``flushAll()``.
    func issueRuns(adding: Bool) throws(DistributedError) {
        let me = cluster.rank
        var others = 0
        try cluster.watchdog.guarding("MPI_Get_accumulate") { () throws(DistributedError) in
            for operation in packing.operations {
                if operation.owner != me { others += operation.floats.count }
                try packing.withOperation(operation) { (out, back, lengths, displacements) throws(DistributedError) in
                    try cluster.check(
                        hogwild_mpi_fetch_and_add_runs(
                            adding ? out : nil, back, Int32(operation.floats.count), Int32(operation.runs.count),
                            lengths, displacements, Int32(operation.owner), window),
                        "MPI_Get_accumulate")
                }
            }
        }
        cluster.payloadBytes.add((adding ? 2 : 1) * others * 4, ordering: .relaxed)
    }
}

/// Runs of a vector packed one after another by owner, with each owner's indexed
/// description (lengths, displacements within its slice), for one MPI operation per
/// owner. The buffers stay put until the operations complete.
struct RunPacking {
    struct Operation {
        var owner: Int
        /// The operation's floats in `out`/`back`, and its runs in `lengths`/`displacements`.
        var floats: Range<Int>
        var runs: Range<Int>
    }
    var out: [Float] = []
    var back: [Float] = []
    var lengths: [Int32] = []
    var displacements: [Int32] = []
    var operations: [Operation] = []

    /// Where each coordinate range went: split at the owners' slices, in packed order.
    var packedRuns: [Range<Int>] = []
    var pieces: [(owner: Int, run: Range<Int>)] = []
    var floatsOf: [Int] = [], runsOf: [Int] = [], floatAt: [Int] = [], runAt: [Int] = []

    /// Splits `runs` (disjoint, in any order) at the owners' slices and packs them owner
    /// by owner, at most 2²⁶ floats an operation: `fill(run, destination)` writes a
    /// (part of a) run's deltas. `owner(j)` is the rank that owns coordinate j.
    mutating func pack(
        _ runs: [Range<Int>], owners: Int, slice: (Int) -> Range<Int>, owner: (Int) -> Int,
        fill: (Range<Int>, UnsafeMutablePointer<Float>) -> Void
    ) {
        lengths.removeAll(keepingCapacity: true)
        displacements.removeAll(keepingCapacity: true)
        operations.removeAll(keepingCapacity: true)
        packedRuns.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        // Reused between exchanges: nothing here allocates once the sizes have been seen.
        floatsOf.removeAll(keepingCapacity: true)
        floatsOf.append(contentsOf: repeatElement(0, count: owners))
        runsOf.removeAll(keepingCapacity: true)
        runsOf.append(contentsOf: repeatElement(0, count: owners))
        var total = 0
        for run in runs {
            var lower = run.lowerBound
            while lower < run.upperBound {
                let o = owner(lower)
                let upper = min(run.upperBound, slice(o).upperBound, lower + Cluster.chunk)
                pieces.append((o, lower..<upper))
                floatsOf[o] += upper - lower
                runsOf[o] += 1
                total += upper - lower
                lower = upper
            }
        }
        if out.count < total {
            out = [Float](repeating: 0, count: total)
            back = out
        }
        // Each owner's floats and runs, one after another.
        floatAt.removeAll(keepingCapacity: true)
        runAt.removeAll(keepingCapacity: true)
        floatAt.append(0)
        runAt.append(0)
        for o in 1..<max(owners, 1) {
            floatAt.append(floatAt[o - 1] + floatsOf[o - 1])
            runAt.append(runAt[o - 1] + runsOf[o - 1])
        }
        let runCount = runAt[owners - 1] + runsOf[owners - 1]
        lengths.append(contentsOf: repeatElement(0, count: runCount))
        displacements.append(contentsOf: repeatElement(0, count: runCount))
        packedRuns.append(contentsOf: repeatElement(0..<0, count: runCount))
        var floatCursor = floatAt, runCursor = runAt
        out.withUnsafeMutableBufferPointer { out in
            for (o, run) in pieces {
                fill(run, out.baseAddress! + floatCursor[o])
                lengths[runCursor[o]] = Int32(run.count)
                displacements[runCursor[o]] = Int32(run.lowerBound - slice(o).lowerBound)
                packedRuns[runCursor[o]] = run
                floatCursor[o] += run.count
                runCursor[o] += 1
            }
        }
        // Operations: each owner's runs, cut where an operation would pass 2²⁶ floats.
        for o in 0..<owners where runsOf[o] > 0 {
            var first = runAt[o], floats = floatAt[o]
            var size = 0
            for r in runAt[o]..<(runAt[o] + runsOf[o]) {
                if size + Int(lengths[r]) > Cluster.chunk {
                    operations.append(Operation(owner: o, floats: floats..<(floats + size), runs: first..<r))
                    first = r
                    floats += size
                    size = 0
                }
                size += Int(lengths[r])
            }
            operations.append(
                Operation(owner: o, floats: floats..<(floats + size), runs: first..<(runAt[o] + runsOf[o])))
        }
    }

    /// `body` with the operation's packed deltas, result space, lengths and displacements.
    mutating func withOperation<E: Error>(
        _ operation: Operation,
        _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafePointer<Int32>, UnsafePointer<Int32>)
            throws(E)
            -> Void
    ) throws(E) {
        let o = out.withUnsafeBufferPointer { $0.baseAddress! + operation.floats.lowerBound }
        let b = back.withUnsafeMutableBufferPointer { $0.baseAddress! + operation.floats.lowerBound }
        let l = lengths.withUnsafeBufferPointer { $0.baseAddress! + operation.runs.lowerBound }
        let d = displacements.withUnsafeBufferPointer { $0.baseAddress! + operation.runs.lowerBound }
        try body(o, b, l, d)
    }

    /// After the operations complete: `vector[k] = before + delta` for every coordinate
    /// packed (the rank's new copy: the job's values plus its own changes).
    func unpack(into vector: UnsafeMutablePointer<Float>) {
        var position = 0
        out.withUnsafeBufferPointer { deltas in
            back.withUnsafeBufferPointer { before in
                for run in packedRuns {
                    for k in run {
                        vector[k] = before[position] + deltas[position]
                        position += 1
                    }
                }
            }
        }
    }
}
