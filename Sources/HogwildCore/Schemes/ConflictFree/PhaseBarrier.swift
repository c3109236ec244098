import Synchronization

/// A barrier for the workers of one run, reused phase after phase: the last worker to
/// arrive runs the phase's closing work (alone, while the others wait) and releases
/// them. Waiters spin, yield, then park on the generation word (``ParkingWord``), so
/// more workers than cores do not starve the one being waited for.
///
/// ```swift
/// barrier.arrive(workers: 4) { applyDeferredSteps() }   // every worker, once a phase
/// ```
///
/// ## Concurrency contract
/// Each of the `workers` workers calls ``arrive(workers:closing:)`` once per phase.
/// What a worker wrote before arriving is visible to the closing work, and what the
/// closing work wrote is visible to every worker after it returns.
@usableFromInline
final class PhaseBarrier: Sendable {
    @usableFromInline let arrived = Atomic<Int>(0)
    @usableFromInline let generation = ParkingWord(0)

    init() {}

    @inlinable
    func arrive(workers: Int, closing: () -> Void) {
        let phase = generation.load()
        if arrived.add(1, ordering: .sequentiallyConsistent).newValue == workers {
            arrived.store(0, ordering: .sequentiallyConsistent)
            closing()
            generation.add(1)
        } else {
            generation.wait(yields: SpinWait.lockYields) { $0 != phase }
        }
    }
}
