import CHogwildKernels

/// Backoff for busy-wait loops: spin a while, then report that the waiter should park.
///
/// The paper's RR and AIG busy-wait, which is fastest when every worker owns a core:
/// a wait there lasts a few steps of the other workers, microseconds, and a spin ends
/// it with no system call. With more workers than free cores a pure spin can starve
/// the very thread it waits for, so after ``spinLimit`` rounds ``pause()`` returns true:
/// the waiter should sleep on what it waits for (``ParkingWord``) rather than keep a core
/// busy. There is no `sched_yield` phase between: with other processes' threads busy on
/// the core, a yield hands it to one of them for a whole time slice (milliseconds), not
/// to the worker being waited for (measured on the 2-core VM with both cores busy: round
/// robin at 4 workers took 16.6 s an epoch yielding, against 0.06 s idle).
@frozen
public struct SpinWait {
    @usableFromInline var rounds = 0
    /// Spins (with the CPU's spin-loop hint) before the first yield.
    @usableFromInline static var spinLimit: Int { 256 }

    @inlinable public init() {}

    /// Waits a little longer than last time; true once the waiter should park.
    @inlinable @inline(__always) @discardableResult
    public mutating func pause() -> Bool {
        if rounds < Self.spinLimit {
            rounds += 1
            hogwild_cpu_relax()
            return false
        }
        return true
    }
}
