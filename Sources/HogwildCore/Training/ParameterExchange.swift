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
    /// What every step size is multiplied by after `progress` epochs (fractional: a
    /// round's start; 1 by default): averaging P copies divides each one's progress by
    /// P, which the linear scaling rule makes up for.
    func stepMultiplier(epochs progress: Double) -> Float
    /// Whether combining copies keeps a constrained objective's values feasible (true
    /// by default). An average of points of a convex set (the simplex of a cut's node,
    /// the L1 model's clipped coordinates) stays in it; a sum of the copies' changes
    /// does not — each copy projects a coordinate back from the same value, and P
    /// such corrections added overshoot (P − 1)-fold, growing every round. The trainer
    /// refuses an objective that projects its steps (``Objective/projectsSteps``) with
    /// an exchange that says false.
    var keepsProjectionsFeasible: Bool { get }
    /// Whether the workers should record the conflict keys their steps touch
    /// (``ExchangedBuffers/touched``), so that an exchange moves only what changed
    /// (false by default; recording costs a bit test per key in the workers' loop).
    var recordsTouchedKeys: Bool { get }
    /// Rounds the next epoch is cut into (≥ 1): the exchange runs after each. Asked at
    /// the start of every epoch, so an exchange may adapt its interval to what it
    /// measured.
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
    /// Between epochs: whether the job stops now, given whether this copy was asked to
    /// (`requested`). Copies must agree, so that all stop after the same epoch and one
    /// checkpoint describes them; one process returns `requested`.
    func agreeToStop(_ requested: Bool) throws(TrainingError) -> Bool
    /// After the last epoch (or a stop): release what the run held.
    func end(_ buffers: ExchangedBuffers) throws(TrainingError)
}

extension ParameterExchange {
    public func stepMultiplier(epochs progress: Double) -> Float { 1 }
    public var keepsProjectionsFeasible: Bool { true }
    public var recordsTouchedKeys: Bool { false }
    public func agreeToStop(_ requested: Bool) throws(TrainingError) -> Bool { requested }
}

/// The memory an exchange combines: the parameters and, when the optimizer's state is
/// shared by the workers, its buffers (each as long as the parameters). Per-worker
/// state stays with its worker, as it does inside a process.
public struct ExchangedBuffers: @unchecked Sendable {
    /// Parameters first, then the shared optimizer state's buffers.
    public let segments: [UnsafeParameterMemory]
    /// What the steps touched since the last exchange, when the exchange asked for it
    /// (``ParameterExchange/recordsTouchedKeys``) and the objective names conflict keys:
    /// the parameters' coordinates, which every optimizer-state segment shares.
    public let touched: TouchedKeys?
    /// Whether the objective projects its steps (``Objective/projectsSteps``): a
    /// combination of the copies must then stay a convex one to keep them feasible.
    public let projectsSteps: Bool

    public init(segments: [UnsafeParameterMemory], touched: TouchedKeys? = nil, projectsSteps: Bool = false) {
        self.segments = segments
        self.touched = touched
        self.projectsSteps = projectsSteps
    }

    /// Floats in all segments together.
    public var count: Int { segments.reduce(0) { $0 + $1.count } }

    @usableFromInline
    init(memory: UnsafeParameterMemory, state: OptimizerState, touched: TouchedKeys? = nil, projectsSteps: Bool = false)
    {
        var segments = [memory]
        if state.placement == .shared { segments += state.buffers(of: 0).map(\.memory) }
        self.segments = segments
        self.touched = touched
        self.projectsSteps = projectsSteps
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
    /// Each rank's peak resident memory so far, bytes, rank 0 first (nil in reports
    /// written before it was kept).
    public var rankPeakResidentBytes: [Int]?

    public init(
        method: String, ranks: Int, rounds: Int, bytesSent: Int, bytesPredicted: Int, seconds: Double,
        rankSamplesPerSecond: [Double], rankPeakResidentBytes: [Int]? = nil
    ) {
        self.rankPeakResidentBytes = rankPeakResidentBytes
        self.method = method
        self.ranks = ranks
        self.rounds = rounds
        self.bytesSent = bytesSent
        self.bytesPredicted = bytesPredicted
        self.seconds = seconds
        self.rankSamplesPerSecond = rankSamplesPerSecond
    }
}
