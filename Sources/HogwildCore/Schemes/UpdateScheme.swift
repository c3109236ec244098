/// How a worker's step reaches shared memory: the synchronization HOGWILD! drops and
/// the baselines keep.
///
/// A scheme is a small value describing the policy; ``makeCoordination(for:memory:workers:)``
/// builds the shared state one run needs (locks, a turn counter, replicas). The trainer is
/// generic over the scheme, so ``process(term:objective:memory:stepSize:scratch:worker:coordination:delay:)``
/// specializes into the hot loop with no dynamic dispatch.
///
/// | scheme | per term |
/// |---|---|
/// | ``Hogwild`` | prepare, apply with relaxed stores; no locks (updates can be lost) |
/// | ``HogwildAtomic`` | the same, each coordinate written by an atomic add |
/// | ``CoordinateLocks`` | prepare outside any lock; lock the term's coordinates in order, apply, unlock (the paper's AIG) |
/// | ``RoundRobin`` | prepare; wait for this worker's turn; apply; pass the turn (the paper's RR) |
/// | ``GlobalLock`` | one lock around prepare and apply (locked SGD) |
/// | ``HotReplicas`` | HOGWILD! for cold coordinates; hot ones in per-worker replicas merged every M updates |
///
/// Serial SGD is any of them with one thread.
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

    /// One step of `objective`'s term `term`.
    func process<O: Objective>(term: Int, objective: O, memory: UnsafeParameterMemory,
                               stepSize: Float, scratch: UnsafeMutableBufferPointer<Float>,
                               worker: Int, coordination: Coordination, delay: ArtificialDelay)

    /// Called by each worker once it has processed its share of an epoch.
    func finish(worker: Int, coordination: Coordination)
}

extension UpdateScheme {
    public func parameters(of coordination: Coordination) -> [String: Int] { [:] }
    @inlinable public func beginEpoch(_ coordination: Coordination) {}
    @inlinable public func finish(worker: Int, coordination: Coordination) {}
}

/// The shared state of a scheme that needs none.
public struct NoCoordination: Sendable {
    @inlinable public init() {}
}

/// Writes `old + delta` with a relaxed store: fast, and a racing write is lost.
@frozen
public struct RelaxedStoreWriter: CoordinateWriter {
    public let memory: UnsafeParameterMemory
    @inlinable public init(memory: UnsafeParameterMemory) { self.memory = memory }
    @inlinable @inline(__always)
    public func load(_ index: Int) -> Float { memory.load(index) }
    @inlinable @inline(__always)
    public func write(_ index: Int, old: Float, delta: Float) {
        memory.store(old + delta, at: index)
    }
}

/// Adds `delta` with a compare-exchange loop that starts from `old`: no racing
/// update is ever lost.
@frozen
public struct AtomicAddWriter: CoordinateWriter {
    public let memory: UnsafeParameterMemory
    @inlinable public init(memory: UnsafeParameterMemory) { self.memory = memory }
    @inlinable @inline(__always)
    public func load(_ index: Int) -> Float { memory.load(index) }
    @inlinable @inline(__always)
    public func write(_ index: Int, old: Float, delta: Float) {
        memory.atomicAdd(delta, at: index, assuming: old)
    }
}
