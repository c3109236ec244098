import Synchronization

/// Test-and-test-and-set spinlocks, one per stripe of consecutive coordinates: the
/// per-coordinate locks of the paper's AIG baseline, at the grain of a cache line.
///
/// Coordinate c maps to lock `c >> shift`. The map is monotone, and a step takes its
/// locks in ascending order (``StripeLockSet``), so no two workers can each hold a
/// lock the other waits for (no deadlock). A stripe is at least one 64-byte line of
/// coordinates (16 floats): coordinates on one line already contend for it (every
/// write bounces the line between cores), so a lock per line costs AIG no parallelism
/// it had, and a dense run of a million coordinates takes 65,536 locks rather than a
/// million. Beyond ``maximumLocks`` lines, stripes widen to 2, 4, … lines (1 byte of
/// memory per lock).
///
/// ## Concurrency contract
/// Any thread may lock and unlock; a lock must be unlocked by the thread that locked
/// it. `lock` has acquire and `unlock` release semantics, so writes made under a lock
/// are seen by the next holder.
public final class StripedSpinLocks: @unchecked Sendable {
    /// The most locks a table holds (1 MiB of lock bytes).
    public static let maximumLocks = 1 << 20

    /// Coordinates per lock, as a shift.
    public let shift: Int
    /// The number of locks.
    public let count: Int
    @usableFromInline let locks: UnsafeMutablePointer<Atomic<UInt8>>
    /// Counts unlocks while anyone is parked: a waiter that has spun long enough sleeps
    /// on it (with more workers than free cores the holder may need the waiter's core).
    @usableFromInline let releases = ParkingWord(0)

    /// Coordinates per lock at least, as a shift: one cache line of floats.
    public static let minimumShift = 4

    /// A table covering `dimension` coordinates, `1 << minimumShift` or more a lock.
    ///
    /// ```swift
    /// let blocks = StripedSpinLocks(dimension: 47_236, minimumShift: 10)   // a lock per 1,024 coordinates
    /// ```
    public init(dimension: Int, minimumShift: Int = StripedSpinLocks.minimumShift) {
        var shift = max(0, minimumShift)
        while (max(dimension, 1) + (1 << shift) - 1) >> shift > Self.maximumLocks { shift += 1 }
        self.shift = shift
        self.count = max(1, (dimension + (1 << shift) - 1) >> shift)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
        locks = raw.bindMemory(to: Atomic<UInt8>.self, capacity: count)
        for i in 0..<count { (locks + i).initialize(to: Atomic(0)) }
    }

    deinit { UnsafeMutableRawPointer(locks).deallocate() }

    /// The lock guarding coordinate `coordinate`.
    @inlinable @inline(__always)
    public func stripe(of coordinate: Int) -> Int { coordinate >> shift }

    /// Spins until lock `stripe` is taken by the caller.
    @inlinable @inline(__always)
    public func lock(_ stripe: Int) {
        if locks[stripe].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { return }
        var wait = SpinWait(yields: SpinWait.lockYields)
        while true {
            // Test before test-and-set: spin on a read so the cache line is shared, not bounced.
            while locks[stripe].load(ordering: .relaxed) != 0 {
                if wait.pause() {
                    // Sleep until some unlock (or the bounded sleep) and look again.
                    let seen = releases.load()
                    releases.park { [locks] value in
                        value != seen || locks[stripe].load(ordering: .sequentiallyConsistent) == 0
                    }
                }
            }
            if locks[stripe].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { return }
        }
    }

    /// Releases lock `stripe` (waking parked waiters, if any). A release store, not a
    /// sequentially consistent one, keeps the uncontended unlock a plain move: the price
    /// is that a waiter parking at that instant can miss the wake-up and sleep out its
    /// bounded sleep (``ParkingWord/parkNanoseconds``), which only happens when it had
    /// already waited through the spin and yield phases.
    @inlinable @inline(__always)
    public func unlock(_ stripe: Int) {
        locks[stripe].store(0, ordering: .releasing)
        releases.addIfAnyoneSleeps(1)
    }
}
