import CHogwildKernels
import Synchronization

/// A non-owning view of shared `Float` coordinates, read and written with relaxed
/// atomic operations on their bit patterns.
///
/// HOGWILD! races on purpose: workers read and write the same coordinates without
/// locks. Doing that through plain `Float` memory would be a data race (undefined
/// behaviour, and ThreadSanitizer would say so). A relaxed atomic load or store of
/// the 32-bit pattern makes every access well defined and, on x86-64 and arm64,
/// compiles to the same single `mov`/`ldr` as a plain access, so nothing is paid for
/// it. Relaxed means no ordering: a worker may see another worker's writes late or
/// in any order, which is exactly the staleness HOGWILD!'s analysis allows for.
///
/// ## Concurrency contract
/// Any number of threads may call ``load(_:)``, ``store(_:at:)`` and the atomic-add
/// methods on the same or different coordinates at the same time. A `store` that
/// races with another `store` or with an atomic add can overwrite it (a lost update,
/// as in the paper's released code); atomic adds never lose each other.
///
/// Bulk reads and writes of a range (``load(_:into:)``, ``add(_:to:)``) move four
/// floats per instruction with the same guarantee per coordinate: never torn, possibly
/// stale, possibly lost to a racing write.
///
/// ## Lifetime
/// The view does not own its memory: it is valid only while the
/// ``SharedParameters`` (or other owner) it came from is alive. It is handed out only
/// inside calls (``SharedParameters/withMemory(_:)``, an objective's `gradient` and
/// `loss`), and the trainer keeps the owner alive for the whole run.
///
/// ```swift
/// let parameters = try SharedParameters(count: 4)
/// parameters.withMemory { x in x.store(x.load(2) + 1, at: 2) }
/// ```
@frozen
public struct UnsafeParameterMemory: @unchecked Sendable {
    /// The first coordinate.
    public let base: UnsafeMutablePointer<Atomic<UInt32>>
    /// How many coordinates the view spans.
    public let count: Int

    /// Wraps `count` coordinates starting at `base`. The caller guarantees the memory
    /// is initialised and outlives every use of the view.
    @inlinable
    public init(base: UnsafeMutablePointer<Atomic<UInt32>>, count: Int) {
        self.base = base
        self.count = count
    }

    /// Relaxed atomic read of coordinate `index`.
    @inlinable @inline(__always)
    public func load(_ index: Int) -> Float {
        assert(index >= 0 && index < count, "coordinate \(index) outside 0..<\(count)")
        return Float(bitPattern: base[index].load(ordering: .relaxed))
    }

    /// Relaxed atomic write of coordinate `index` (may overwrite a racing write).
    @inlinable @inline(__always)
    public func store(_ value: Float, at index: Int) {
        assert(index >= 0 && index < count, "coordinate \(index) outside 0..<\(count)")
        base[index].store(value.bitPattern, ordering: .relaxed)
    }

    /// Atomically adds `delta` to coordinate `index` (a compare-exchange loop; never
    /// loses a racing add). About 3× the cost of a relaxed store when uncontended.
    @inlinable @inline(__always)
    public func atomicAdd(_ delta: Float, at index: Int) {
        atomicAdd(delta, at: index, assuming: load(index))
    }

    /// Atomically adds `delta` to coordinate `index`, starting the compare-exchange
    /// from `old`, the value the caller already read (saves a load when no one else
    /// wrote in between; retries with the fresh value when someone did).
    @inlinable @inline(__always)
    public func atomicAdd(_ delta: Float, at index: Int, assuming old: Float) {
        assert(index >= 0 && index < count, "coordinate \(index) outside 0..<\(count)")
        var expected = old.bitPattern
        while true {
            let desired = (Float(bitPattern: expected) + delta).bitPattern
            let (exchanged, current) = base[index].weakCompareExchange(
                expected: expected, desired: desired, ordering: .relaxed)
            if exchanged { return }
            expected = current
        }
    }

    /// A view of the coordinates in `range` (indices inside the slice start at 0).
    @inlinable
    public func slice(_ range: Range<Int>) -> UnsafeParameterMemory {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= count,
            "slice \(range) outside 0..<\(count)")
        return UnsafeParameterMemory(base: base + range.lowerBound, count: range.count)
    }

    /// The coordinates as plain `Float` memory, for the bulk kernels of
    /// `CHogwildKernels` only (see `bulk_memory.c` for why that is sound).
    @inlinable @inline(__always)
    var floats: UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(base).assumingMemoryBound(to: Float.self)
    }

    /// Reads coordinates `range` into `destination`, four floats per instruction.
    /// Each float is read whole (never torn) but, while workers write, the range is
    /// not a consistent snapshot: the bulk form of ``load(_:)``.
    @inlinable
    public func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= count,
            "range \(range) outside 0..<\(count)")
        hogwild_load_range(floats + range.lowerBound, destination, range.count)
    }

    /// The storage of `range` for C kernels that read it directly (see
    /// ``ParameterReader/directStorage(_:)``); nil in ThreadSanitizer builds.
    @inlinable
    public func directStorage(_ range: Range<Int>) -> UnsafePointer<Float>? {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range \(range) outside 0..<\(count)")
        return Self.bulkOperationsAreSanitizerClean ? nil : UnsafePointer(floats + range.lowerBound)
    }

    /// Writes `source` over coordinates `range` (the bulk form of ``store(_:at:)``).
    @inlinable
    public func store(_ source: UnsafePointer<Float>, to range: Range<Int>) {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= count,
            "range \(range) outside 0..<\(count)")
        hogwild_store_range(floats + range.lowerBound, source, range.count)
    }

    /// x_i ← x_i + deltas[i − range.lowerBound] over `range`: a HOGWILD! dense step
    /// (each coordinate read and written whole; a write racing with another worker's
    /// can be lost, as with ``store(_:at:)``).
    @inlinable
    public func add(_ deltas: UnsafePointer<Float>, to range: Range<Int>) {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= count,
            "range \(range) outside 0..<\(count)")
        hogwild_add_range(floats + range.lowerBound, deltas, range.count)
    }

    /// Relaxed reads of every coordinate into `destination` (a consistent snapshot
    /// only when no worker is writing).
    @inlinable
    public func copy(into destination: UnsafeMutableBufferPointer<Float>) {
        precondition(destination.count == count, "destination holds \(destination.count) floats, view has \(count)")
        guard let start = destination.baseAddress else { return }
        load(0..<count, into: start)
    }

    /// Relaxed writes of `source` into every coordinate.
    @inlinable
    public func copy(from source: UnsafeBufferPointer<Float>) {
        precondition(source.count == count, "source holds \(source.count) floats, view has \(count)")
        guard let start = source.baseAddress else { return }
        store(start, to: 0..<count)
    }

    /// Writes `value` into every coordinate.
    @inlinable
    public func fill(_ value: Float) {
        for i in 0..<count { store(value, at: i) }
    }

    /// Whether the bulk range operations were built for ThreadSanitizer (relaxed
    /// atomics throughout) rather than as vector loops.
    public static var bulkOperationsAreSanitizerClean: Bool { hogwild_kernels_are_sanitizer_clean() != 0 }
}
