/// How a worker's step reaches shared memory: the synchronization HOGWILD! drops and
/// the baselines keep.
///
/// A scheme is a small value describing the policy (with its settings, if any);
/// ``makeCoordination(for:memory:workers:)`` builds the shared state one run needs
/// (locks, a turn counter, replicas). The trainer is generic over the scheme, so
/// ``process(term:stepper:stepSize:memory:worker:coordination:delay:)`` specializes into
/// the hot loop with no dynamic dispatch.
///
/// | scheme | per term |
/// |---|---|
/// | ``RelaxedHogwild`` | gradient, step written with relaxed stores; no locks (updates can be lost) |
/// | ``AtomicHogwild`` | the same, each coordinate written by an atomic add |
/// | ``CoordinateLocks`` | gradient outside any lock; lock the step's coordinates in order, write (AIG) |
/// | ``RoundRobin`` | gradient; wait for this worker's turn; write; pass the turn (the paper's RR) |
/// | ``GlobalLock`` | one lock around gradient and write (locked SGD) |
/// | ``HotReplicas`` | HOGWILD! for cold coordinates; hot ones in per-worker replicas merged every M updates |
///
/// Serial SGD is any of them with one thread.
///
/// ```swift
/// struct Traced: UpdateScheme {          // a scheme of one's own: HOGWILD! that logs its writes
///     var kind: SchemeKind { .hogwild }
///     func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory,
///                                         workers: Int) -> NoCoordination { NoCoordination() }
///     func process<O: Objective, Opt: Optimizer>(term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
///                                                memory: UnsafeParameterMemory, worker: Int,
///                                                coordination: NoCoordination, delay: ArtificialDelay) {
///         stepper.computeGradient(of: term, reading: memory)
///         print("worker", worker, "writes term", term)
///         stepper.applyStep(stepSize: stepSize, writer: RelaxedStoreWriter(memory: memory))
///     }
/// }
/// ```
public protocol UpdateScheme: Sendable {
    /// Shared state for one run, seen by every worker.
    associatedtype Coordination: Sendable

    /// The scheme's name in results and on the command line.
    var kind: SchemeKind { get }

    /// Builds the shared state for a run of `objective` on `memory` with `workers` workers.
    func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory, workers: Int) -> Coordination

    /// The settings the scheme chose for this run (e.g. how many coordinates it
    /// replicates), for reports; empty by default.
    func parameters(of coordination: Coordination) -> [String: Int]

    /// Called on the trainer's thread before the workers start an epoch.
    func beginEpoch(_ coordination: Coordination)

    /// One step of term `term`: `stepper.step` (for a scheme that writes as it goes) or
    /// `stepper.computeGradient` then `stepper.applyStep`, with the scheme's
    /// synchronization around them.
    func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination: Coordination, delay: ArtificialDelay)

    /// Called by each worker once it has processed its share of an epoch.
    func finish(worker: Int, coordination: Coordination)
    /// Called once, before the first epoch, when the run's workers step in lockstep on
    /// one thread (``TrainingConfiguration/lockstep``): a scheme that times its
    /// workers to choose between ways of working must not, as the times then say
    /// nothing about threads and would make the run depend on them. Default: nothing.
    func runsInLockstep(_ coordination: Coordination)

    /// Throws ``TrainingError/schemeUnsupported(scheme:reason:)`` when the scheme cannot
    /// train `objective` with `configuration` (checked when a trainer is made).
    /// Default: every objective is supported.
    func checkSupport<O: Objective>(for objective: O, configuration: TrainingConfiguration) throws(TrainingError)
}

extension UpdateScheme {
    public func runsInLockstep(_ coordination: Coordination) {}
    public func checkSupport<O: Objective>(
        for objective: O, configuration: TrainingConfiguration
    ) throws(TrainingError) {}
    public func parameters(of coordination: Coordination) -> [String: Int] { [:] }
    @inlinable public func beginEpoch(_ coordination: Coordination) {}
    @inlinable public func finish(worker: Int, coordination: Coordination) {}
}

/// The shared state of a scheme that needs none.
public struct NoCoordination: Sendable {
    @inlinable public init() {}
}
