import Synchronization

/// The model's coordinates: one flat, 64-byte-aligned buffer of `Float` that every
/// worker thread reads and writes at once, without locks.
///
/// The buffer costs exactly 4 bytes per coordinate (plus padding to a cache line).
/// Layers, factors and biases are ranges of it (see ``ParameterLayout``), and
/// per-coordinate optimizer state lives in companion buffers of the same layout made
/// by ``makeCompanion(initialValue:)``.
///
/// ## Concurrency contract
/// Every method may be called from any thread at any time. All reads and writes are
/// relaxed atomic accesses of single coordinates (see ``UnsafeParameterMemory``):
/// they never tear a `Float`, but a whole-buffer read such as ``copyOut()`` taken
/// while workers write is not a consistent snapshot, and a ``copyIn(_:)`` racing with
/// workers interleaves with their updates coordinate by coordinate.
///
/// ```swift
/// let x = try SharedParameters(count: 47_236)
/// x[3] = 0.5
/// let weights = x.copyOut()
/// ```
public final class SharedParameters: Sendable {
    /// Bytes every buffer is aligned to (one cache line).
    public static let alignment = 64

    /// The number of coordinates.
    public let count: Int
    /// The named segments of the buffer (a single unnamed one for `init(count:)`).
    public let layout: ParameterLayout
    /// The raw view the engine uses; valid while `self` is alive (callers outside the
    /// package get it only inside ``withMemory(_:)``).
    @usableFromInline package let memory: UnsafeParameterMemory

    /// A buffer of `count` coordinates, each set to `initialValue`.
    /// Throws ``ParameterError/negativeCount(_:)`` for a negative count and
    /// ``ParameterError/nonFiniteValue(index:value:)`` for a NaN or infinite value.
    public convenience init(count: Int, initialValue: Float = 0) throws(ParameterError) {
        var layout = ParameterLayout()
        try layout.append("x", count: count)
        try self.init(layout: layout, initialValue: initialValue)
    }

    /// A buffer laid out as `layout`, every coordinate set to `initialValue`.
    public init(layout: ParameterLayout, initialValue: Float = 0) throws(ParameterError) {
        guard initialValue.isFinite else { throw .nonFiniteValue(index: 0, value: initialValue) }
        let count = layout.count
        // Round the allocation up to whole cache lines so the last line is never shared.
        let bytes = max(Self.alignment, (count * 4 + Self.alignment - 1) / Self.alignment * Self.alignment)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Self.alignment)
        let base = raw.bindMemory(to: Atomic<UInt32>.self, capacity: bytes / 4)
        for i in 0..<(bytes / 4) {
            (base + i).initialize(to: Atomic(i < count ? initialValue.bitPattern : 0))
        }
        self.count = count
        self.layout = layout
        self.memory = UnsafeParameterMemory(base: base, count: count)
    }

    deinit {
        // Atomic<UInt32> is trivially destructible, so the memory can be freed as is.
        UnsafeMutableRawPointer(memory.base).deallocate()
    }

    /// A new buffer with the same layout, every coordinate set to `initialValue`: for
    /// per-coordinate optimizer state (AdaGrad sums, Adam moments, replicas).
    public func makeCompanion(initialValue: Float = 0) throws(ParameterError) -> SharedParameters {
        try SharedParameters(layout: layout, initialValue: initialValue)
    }

    /// Relaxed read or write of one coordinate. Traps on an index outside `0..<count`,
    /// like an array subscript.
    public subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "coordinate \(index) outside 0..<\(count)")
            return memory.load(index)
        }
        set {
            precondition(index >= 0 && index < count, "coordinate \(index) outside 0..<\(count)")
            memory.store(newValue, at: index)
        }
    }

    /// Sets every coordinate to zero.
    public func zero() { memory.fill(0) }

    /// Sets every coordinate to `value`.
    public func fill(_ value: Float) throws(ParameterError) {
        guard value.isFinite else { throw .nonFiniteValue(index: 0, value: value) }
        memory.fill(value)
    }

    /// The coordinates as an array (relaxed reads; see the concurrency contract).
    public func copyOut() -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            memory.copy(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }

    /// Overwrites every coordinate with `values`. Throws if the count differs or a
    /// value is not finite; nothing is written then.
    public func copyIn(_ values: [Float]) throws(ParameterError) {
        guard values.count == count else { throw .countMismatch(expected: count, got: values.count) }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue(index: bad, value: values[bad])
        }
        values.withUnsafeBufferPointer { memory.copy(from: $0) }
    }

    /// A view of the coordinates in `range`, checked against the buffer. The view is
    /// valid while `self` is alive.
    public func view(_ range: Range<Int>) throws(ParameterError) -> UnsafeParameterMemory {
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw .rangeOutOfBounds(range, count: count)
        }
        return memory.slice(range)
    }

    /// A view of the layout segment called `name`.
    public func view(_ name: String) throws(ParameterError) -> UnsafeParameterMemory {
        try view(layout.range(of: name))
    }

    /// Calls `body` with the raw view, keeping `self` alive for the duration.
    public func withMemory<R, E: Error>(_ body: (UnsafeParameterMemory) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(self) { () throws(E) -> R in try body(memory) }
    }
}
