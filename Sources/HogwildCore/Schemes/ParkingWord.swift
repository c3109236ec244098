import CHogwildKernels
import Synchronization

/// A 32-bit word that workers wait on: they spin (``SpinWait``), then sleep in the
/// kernel (a futex) until another worker changes it. A store wakes sleepers only when
/// there are any, so the uncontended path costs one extra load.
///
/// The handshake cannot lose a wake-up: a waiter counts itself a sleeper, then re-reads
/// the word, then sleeps only while the word still holds what it read (the kernel checks
/// that atomically); a writer stores, then reads the sleeper count. Sequentially
/// consistent order means either the writer sees the sleeper or the waiter sees the new
/// value. Sleeps are bounded (``parkNanoseconds``) all the same.
///
/// ```swift
/// let turn = ParkingWord(0)
/// turn.wait { $0 == 3 }          // worker 3
/// turn.store(4)                  // hand over, waking a parked worker 4
/// ```
///
/// ## Concurrency contract
/// Any thread may load, store, wait and wake.
public final class ParkingWord: @unchecked Sendable {
    /// The word and the sleeper count, each on a cache line of its own.
    @usableFromInline let storage: UnsafeMutablePointer<Atomic<UInt32>>
    @usableFromInline static var sleepersOffset: Int { 16 }
    /// The longest one sleep lasts before the waiter looks again.
    @usableFromInline static var parkNanoseconds: Int { 1_000_000 }

    public init(_ value: UInt32) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 64)
        storage = raw.bindMemory(to: Atomic<UInt32>.self, capacity: 32)
        for i in 0..<32 { (storage + i).initialize(to: Atomic(0)) }
        storage[0].store(value, ordering: .sequentiallyConsistent)
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }

    @inlinable var word: UnsafeMutablePointer<Atomic<UInt32>> { storage }
    @inlinable var sleepers: UnsafeMutablePointer<Atomic<UInt32>> { storage + Self.sleepersOffset }

    @inlinable @inline(__always)
    public func load() -> UInt32 { word.pointee.load(ordering: .acquiring) }

    /// Stores `value` and wakes any parked waiter.
    @inlinable @inline(__always)
    public func store(_ value: UInt32) {
        word.pointee.store(value, ordering: .sequentiallyConsistent)
        if sleepers.pointee.load(ordering: .sequentiallyConsistent) != 0 { hogwild_unpark_all(UnsafeRawPointer(word)) }
    }

    /// Adds `delta` (wrapping) and wakes any parked waiter.
    @inlinable @inline(__always)
    public func add(_ delta: UInt32) {
        word.pointee.wrappingAdd(delta, ordering: .sequentiallyConsistent)
        if sleepers.pointee.load(ordering: .sequentiallyConsistent) != 0 { hogwild_unpark_all(UnsafeRawPointer(word)) }
    }

    /// Adds `delta` and wakes parked waiters only when there are any: the uncontended
    /// path is one load (no write to a shared line).
    @inlinable @inline(__always)
    public func addIfAnyoneSleeps(_ delta: UInt32) {
        if sleepers.pointee.load(ordering: .sequentiallyConsistent) != 0 {
            word.pointee.wrappingAdd(delta, ordering: .sequentiallyConsistent)
            hogwild_unpark_all(UnsafeRawPointer(word))
        }
    }

    /// Wakes parked waiters only when there are any (after a change they must see).
    @inlinable @inline(__always)
    public func wakeIfAnyoneSleeps() {
        if sleepers.pointee.load(ordering: .sequentiallyConsistent) != 0 { hogwild_unpark_all(UnsafeRawPointer(word)) }
    }

    /// Returns once `isDone(word)` holds: spins first (and yields `yields` times), then
    /// parks between checks.
    @inlinable @inline(__always)
    public func wait(yields: Int = 0, until isDone: (UInt32) -> Bool) {
        var backoff = SpinWait(yields: yields)
        while !isDone(load()) {
            if backoff.pause() { park(unless: isDone) }
        }
    }

    /// One sleep on the word, unless `isDone` already holds.
    @inlinable
    public func park(unless isDone: (UInt32) -> Bool) {
        sleepers.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
        let seen = word.pointee.load(ordering: .sequentiallyConsistent)
        if !isDone(seen) { hogwild_park(UnsafeRawPointer(word), seen, Self.parkNanoseconds) }
        sleepers.pointee.wrappingSubtract(1, ordering: .sequentiallyConsistent)
    }
}
