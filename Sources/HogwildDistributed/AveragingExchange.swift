import CHogwildMPI
import HogwildCore
import HogwildSupport

/// Local SGD: after every round the ranks average their parameters (and the shared
/// optimizer state) with `MPI_Allreduce`, so every rank leaves the round with the same
/// values. Deterministic for one worker thread per rank.
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

    var stepMultiplier: Float { settings.scalesStep ? Float(cluster.size) : 1 }

    func roundsPerEpoch(terms: Int, workers: Int) throws(TrainingError) -> Int {
        // Every rank must make the same number of all-reduces: the largest part decides.
        guard cluster.size > 1 else { return 1 }
        do { return settings.rounds(terms: Int(try cluster.maximum(Double(terms)))) } catch {
            throw .exchangeFailed("\(error)")
        }
    }

    func begin(_ buffers: ExchangedBuffers) throws(TrainingError) {
        try accounting.run { () throws(DistributedError) in
            try broadcastFromRoot(buffers, cluster: cluster, scratch: &scratch)
        }
        accounting.restart()
    }

    func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) throws(TrainingError) {
        guard cluster.size > 1 else { return }  // one rank: nothing to average with
        let scale = 1 / Float(cluster.size)
        try accounting.run { () throws(DistributedError) in
            try throughCopies(of: buffers, scratch: &scratch) { (values) throws(DistributedError) in
                try cluster.sum(values.baseAddress!, count: values.count)
                for i in values.indices { values[i] *= scale }
            }
        }
        accounting.exchanged(predictedBytes: ExchangeCost.bytesPerRank(floats: buffers.count, ranks: cluster.size))
    }

    func settle(_ buffers: ExchangedBuffers) throws(TrainingError) {}  // the last round averaged

    func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) throws(TrainingError) -> Double {
        try combineObjective(local, terms: terms, aggregate: aggregate, cluster: cluster)
    }

    func annotate(_ report: inout EpochReport) throws(TrainingError) {
        try accounting.annotate(&report)
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

    init(cluster: Cluster, method: ExchangeMethod) {
        self.cluster = cluster
        self.method = method
        payloadAtStart = cluster.payloadBytes.load(ordering: .relaxed)
    }

    /// Times `body` as exchange time; a failure becomes the trainer's error.
    mutating func run(_ body: () throws(DistributedError) -> Void) throws(TrainingError) {
        let start = MonotonicClock.nanoseconds()
        defer { seconds += MonotonicClock.seconds(since: start) }
        do { try body() } catch { throw .exchangeFailed(error.description) }
    }

    /// Forgets what was counted so far (the start-up broadcast is not an epoch's).
    mutating func restart() {
        payloadAtStart = cluster.payloadBytes.load(ordering: .relaxed)
        seconds = 0
    }

    /// One exchange that the cost model says puts `bytes` on the network from this rank.
    mutating func exchanged(predictedBytes bytes: Int) {
        rounds += 1
        predicted += bytes
    }

    mutating func settled(floats: Int) {
        predicted += ExchangeCost.settleBytesPerRank(floats: floats, ranks: cluster.size)
    }

    /// Sums every rank's updates and samples into the report and attaches the exchanges.
    mutating func annotate(_ report: inout EpochReport) throws(TrainingError) {
        let payload = cluster.payloadBytes.load(ordering: .relaxed)
        let mine = [
            Double(report.updates), Double(report.samples), report.seconds, seconds, Double(payload - payloadAtStart),
            Double(predicted), Double(rounds),
        ]
        let all: [[Double]]
        do { all = try cluster.gather(mine) } catch { throw .exchangeFailed(error.description) }
        report.updates = Int(all.reduce(0) { $0 + $1[0] })
        report.samples = Int(all.reduce(0) { $0 + $1[1] })
        report.exchange = ExchangeReport(
            method: method.rawValue, ranks: cluster.size, rounds: Int(all.map { $0[6] }.max() ?? 0),
            bytesSent: Int(all.reduce(0) { $0 + $1[4] }), bytesPredicted: Int(all.reduce(0) { $0 + $1[5] }),
            seconds: all.map { $0[3] }.max() ?? 0,
            rankSamplesPerSecond: all.map { $0[2] > 0 ? $0[1] / $0[2] : 0 })
        seconds = 0
        rounds = 0
        predicted = 0
        payloadAtStart = payload
    }
}
