import HogwildPlatform

/// Locked SGD: one lock around the whole step (read, gradient, write), so the run is
/// serial SGD with the order of terms decided by who gets the lock. The baseline a
/// lock-free scheme has to beat.
///
/// The lock is the C library's default `pthread_mutex_t`, the lock under the C++
/// peer's `std::mutex`: a waiter sleeps on a futex, and a thread that releases the lock
/// may take it again at once. (Synchronization's `Mutex` is a priority-inheritance
/// futex lock on Linux, whose hand-offs through the kernel convoy under contention:
/// it would measure the lock, not locking.)
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: GlobalLock(), configuration: .init(threads: 8)).run(on: x)
/// ```
public struct GlobalLock: SchemeRule {
    public init() {}

    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory,
        workers: Int
    ) -> SharedMutex {
        SharedMutex()
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination: SharedMutex, delay: ArtificialDelay
    ) {
        coordination.lock()
        stepper.step(
            term: term, stepSize: stepSize, reading: memory, writer: RelaxedStoreWriter(memory: memory), delay: delay)
        coordination.unlock()
    }
}

/// A `pthread_mutex_t` shared by reference between workers.
///
/// ## Concurrency contract
/// Any thread may take it; only the thread that took it releases it. The mutex lives
/// at a fixed heap address for the object's lifetime (a pthread mutex must not move).
public final class SharedMutex: @unchecked Sendable {
    @usableFromInline let handle: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        handle = .allocate(capacity: 1)
        handle.initialize(to: pthread_mutex_t())
        pthread_mutex_init(handle, nil)
    }

    deinit {
        pthread_mutex_destroy(handle)
        handle.deallocate()
    }

    @inlinable @inline(__always)
    public func lock() { pthread_mutex_lock(handle) }

    @inlinable @inline(__always)
    public func unlock() { pthread_mutex_unlock(handle) }
}

extension GlobalLock {
    public static let kind = SchemeKind.globalLock
    public static let aliases = ["lock", "locked"]
    public static let displayName = "locked SGD"
    public static let summary = "one mutex around read, step and write"
    public static let figureColor = "#ff7f0e"
}
