import CHogwildKernels
import HogwildPlatform

/// Backoff for busy-wait loops: spin a while, yield the core a few times (when the
/// waiter allows it), then report that the waiter should park.
///
/// The paper's RR and AIG busy-wait, which is fastest when every worker owns a core:
/// a wait there lasts a few steps of the other workers, microseconds, and a spin ends
/// it with no system call. With more workers than free cores a pure spin can starve
/// the very thread it waits for, so after ``spinLimit`` rounds the waiter yields the
/// core up to `yields` times, and after that ``pause()`` returns true: the waiter should
/// sleep on what it waits for (``ParkingWord``) rather than keep a core busy.
///
/// Round robin must hand the turn to one particular worker, and a yield can give the
/// core to another process for a whole time slice; AIG's locks are held for a few
/// coordinates, and a yield lets a preempted holder finish. Both yield ``lockYields``
/// times before parking (the measurements behind this: `Benchmarks/RESULTS.md`,
/// "Design measurements").
@frozen
public struct SpinWait {
    @usableFromInline var rounds = 0
    @usableFromInline let yields: Int
    /// Spins (with the CPU's spin-loop hint) before the first yield.
    @usableFromInline static var spinLimit: Int { 256 }
    /// The yields a lock waiter makes before parking.
    public static var lockYields: Int { 64 }

    /// A backoff that yields `yields` times between spinning and parking.
    @inlinable public init(yields: Int = 0) { self.yields = yields }

    /// Waits a little longer than last time; true once the waiter should park.
    @inlinable @inline(__always) @discardableResult
    public mutating func pause() -> Bool {
        if rounds < Self.spinLimit {
            rounds += 1
            hogwild_cpu_relax()
            return false
        }
        if rounds < Self.spinLimit + yields {
            rounds += 1
            _ = sched_yield()
            return false
        }
        return true
    }
}
