import Dispatch

/// The trainer's worker threads: worker 0 is the calling thread, workers 1…T−1 each
/// have a serial Dispatch queue.
///
/// Private serial queues run on Dispatch's overcommitting pool, which gives each busy
/// queue its own thread even when there are more workers than cores. That matters:
/// the round-robin and lock schemes wait for one another, and a pool that ran only
/// as many workers as cores at a time (`concurrentPerform`) could leave the worker
/// being waited for unscheduled forever. Each epoch is one task per worker, never one
/// per term; the threads stay warm between epochs.
///
/// The caller works as worker 0 instead of sleeping in a wait: serial SGD (T = 1)
/// then runs entirely on the thread that built the data, with no hand-off, like a
/// plain loop (`Benchmarks/RESULTS.md`, "Design measurements", has what the hand-off
/// cost).
///
/// ## Concurrency contract
/// ``run(_:)`` is called by one thread at a time (the trainer's); the queues are its own.
@usableFromInline
final class WorkerPool: Sendable {
    let queues: [DispatchQueue]

    @usableFromInline
    init(workers: Int) {
        queues = (1..<max(1, workers)).map { DispatchQueue(label: "hogwild.worker.\($0)", qos: .userInitiated) }
    }

    /// Runs `body(w)` for every worker w at once (worker 0 on the calling thread) and
    /// returns when all have finished.
    @usableFromInline
    func run(_ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for (index, queue) in queues.enumerated() {
            queue.async(group: group) { body(index + 1) }
        }
        body(0)
        group.wait()
    }
}
