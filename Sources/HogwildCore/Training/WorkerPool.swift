import Dispatch

/// The trainer's worker threads: one serial Dispatch queue per worker.
///
/// Private serial queues run on Dispatch's overcommitting pool, which gives each busy
/// queue its own thread even when there are more workers than cores. That matters:
/// the round-robin and lock schemes wait for one another, and a pool that ran only
/// as many workers as cores at a time (`concurrentPerform`) could leave the worker
/// being waited for unscheduled forever. Each epoch is one task per worker, never one
/// per term; the threads stay warm between epochs.
@usableFromInline
final class WorkerPool: Sendable {
    let queues: [DispatchQueue]

    @usableFromInline
    init(workers: Int) {
        queues = (0..<workers).map { DispatchQueue(label: "hogwild.worker.\($0)", qos: .userInitiated) }
    }

    /// Runs `body(w)` for every worker w at once and returns when all have finished.
    @usableFromInline
    func run(_ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for (worker, queue) in queues.enumerated() {
            queue.async(group: group) { body(worker) }
        }
        group.wait()
    }
}
