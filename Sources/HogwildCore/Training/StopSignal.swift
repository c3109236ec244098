import Synchronization

/// Asks a running trainer to stop after its current epoch.
///
/// ## Concurrency contract
/// `requestStop()` may be called from any thread (an epoch observer, a signal
/// handler's queue, another task); the trainer checks between epochs.
///
/// ```swift
/// let stop = StopSignal()
/// let report = try trainer.run(on: x, hooks: RunHooks(stop: stop)) { epoch in
///     if epoch.objective ?? .infinity < 0.3 { stop.requestStop() }
/// }
/// ```
public final class StopSignal: Sendable {
    let flag = Atomic<Bool>(false)
    public init() {}
    /// Requests the stop.
    public func requestStop() { flag.store(true, ordering: .releasing) }
    /// Whether a stop was requested.
    public var isStopRequested: Bool { flag.load(ordering: .acquiring) }
}
