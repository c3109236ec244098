import Synchronization

/// Locked SGD: one lock around the whole step (read, gradient, write), so the run is
/// serial SGD with the order of terms decided by who gets the lock. The baseline a
/// lock-free scheme has to beat.
///
/// The lock is Synchronization's `Mutex` (a futex on Linux): waiters sleep rather
/// than spin, as `std::mutex` does in the C++ peer.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: GlobalLock(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct GlobalLock: UpdateScheme {
    public init() {}
    public var kind: SchemeKind { .globalLock }

    public func makeCoordination<O: Objective>(for objective: O, memory: UnsafeParameterMemory,
                                               workers: Int) -> SharedMutex {
        SharedMutex()
    }

    @inlinable @inline(__always)
    public func process<O: Objective>(term: Int, objective: O, memory: UnsafeParameterMemory,
                                      stepSize: Float, scratch: UnsafeMutableBufferPointer<Float>,
                                      worker: Int, coordination: SharedMutex, delay: ArtificialDelay) {
        coordination.mutex.withLock { _ in
            let state = objective.prepare(term: term, parameters: memory, scratch: scratch)
            delay.wait()
            objective.apply(term: term, state: state, stepSize: stepSize, scratch: scratch,
                        writer: RelaxedStoreWriter(memory: memory))
        }
    }
}

/// A mutex shared by reference between workers.
public final class SharedMutex: Sendable {
    public let mutex = Mutex(())
    public init() {}
}
