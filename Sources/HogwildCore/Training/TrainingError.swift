/// What was wrong with a training request (thrown before any worker starts), or a run
/// that diverged (thrown in the epoch it did).
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The thread count is below 1.
    case invalidThreadCount(Int)
    /// The epoch count is below 1.
    case invalidEpochCount(Int)
    /// A numeric setting (step size, decay, delay …) is out of range or not finite.
    case invalidParameter(name: String, value: Double, expected: String)
    /// The parameter buffer does not have one coordinate per dimension of the objective.
    case dimensionMismatch(objective: Int, parameters: Int)
    /// The objective has no terms to train on.
    case noTerms
    /// More terms than an epoch permutation can index.
    case tooManyTerms(Int, limit: Int)
    /// A scheme name that is not in ``SchemeCatalog``.
    case unknownScheme(String)
    /// A scheme that cannot train this objective.
    case schemeUnsupported(scheme: String, reason: String)
    /// An optimizer name that is not in ``OptimizerCatalog``.
    case unknownOptimizer(String)
    /// Optimizer state handed to a run does not fit its optimizer or parameters.
    case stateMismatch(String)
    /// ``EpochObjective/trainingLoss`` was asked of an objective that records no losses.
    case trainingLossNotRecorded
    /// The run diverged (see ``DivergenceGuard``); `partial` reports the epochs before it.
    case diverged(Divergence, partial: TrainingReport)
    /// A ``ParameterExchange`` failed (a distributed job's peer died or cannot be reached).
    case exchangeFailed(String)
    /// The objective projects its steps onto a constraint set, and the run's
    /// ``ParameterExchange`` adds the copies' changes, which would leave that set.
    case projectionsNotFeasibleUnderExchange
    /// ``StepCalibration`` found no candidate step that lowers the sample's objective.
    case noCalibratedStep(smallest: Float, largest: Float)

    public var description: String {
        switch self {
        case .noCalibratedStep(let smallest, let largest):
            return
                "no step from \(smallest) to \(largest) lowered the objective in one epoch on a sample of the data; "
                + "the data may be badly scaled (give a step by hand)"
        case .invalidThreadCount(let n):
            return "thread count must be at least 1, got \(n)"
        case .invalidEpochCount(let n):
            return "epoch count must be at least 1, got \(n)"
        case .invalidParameter(let name, let value, let expected):
            return "\(name) must be \(expected), got \(value)"
        case .dimensionMismatch(let objective, let parameters):
            return
                "the objective has \(objective) coordinates but the parameter buffer has \(parameters); make the "
                + "buffer with count: objective.dimension"
        case .noTerms:
            return "the objective has no terms (an empty dataset?)"
        case .tooManyTerms(let n, let limit):
            return "\(n) terms exceed the \(limit) an epoch permutation can index; use sampling .withReplacement"
        case .unknownScheme(let name):
            return
                "unknown scheme '\(name)'; expected one of "
                + "\(SchemeKind.allCases.map(\.rawValue).joined(separator: ", ")) (also aig, rr, lock, hot, atomic)"
        case .schemeUnsupported(let scheme, let reason):
            return "scheme \(scheme) cannot train this objective: \(reason)"
        case .unknownOptimizer(let name):
            return "unknown optimizer '\(name)'; expected one of \(OptimizerCatalog.names.joined(separator: ", "))"
        case .stateMismatch(let why):
            return why
        case .trainingLossNotRecorded:
            return "this objective does not record its training losses; report the evaluated objective instead"
        case .diverged(let divergence, _):
            return divergence.description + "; try a smaller step size, or let the divergence guard back off"
        case .exchangeFailed(let why):
            return why
        case .projectionsNotFeasibleUnderExchange:
            return
                "this objective projects its steps onto a constraint set (a cut's simplex, an L1 penalty's clipping "
                + "at zero), and this exchange adds the copies' changes (asynchronous deltas), which leaves that "
                + "set and diverges; average the copies instead"
        }
    }
}
