import CHogwildMPI
import HogwildCore

/// HOGWILD! between ranks. The exchanged vector (parameters, then the shared
/// optimizer state) is split into one contiguous slice per rank, its owner, which
/// keeps the job's values of that slice in an MPI window. After every round a rank
/// sends each owner its changes since its last exchange and gets the owner's values
/// back in the same atomic `MPI_Get_accumulate` (sum; the values from before the add
/// come back, so the rank's new copy is those plus its own changes). The window is
/// opened once for passive-target access by every rank (`MPI_Win_lock_all`): an
/// exchange waits for no other rank, only for its own operations to complete
/// (`MPI_Win_flush`). Other ranks' changes reach a rank at its next exchange —
/// stale by at most the rounds they made since, as HOGWILD!'s reads are stale by the
/// updates in flight.
///
/// Before an evaluation (``settle(_:)``) the ranks meet once: a barrier (every rank's
/// changes have arrived) and a read of every slice, so every rank evaluates, and
/// checkpoints, the job's values.
///
/// ## Concurrency contract
/// Called by the trainer's thread only, between rounds (workers idle).
final class AsyncDeltaExchange: ParameterExchange, @unchecked Sendable {
    let cluster: Cluster
    let settings: ExchangeSettings
    var accounting: ExchangeAccounting
    /// The copy as of this rank's last exchange: changes since are `current − base`.
    var base: [Float] = []
    var current: [Float] = []
    var delta: [Float] = []
    var window: UnsafeMutableRawPointer?
    var owned: UnsafeMutablePointer<Float>?

    init(cluster: Cluster, settings: ExchangeSettings) {
        self.cluster = cluster
        self.settings = settings
        accounting = ExchangeAccounting(cluster: cluster, method: .asyncDeltas)
    }

    /// Summed changes leave a constraint set (see ``ParameterExchange/keepsProjectionsFeasible``).
    var keepsProjectionsFeasible: Bool { cluster.size == 1 }

    /// The workers name what they touch, so no sparse exchange scans the vector (the
    /// record also gives the staleness the workload tolerates, which sets the automatic
    /// interval of dense deltas too).
    var recordsTouchedKeys: Bool { cluster.size > 1 }

    /// Owner `rank`'s slice of a vector of `count` floats.
    func slice(of rank: Int, count: Int) -> Range<Int> {
        (count * rank / cluster.size)..<(count * (rank + 1) / cluster.size)
    }

    /// The automatic interval (``ExchangeInterval``), when `--exchange-every` is not given:
    /// held to the staleness the workload tolerates (set at ``begin(_:)``).
    var interval = ExchangeInterval(ceiling: 1)

    func roundsPerEpoch(terms: Int, workers: Int) throws(TrainingError) -> Int {
        // Ranks need not agree: nothing here is collective. One rank has no one to exchange with.
        guard cluster.size > 1 else { return 1 }
        return settings.every != nil ? settings.rounds(terms: terms) : interval.rounds(terms: terms)
    }

    func begin(_ buffers: ExchangedBuffers) throws(TrainingError) {
        let count = buffers.count
        interval = ExchangeInterval(
            ceiling: ExchangeInterval.asyncCeiling(
                tolerated: buffers.touched?.toleratedStaleTerms ?? 1, ranks: cluster.size))
        try accounting.run { () throws(DistributedError) in
            var scratch: [Float] = []
            try broadcastFromRoot(buffers, cluster: cluster, scratch: &scratch)
            base = [Float](repeating: 0, count: count)
            current = base
            delta = base
            gather(buffers, into: &base)
            let mine = slice(of: cluster.rank, count: count)
            var memory: UnsafeMutablePointer<Float>?
            var handle: UnsafeMutableRawPointer?
            try cluster.watchdog.guarding("MPI_Win_allocate") { () throws(DistributedError) in
                try cluster.check(hogwild_mpi_window_create(mine.count, &memory, &handle), "MPI_Win_allocate")
            }
            window = handle
            owned = memory
            if let memory {
                for (k, i) in mine.enumerated() { memory[k] = base[i] }
            }
            // No rank adds to a slice before its owner has filled it.
            try cluster.barrier()
        }
        accounting.restart()
    }

    /// Copies the segments into one vector.
    func gather(_ buffers: ExchangedBuffers, into vector: inout [Float]) {
        vector.withUnsafeMutableBufferPointer { out in
            var offset = 0
            for segment in buffers.segments {
                segment.copy(into: UnsafeMutableBufferPointer(rebasing: out[offset..<(offset + segment.count)]))
                offset += segment.count
            }
        }
    }

    /// Copies one vector into the segments.
    func scatter(_ vector: [Float], into buffers: ExchangedBuffers) {
        vector.withUnsafeBufferPointer { source in
            var offset = 0
            for segment in buffers.segments {
                segment.copy(from: UnsafeBufferPointer(rebasing: source[offset..<(offset + segment.count)]))
                offset += segment.count
            }
        }
    }

    func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) throws(TrainingError) {
        guard cluster.size > 1 else { return }
        let count = buffers.count
        var predicted = 0
        try accounting.run { () throws(DistributedError) in
            if settings.sparse, let touched = buffers.touched, sharesCoordinates(buffers),
                touched.drainRanges(into: &touchedRanges)
            {
                predicted = try touchedExchange(buffers, ranges: touchedRanges)
            } else if settings.sparse {
                gather(buffers, into: &current)
                predicted = try sparseExchange(buffers, count: count)
            } else {
                gather(buffers, into: &current)
                for i in 0..<count { delta[i] = current[i] - base[i] }
                try fetchAndAdd(0..<count, adding: true)
                try flushAll()
                // base now holds the owners' values from before this rank's add.
                for i in 0..<count { base[i] += delta[i] }
                scatter(base, into: buffers)
                predicted = ExchangeCost.bytesPerRank(floats: count, ranks: cluster.size)
            }
        }
        accounting.exchanged(predictedBytes: predicted)
    }

    /// Coordinates no further apart than this join one run (one MPI operation).
    static let runGap = 16
    /// Each sparse exchange also refreshes up to this fraction of the vector (a rotating
    /// window, no more than twice the changed floats), so that a coordinate this rank
    /// reads but rarely changes is refreshed every so many exchanges.
    static let refreshFraction = 64
    var runs: [Range<Int>] = []
    var refreshCursor = 0
    var fresh: [Float] = []
    /// The touched path's scratch (see AsyncDeltaExchange+Touched.swift).
    var touchedRanges: [Range<Int>] = []
    var packing = RunPacking()

    /// Pushes only the runs of changed coordinates (and fetches their values), then
    /// reads a rotating window of the rest. Returns the bytes the cost model predicts.
    func sparseExchange(_ buffers: ExchangedBuffers, count: Int) throws(DistributedError) -> Int {
        runs.removeAll(keepingCapacity: true)
        var changed = 0
        current.withUnsafeBufferPointer { now in
            base.withUnsafeBufferPointer { was in
                delta.withUnsafeMutableBufferPointer { d in
                    var i = 0
                    while i < count {
                        guard now[i] != was[i] else {
                            i += 1
                            continue
                        }
                        var end = i + 1, j = i + 1
                        while j < count, j - end <= Self.runGap {
                            if now[j] != was[j] { end = j + 1 }
                            j += 1
                        }
                        for k in i..<end { d[k] = now[k] - was[k] }
                        runs.append(i..<end)
                        changed += end - i
                        i = end
                    }
                }
            }
        }
        for run in runs { try fetchAndAdd(run, adding: true) }
        try flushAll()
        for run in runs {
            for k in run { base[k] += delta[k] }
            store(run, from: base, into: buffers)
        }
        // The refresh window: every value there is the job's after this rank's add.
        // At most twice what changed (so that refreshing never dominates an exchange of a
        // large model), at least 1,024 floats.
        let window = max(min(count, 1024), min(count / Self.refreshFraction, 2 * changed))
        let lower = refreshCursor % count, upper = min(count, lower + window)
        refreshCursor = upper == count ? 0 : upper
        if fresh.count < count { fresh = [Float](repeating: 0, count: count) }
        try fetch(lower..<upper, into: &fresh)
        try flushAll()
        for k in lower..<upper { base[k] = fresh[k] }
        store(lower..<upper, from: base, into: buffers)
        return ExchangeCost.sparseBytesPerRank(changed: changed, refreshed: upper - lower, ranks: cluster.size)
    }

    /// Writes `vector[range]` into the segments that hold that range.
    func store(_ range: Range<Int>, from vector: [Float], into buffers: ExchangedBuffers) {
        vector.withUnsafeBufferPointer { source in
            var offset = 0
            for segment in buffers.segments {
                let lower = max(range.lowerBound, offset), upper = min(range.upperBound, offset + segment.count)
                if lower < upper { segment.store(source.baseAddress! + lower, to: (lower - offset)..<(upper - offset)) }
                offset += segment.count
            }
        }
    }

    /// `MPI_Get_accumulate` of `range` (split among its owners): with `adding`, adds
    /// `delta[range]` and returns the values from before into `base[range]`; without,
    /// only reads them into `base[range]`. Complete after ``flushAll()``.
    func fetchAndAdd(_ range: Range<Int>, adding: Bool) throws(DistributedError) {
        let count = base.count
        try delta.withUnsafeBufferPointer { (deltas) throws(DistributedError) in
            try base.withUnsafeMutableBufferPointer { (before) throws(DistributedError) in
                try issue(range, count: count, origin: adding ? deltas.baseAddress! : nil, result: before.baseAddress!)
            }
        }
        let others = range.count - slice(of: cluster.rank, count: base.count).clamped(to: range).count
        cluster.payloadBytes.add((adding ? 2 : 1) * others * 4, ordering: .relaxed)
    }

    /// Reads `range` of the job's values into `vector[range]`. Complete after ``flushAll()``.
    func fetch(_ range: Range<Int>, into vector: inout [Float]) throws(DistributedError) {
        let count = base.count
        try vector.withUnsafeMutableBufferPointer { (out) throws(DistributedError) in
            try issue(range, count: count, origin: nil, result: out.baseAddress!)
        }
        let others = range.count - slice(of: cluster.rank, count: base.count).clamped(to: range).count
        cluster.payloadBytes.add(others * 4, ordering: .relaxed)
    }

    /// One operation per owner the range spans (and per chunk of 2²⁶ floats).
    func issue(
        _ range: Range<Int>, count: Int, origin: UnsafePointer<Float>?,
        result: UnsafeMutablePointer<Float>
    ) throws(DistributedError) {
        guard let window else { return }
        try cluster.watchdog.guarding("MPI_Get_accumulate") { () throws(DistributedError) in
            var owner = min(cluster.size - 1, range.lowerBound * cluster.size / max(1, count))
            while owner > 0, slice(of: owner, count: count).lowerBound > range.lowerBound { owner -= 1 }
            var position = range.lowerBound
            while position < range.upperBound {
                while slice(of: owner, count: count).upperBound <= position { owner += 1 }
                let owned = slice(of: owner, count: count)
                let end = min(range.upperBound, owned.upperBound, position + Cluster.chunk)
                try cluster.check(
                    hogwild_mpi_fetch_and_add(
                        origin.map { $0 + position }, result + position,
                        Int32(end - position), Int32(owner), position - owned.lowerBound,
                        window), "MPI_Get_accumulate")
                position = end
            }
        }
    }

    /// Completes every operation this rank started, at every owner.
    func flushAll() throws(DistributedError) {
        guard let window else { return }
        try cluster.watchdog.guarding("MPI_Win_flush") { () throws(DistributedError) in
            for step in 1...cluster.size {
                try cluster.check(
                    hogwild_mpi_flush(Int32((cluster.rank + step) % cluster.size), window), "MPI_Win_flush")
            }
        }
    }

    func settle(_ buffers: ExchangedBuffers) throws(TrainingError) {
        guard cluster.size > 1 else { return }
        let count = buffers.count
        try accounting.run { () throws(DistributedError) in
            // Push what the last round left, wait until every rank has, read the job's values.
            gather(buffers, into: &current)
            for i in 0..<count { delta[i] = current[i] - base[i] }
            try fetchAndAdd(0..<count, adding: true)
            try flushAll()
            try cluster.barrier()
            try fetchAndAdd(0..<count, adding: false)
            try flushAll()
            scatter(base, into: buffers)
        }
        accounting.exchanged(predictedBytes: ExchangeCost.bytesPerRank(floats: count, ranks: cluster.size))
        accounting.settled(floats: count)
    }

    func agreeToStop(_ requested: Bool) throws(TrainingError) -> Bool {
        try anyRankAsksToStop(requested, cluster: cluster)
    }

    func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) throws(TrainingError) -> Double {
        try combineObjective(local, terms: terms, aggregate: aggregate, cluster: cluster)
    }

    func annotate(_ report: inout EpochReport) throws(TrainingError) {
        try accounting.annotate(&report, interval: &interval)
    }

    func end(_ buffers: ExchangedBuffers) throws(TrainingError) {
        guard window != nil else { return }
        try accounting.run { () throws(DistributedError) in
            try cluster.watchdog.guarding("MPI_Win_free") { () throws(DistributedError) in
                try cluster.check(hogwild_mpi_window_free(&window), "MPI_Win_free")
            }
        }
        window = nil
    }
}

extension Cluster {
    /// The exchange `settings` ask for, for this job.
    public func makeExchange(_ settings: ExchangeSettings) -> any ParameterExchange {
        switch settings.method {
        case .averaging: return AveragingExchange(cluster: self, settings: settings)
        case .asyncDeltas: return AsyncDeltaExchange(cluster: self, settings: settings)
        }
    }
}
