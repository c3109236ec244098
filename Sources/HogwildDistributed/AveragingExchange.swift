import CHogwildMPI
import HogwildCore
import HogwildSupport

/// Local SGD: after every round the ranks average their parameters (and the shared
/// optimizer state) with `MPI_Allreduce`, so every rank leaves the round with the same
/// values. Deterministic for one worker thread per rank.
///
/// How the average makes up for the ranks is ``ExchangeSettings/stepRule``. Under the
/// automatic rule an objective that names conflict keys has its workers record the keys
/// they touch (``TouchedKeys``); each round the ranks sum, besides their changes since
/// the last combination, a count per key of the ranks that touched it, and each
/// coordinate moves by its changes weighted between their sum (a key met about once a
/// round) and their average over the ranks that touched it (a key updated many times a
/// round; see ``combineChanges(_:weightOfSum:)``). The plain average divides a change
/// only one rank made by P, which the linear scaling rule made up for by multiplying
/// every step by P — past the stable step on matrix completion at 4 ranks (one process
/// diverges at 4 × its default step). Dense objectives keep that rule, warmed up.
///
/// ## Concurrency contract
/// Called by the trainer's thread only, between rounds (workers idle).
final class AveragingExchange: ParameterExchange, @unchecked Sendable {
    let cluster: Cluster
    let settings: ExchangeSettings
    var scratch: [Float] = []
    var accounting: ExchangeAccounting

    init(cluster: Cluster, settings: ExchangeSettings) {
        self.cluster = cluster
        self.settings = settings
        accounting = ExchangeAccounting(cluster: cluster, method: .averaging)
    }

    /// Each segment's values after the last combination (the same on every rank): a
    /// round's changes are measured from them. Kept only under the automatic rule.
    var bases: [[Float]] = []
    /// The key of every parameter coordinate (UInt32.max: none), and the per-key counts.
    var keyOfCoordinate: [UInt32] = []
    var keyCounts: [Float] = []
    /// Each key's terms in the whole job (the ranks' degrees summed).
    var keyDegrees: [Float] = []
    var touchedKeys: [UInt32] = []
    /// Whether the objective projects its steps: then the combination stays an average.
    var projects = false
    /// Rounds of the current epoch (for the warm-up's progress).
    var roundsThisEpoch = 1
    /// The warm-up from the average to the sum of the changes, in epochs.
    static let warmUpEpochs = 1.0

    /// Under the automatic rule the workers record their keys (the ranks count them).
    var recordsTouchedKeys: Bool { cluster.size > 1 && settings.stepRule == .automatic }

    func stepMultiplier(epochs progress: Double) -> Float {
        let ranks = Double(cluster.size)
        switch settings.stepRule {
        case .none: return 1
        case .linear: return Float(ranks)
        case .automatic:
            // Keyed coordinates are made up for by their weights; a network's (no keys:
            // every coordinate every rank's) by the linear scaling rule, warmed up from 1×
            // to P× over the first epoch (Goyal et al.).
            if keyed || ranks == 1 { return 1 }
            return Float(min(ranks, 1 + (ranks - 1) * progress / Self.warmUpEpochs))
        }
    }
    /// Whether the objective names conflict keys (set at ``begin(_:)``).
    var keyed = false

    /// The automatic interval (``ExchangeInterval``), when `--exchange-every` is not given:
    /// at least 32·P rounds an epoch (copies that train apart for longer drift further
    /// apart, and more so the more ranks: averaging once an epoch ended 7% above one
    /// process on the text set at 8 ranks, matrix completion at 8 ranks +52% with 33
    /// rounds, +4.8% with 129), at most 10,000 updates, fewer while exchanges are cheap.
    var interval: ExchangeInterval?

    func roundsPerEpoch(terms: Int, workers: Int) throws(TrainingError) -> Int {
        // Every rank must make the same number of all-reduces: the most any rank wants.
        guard cluster.size > 1 else { return 1 }
        if interval == nil {
            interval = ExchangeInterval(ceiling: ExchangeInterval.averagingCeiling(terms: terms, ranks: cluster.size))
        }
        let mine = settings.every != nil ? settings.rounds(terms: terms) : interval!.rounds(terms: terms)
        do { roundsThisEpoch = Int(try cluster.maximum(Double(mine))) } catch { throw .exchangeFailed("\(error)") }
        return roundsThisEpoch
    }

    func begin(_ buffers: ExchangedBuffers) throws(TrainingError) {
        try accounting.run { () throws(DistributedError) in
            try broadcastFromRoot(buffers, cluster: cluster, scratch: &scratch)
        }
        projects = buffers.projectsSteps
        keyed = buffers.touched != nil
        if settings.stepRule == .automatic, cluster.size > 1 {
            bases = buffers.segments.map { segment in
                var values = [Float](repeating: 0, count: segment.count)
                values.withUnsafeMutableBufferPointer { segment.copy(into: $0) }
                return values
            }
            keyOfCoordinate = []
            keyCounts = []
            if let touched = buffers.touched {
                keyOfCoordinate = [UInt32](repeating: .max, count: buffers.segments[0].count)
                for key in 0..<touched.keyCount {
                    touched.forEachCoordinate(ofKey: key) { range in
                        for j in range { keyOfCoordinate[j] = UInt32(key) }
                    }
                }
                keyCounts = [Float](repeating: 0, count: touched.keyCount)
                keyDegrees = touched.degrees.count == touched.keyCount ? touched.degrees.map(Float.init) : []
                if !keyDegrees.isEmpty {
                    try accounting.run { () throws(DistributedError) in
                        try keyDegrees.withUnsafeMutableBufferPointer { (d) throws(DistributedError) in
                            try cluster.sum(d.baseAddress!, count: d.count)
                        }
                    }
                }
                _ = touched.drainKeys(into: &touchedKeys)  // what came before the start counts as nothing
            }
        }
        accounting.restart()
    }

    func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) throws(TrainingError) {
        guard cluster.size > 1 else { return }  // one rank: nothing to average with
        if settings.stepRule == .automatic {
            let progress = Double(epoch) + Double(round + 1) / Double(max(1, roundsThisEpoch))
            try accounting.run { () throws(DistributedError) in
                try combineChanges(buffers, weightOfSum: projects ? 0 : Float(min(1, progress / Self.warmUpEpochs)))
            }
            accounting.exchanged(
                predictedBytes: ExchangeCost.bytesPerRank(floats: buffers.count + keyCounts.count, ranks: cluster.size))
            return
        }
        let scale = 1 / Float(cluster.size)
        try accounting.run { () throws(DistributedError) in
            try throughCopies(of: buffers, scratch: &scratch) { (values) throws(DistributedError) in
                try cluster.sum(values.baseAddress!, count: values.count)
                for i in values.indices { values[i] *= scale }
            }
        }
        accounting.exchanged(predictedBytes: ExchangeCost.bytesPerRank(floats: buffers.count, ranks: cluster.size))
    }

    /// One round under the automatic rule. Each coordinate moves by its ranks' changes
    /// since the last round, weighted
    ///
    ///     w = 1/c + (1 − 1/c) · min(1, 1/m) · ω
    ///
    /// where c is the number of ranks whose steps touched its key and m the updates the
    /// whole job makes to that key in a round (its terms in the job / rounds). A key met
    /// about once a round (m ≤ 1: a user's row, a rare word) moves by the sum of the
    /// changes — what one process making those updates would have moved, to first
    /// order, undiluted by the ranks that did not touch it. A key updated many times a
    /// round (an item everyone rates, a common word) moves by the average: each of those
    /// updates was made without the others' (the staleness that made summed changes
    /// diverge on matrix completion: every 1,000 updates at 4 ranks), and the average of
    /// the copies is the safe combination. Between the two the weight falls as 1/m. ω warms up
    /// from 0 (the average over the ranks that touched it) to 1 over the first epoch;
    /// it stays 0 for an objective that projects its steps (an average keeps a
    /// constraint set). Coordinates of no key (every coordinate of a network) are every
    /// rank's, and their steps are scaled instead (``stepMultiplier(epochs:)``).
    func combineChanges(_ buffers: ExchangedBuffers, weightOfSum omega: Float) throws(DistributedError) {
        let ranks = Float(cluster.size)
        // A rank whose values were rewritten wholesale (a restored snapshot) marks every
        // key: the ranks then take the plain average, since a sum would add each rank's
        // whole rollback P times.
        var rewritten: [Double] = [0]
        if let touched = buffers.touched, !keyCounts.isEmpty {
            keyCounts.withUnsafeMutableBufferPointer { counts in
                if touched.drainKeys(into: &touchedKeys) {
                    counts.update(repeating: 0)
                    for key in touchedKeys { counts[Int(key)] = 1 }
                } else {
                    counts.update(repeating: 1)
                    rewritten[0] = 1
                }
            }
            try keyCounts.withUnsafeMutableBufferPointer { (counts) throws(DistributedError) in
                try cluster.sum(counts.baseAddress!, count: counts.count)
            }
            try cluster.sumDoubles(&rewritten)
        }
        let sumWeight = rewritten[0] > 0 ? 0 : omega
        let perKey = !keyOfCoordinate.isEmpty && rewritten[0] == 0
        let updatesPerDegree = 1 / Float(max(1, roundsThisEpoch))
        for (s, segment) in buffers.segments.enumerated() {
            let keyed = perKey && segment.count == keyOfCoordinate.count
            try throughCopies(of: ExchangedBuffers(segments: [segment]), scratch: &scratch) {
                (values) throws(DistributedError) in
                bases[s].withUnsafeBufferPointer { base in
                    for j in values.indices { values[j] -= base[j] }
                }
                try cluster.sum(values.baseAddress!, count: values.count)
                keyCounts.withUnsafeBufferPointer { counts in
                    keyDegrees.withUnsafeBufferPointer { degrees in
                        keyOfCoordinate.withUnsafeBufferPointer { keyOf in
                            bases[s].withUnsafeMutableBufferPointer { base in
                                for j in values.indices {
                                    let key = keyed ? keyOf[j] : .max
                                    var w = 1 / ranks
                                    if key != .max {
                                        let c = max(1, counts[Int(key)])
                                        let m = degrees.isEmpty ? 1 : degrees[Int(key)] * updatesPerDegree
                                        w = 1 / c + (1 - 1 / c) * min(1, 1 / max(m, 1e-6)) * sumWeight
                                    }
                                    base[j] += values[j] * w
                                    values[j] = base[j]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func settle(_ buffers: ExchangedBuffers) throws(TrainingError) {}  // the last round combined

    func agreeToStop(_ requested: Bool) throws(TrainingError) -> Bool {
        try anyRankAsksToStop(requested, cluster: cluster)
    }

    func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) throws(TrainingError) -> Double {
        try combineObjective(local, terms: terms, aggregate: aggregate, cluster: cluster)
    }

    func annotate(_ report: inout EpochReport) throws(TrainingError) {
        if interval == nil {
            interval = ExchangeInterval(
                ceiling: ExchangeInterval.averagingCeiling(terms: report.updates, ranks: cluster.size))
        }
        try accounting.annotate(&report, interval: &interval!)
    }

    func end(_ buffers: ExchangedBuffers) throws(TrainingError) {}
}

/// Every rank starts from rank 0's values (parameters drawn, or a checkpoint read,
/// the same way on every rank agree anyway; this makes it so).
func broadcastFromRoot(_ buffers: ExchangedBuffers, cluster: Cluster, scratch: inout [Float]) throws(DistributedError) {
    try agreeOnShape(buffers, cluster: cluster)
    try throughCopies(of: buffers, scratch: &scratch) { (values) throws(DistributedError) in
        try cluster.broadcast(values.baseAddress!, count: values.count)
    }
}

/// Stops the job, rather than letting MPI read past a buffer, unless every rank has
/// the same vector: as many segments and floats (ranks that built different models —
/// another data file, other settings — would otherwise corrupt each other's memory).
func agreeOnShape(_ buffers: ExchangedBuffers, cluster: Cluster) throws(DistributedError) {
    let mine = [
        Double(buffers.count), -Double(buffers.count), Double(buffers.segments.count), -Double(buffers.segments.count),
    ]
    var extremes = mine
    try cluster.watchdog.guarding("MPI_Allreduce") { () throws(DistributedError) in
        try cluster.check(hogwild_mpi_allreduce_max_double(&extremes, Int32(extremes.count)), "MPI_Allreduce")
    }
    guard extremes == mine else {
        throw .unsupported(
            "the ranks built different models: this rank has \(buffers.count) parameters in "
                + "\(buffers.segments.count) buffer(s); across the ranks, \(Int(-extremes[1]))–\(Int(extremes[0])) "
                + "parameters in \(Int(-extremes[3]))–\(Int(extremes[2])) buffer(s). Every rank must build the "
                + "same model: the same data files, workload and settings"
        )
    }
}

/// Runs `body` on a plain copy of each segment (MPI reads and writes ordinary memory,
/// not the atomics the workers use) and stores the copy back.
func throughCopies(
    of buffers: ExchangedBuffers, scratch: inout [Float],
    _ body: (UnsafeMutableBufferPointer<Float>) throws(DistributedError) -> Void
) throws(DistributedError) {
    for segment in buffers.segments {
        if scratch.count < segment.count { scratch = [Float](repeating: 0, count: segment.count) }
        try scratch.withUnsafeMutableBufferPointer { (buffer) throws(DistributedError) in
            let values = UnsafeMutableBufferPointer(rebasing: buffer[0..<segment.count])
            segment.copy(into: values)
            try body(values)
            segment.copy(from: UnsafeBufferPointer(values))
        }
    }
}

/// Whether any rank was asked to stop: then all stop after this epoch.
func anyRankAsksToStop(_ requested: Bool, cluster: Cluster) throws(TrainingError) -> Bool {
    do { return try cluster.maximum(requested ? 1 : 0) > 0 } catch { throw .exchangeFailed("\(error)") }
}

/// The job's objective: ranks' means weighted by their terms, or their sums.
func combineObjective(
    _ local: Double, terms: Int, aggregate: EvaluationAggregate,
    cluster: Cluster
) throws(TrainingError) -> Double {
    var values = aggregate == .meanOverTerms ? [local * Double(terms), Double(terms)] : [local, 1]
    do { try cluster.sumDoubles(&values) } catch { throw .exchangeFailed("\(error)") }
    return aggregate == .meanOverTerms ? values[0] / values[1] : values[0]
}

/// Counts an epoch's exchanges (time, payload, predicted network bytes) and turns
/// every rank's counts into the epoch's ``ExchangeReport``.
struct ExchangeAccounting {
    let cluster: Cluster
    let method: ExchangeMethod
    var seconds = 0.0
    var rounds = 0
    var predicted = 0
    var payloadAtStart: Int
    /// The last ``run(_:)``'s seconds, and the rounds' share of ``seconds`` (settling before
    /// an evaluation is off the epoch's clock).
    var lastRunSeconds = 0.0
    var roundSeconds = 0.0

    init(cluster: Cluster, method: ExchangeMethod) {
        self.cluster = cluster
        self.method = method
        payloadAtStart = cluster.payloadBytes.load(ordering: .relaxed)
    }

    /// Times `body` as exchange time; a failure becomes the trainer's error.
    mutating func run(_ body: () throws(DistributedError) -> Void) throws(TrainingError) {
        let start = MonotonicClock.nanoseconds()
        defer {
            lastRunSeconds = MonotonicClock.seconds(since: start)
            seconds += lastRunSeconds
        }
        do { try body() } catch { throw .exchangeFailed(error.description) }
    }

    /// Forgets what was counted so far (the start-up broadcast is not an epoch's).
    mutating func restart() {
        payloadAtStart = cluster.payloadBytes.load(ordering: .relaxed)
        seconds = 0
        roundSeconds = 0
    }

    /// One exchange that the cost model says puts `bytes` on the network from this rank.
    mutating func exchanged(predictedBytes bytes: Int) {
        rounds += 1
        predicted += bytes
        roundSeconds += lastRunSeconds
    }

    mutating func settled(floats: Int) {
        predicted += ExchangeCost.settleBytesPerRank(floats: floats, ranks: cluster.size)
    }

    /// Sums every rank's updates and samples into the report and attaches the exchanges;
    /// `interval` learns what this rank's rounds cost against its training.
    mutating func annotate(_ report: inout EpochReport, interval: inout ExchangeInterval) throws(TrainingError) {
        interval.measured(
            exchangeSeconds: roundSeconds, exchanges: rounds, trainingSeconds: report.seconds - roundSeconds,
            updates: report.updates)
        let payload = cluster.payloadBytes.load(ordering: .relaxed)
        let mine = [
            Double(report.updates), Double(report.samples), report.seconds, seconds, Double(payload - payloadAtStart),
            Double(predicted), Double(rounds), Double(PeakMemory.residentBytes()),
        ]
        let all: [[Double]]
        do { all = try cluster.gather(mine) } catch { throw .exchangeFailed(error.description) }
        report.updates = Int(all.reduce(0) { $0 + $1[0] })
        report.samples = Int(all.reduce(0) { $0 + $1[1] })
        report.exchange = ExchangeReport(
            method: method.rawValue, ranks: cluster.size, rounds: Int(all.map { $0[6] }.max() ?? 0),
            bytesSent: Int(all.reduce(0) { $0 + $1[4] }), bytesPredicted: Int(all.reduce(0) { $0 + $1[5] }),
            seconds: all.map { $0[3] }.max() ?? 0,
            rankSamplesPerSecond: all.map { $0[2] > 0 ? $0[1] / $0[2] : 0 },
            rankPeakResidentBytes: all.map { Int($0[7]) })
        seconds = 0
        roundSeconds = 0
        rounds = 0
        predicted = 0
        payloadAtStart = payload
    }
}
