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
    public func process<O: Objective, Opt: Optimizer>(term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
                                                      memory: UnsafeParameterMemory, worker: Int,
                                                      coordination: SharedMutex, delay: ArtificialDelay) {
        coordination.mutex.withLock { _ in
            stepper.step(term: term, stepSize: stepSize, reading: memory, writer: RelaxedStoreWriter(memory: memory), delay: delay)
        }
    }
}

/// A mutex shared by reference between workers.
///
/// ## Concurrency contract
/// Any thread may take and release it (it is a `Mutex`).
public final class SharedMutex: Sendable {
    public let mutex = Mutex(())
    public init() {}
}
