import HogwildSupport

/// What a worker brings to every call it makes into an objective: who it is, its own
/// random stream, how many updates it has made, and a workspace of the objective's
/// own type.
///
/// The trainer builds one context per worker before the first epoch (the workspace by
/// ``Objective/makeWorkspace()``) and hands the same one, `inout`, to every
/// ``Objective/gradient(of:at:into:context:)`` call that worker makes, so buffers made
/// once are reused for every term. Evaluation gets contexts of its own (with
/// ``isTraining`` false: dropout off).
///
/// ```swift
/// func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
///                                   context: inout WorkerContext<Buffers>) {
///     let keep = context.random.nextUnitFloat() >= 0.5     // dropout from the worker's stream
///     context.workspace.hidden.update(repeating: 0)        // the worker's own scratch
///     …
/// }
/// ```
///
/// ## Concurrency contract
/// Owned by one worker and passed `inout`: never shared, so nothing in it needs to be
/// thread-safe (a workspace that is a class must not be handed to other threads).
public struct WorkerContext<Workspace> {
    /// This worker's index, 0..<workers (evaluation threads have their own numbering).
    public let worker: Int
    /// How many workers share the run.
    public let workers: Int
    /// The worker's own random stream (derived from the run's seed and the index).
    public var random: Xoshiro256
    /// Updates this worker has applied in the run so far.
    public var updates: Int
    /// False while the objective is being evaluated rather than trained.
    public let isTraining: Bool
    /// The objective's per-worker scratch (buffers, a tape), made once per worker.
    public var workspace: Workspace
    /// The losses this worker's steps recorded in the current epoch, and how many
    /// (see ``recordTrainingLoss(_:)``; the trainer sets both to 0 before each epoch).
    public var trainingLossTotal = 0.0
    public var trainingLossTerms = 0

    public init(
        worker: Int, workers: Int, random: Xoshiro256, updates: Int = 0, isTraining: Bool = true,
        workspace: Workspace
    ) {
        self.worker = worker
        self.workers = workers
        self.random = random
        self.updates = updates
        self.isTraining = isTraining
        self.workspace = workspace
    }

    /// Records the loss of the term this worker just stepped on: an objective whose
    /// gradient computes it anyway (a network's forward pass) reports it here, and the
    /// trainer's epoch objective can be their mean (``EpochObjective/trainingLoss``).
    @inlinable
    public mutating func recordTrainingLoss(_ loss: Double) {
        trainingLossTotal += loss
        trainingLossTerms += 1
    }
}
