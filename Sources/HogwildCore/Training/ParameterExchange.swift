/// How the trainer's copy of the parameters meets other copies: the seam a
/// distributed run (HOGWILD! inside a process, MPI between processes) plugs into.
///
/// The trainer cuts each epoch into ``roundsPerEpoch(terms:workers:)`` rounds (every
/// worker runs the same slice of its share in each) and, between rounds, while the
/// workers wait, calls ``exchange(_:epoch:round:)``: average with the other copies,
/// or push this copy's changes and pull theirs. Before it evaluates the objective it
/// calls ``settle(_:)`` so that every copy holds the same values, and it turns its
/// copy's objective into the job's with ``combine(objective:terms:aggregate:)``.
/// Every call is made on the trainer's thread, in the same order on every copy; a
/// failure (a peer that died, a network that broke) is a thrown ``TrainingError``.
///
/// ```swift
/// let report = try trainer.run(on: x, hooks: RunHooks(exchange: averaging)) { print($0.objective ?? .nan) }
/// ```
public protocol ParameterExchange: AnyObject, Sendable {
    /// What every step size is multiplied by (1 by default): averaging P copies
    /// divides each one's progress by P, which the linear scaling rule makes up for.
    var stepMultiplier: Float { get }
    /// Whether combining copies keeps a constrained objective's values feasible (true
    /// by default). An average of points of a convex set (the simplex of a cut's node,
    /// the L1 model's clipped coordinates) stays in it; a sum of the copies' changes
    /// does not — each copy projects a coordinate back from the same value, and P
    /// such corrections added overshoot (P − 1)-fold, growing every round. The trainer
    /// refuses an objective that projects its steps (``Objective/projectsSteps``) with
    /// an exchange that says false.
    var keepsProjectionsFeasible: Bool { get }
    /// Rounds each epoch is cut into (≥ 1): the exchange runs after each.
    func roundsPerEpoch(terms: Int, workers: Int) throws(TrainingError) -> Int
    /// Before the first epoch (and after a resume): make every copy start from the same
    /// values (the first copy's, say).
    func begin(_ buffers: ExchangedBuffers) throws(TrainingError)
    /// After round `round` (from 0) of epoch `epoch` (from 0).
    func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) throws(TrainingError)
    /// Before the objective is evaluated: every copy to the same values.
    func settle(_ buffers: ExchangedBuffers) throws(TrainingError)
    /// The job's objective from this copy's `local` value over its `terms` terms.
    func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) throws(TrainingError) -> Double
    /// The epoch's report for the whole job: every copy's updates and samples, what the
    /// exchanges moved. Called after every epoch, on every copy.
    func annotate(_ report: inout EpochReport) throws(TrainingError)
    /// After the last epoch (or a stop): release what the run held.
    func end(_ buffers: ExchangedBuffers) throws(TrainingError)
}

extension ParameterExchange {
    public var stepMultiplier: Float { 1 }
    public var keepsProjectionsFeasible: Bool { true }
}

/// The memory an exchange combines: the parameters and, when the optimizer's state is
/// shared by the workers, its buffers (each as long as the parameters). Per-worker
/// state stays with its worker, as it does inside a process.
public struct ExchangedBuffers: @unchecked Sendable {
    /// Parameters first, then the shared optimizer state's buffers.
    public let segments: [UnsafeParameterMemory]

    public init(segments: [UnsafeParameterMemory]) {
        self.segments = segments
    }

    /// Floats in all segments together.
    public var count: Int { segments.reduce(0) { $0 + $1.count } }

    @usableFromInline
    init(memory: UnsafeParameterMemory, state: OptimizerState) {
        var segments = [memory]
        if state.placement == .shared { segments += state.buffers(of: 0).map(\.memory) }
        self.segments = segments
    }
}

/// How copies' objective values make the job's: a mean over terms (weighted by each
/// copy's terms) or a sum (the graph cut's total).
public enum EvaluationAggregate: Sendable, Hashable {
    case meanOverTerms
    case sumOverTerms
}

/// What one epoch's exchanges did, for the whole job.
public struct ExchangeReport: Sendable, Equatable, Codable {
    /// `averaging` or `async-deltas`.
    public var method: String
    public var ranks: Int
    /// Exchanges per epoch (the most any rank made).
    public var rounds: Int
    /// Bytes every rank together handed to the transport this epoch (payload: what the
    /// method sends, counted where it sends it).
    public var bytesSent: Int
    /// What the method's cost model predicts the network carries for it (all ranks).
    public var bytesPredicted: Int
    /// The longest any rank spent in exchanges this epoch, seconds.
    public var seconds: Double
    /// Each rank's samples per second this epoch, rank 0 first.
    public var rankSamplesPerSecond: [Double]

    public init(
        method: String, ranks: Int, rounds: Int, bytesSent: Int, bytesPredicted: Int, seconds: Double,
        rankSamplesPerSecond: [Double]
    ) {
        self.method = method
        self.ranks = ranks
        self.rounds = rounds
        self.bytesSent = bytesSent
        self.bytesPredicted = bytesPredicted
        self.seconds = seconds
        self.rankSamplesPerSecond = rankSamplesPerSecond
    }
}
