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
/// Which suits which wait was measured on the 2-core VM (RCV1-shaped, 15,625 rows, an
/// epoch's seconds, idle → both cores busy with other processes): round robin must hand
/// the turn to one worker, and a yield gives the core to another process for a whole
/// time slice — at 4 workers, yielding took 0.06 → 16.6 s, parking without yields 0.42 →
/// 0.60 s; but parking at once made RR with this process's own threads sharing idle
/// cores 7× slower (0.05 → 0.34 s) and the in-process Table 2 test, its workers beside
/// the other tests' threads, slower than its limit, so RR yields ``lockYields`` times
/// before parking too (not re-measured). AIG's locks are held for a few coordinates, and yields
/// let a preempted holder finish — yielding took 0.020 → 0.026 s, parking alone 0.096 →
/// 0.22 s; so AIG yields first and parks only after ``lockYields`` yields.
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
