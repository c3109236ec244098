/// Where an objective reads coordinates from: shared memory for most schemes, a
/// worker's replica for the hot coordinates of ``HotReplicas``.
///
/// ```swift
/// func dot<R: ParameterReader>(_ x: R, _ a: [Float]) -> Float {
///     a.indices.reduce(0) { $0 + x.load($1) * a[$1] }
/// }
/// ```
public protocol ParameterReader {
    /// The current value of coordinate `index`.
    func load(_ index: Int) -> Float
    /// The current values of coordinates `range`, into `destination` (a dense read:
    /// a layer's weights, a factor row).
    func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>)
    /// The coordinates' shared storage itself, when reading `range` is a plain read of
    /// shared memory that a C kernel may do directly (a GEMM reading a weight matrix as
    /// its operand, as `load(_:into:)` would, element by element whole); nil when some
    /// other place answers for a coordinate (a replica) or in a ThreadSanitizer build,
    /// where only atomic reads are well defined. Default nil: callers then copy with
    /// `load(_:into:)`.
    func directStorage(_ range: Range<Int>) -> UnsafePointer<Float>?
}

extension ParameterReader {
    @inlinable
    public func directStorage(_ range: Range<Int>) -> UnsafePointer<Float>? { nil }

    @inlinable @inline(__always)
    public func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        for i in range { destination[i - range.lowerBound] = load(i) }
    }
}

extension UnsafeParameterMemory: ParameterReader {}

/// How a scheme puts a step into memory; it also reads, so that the value a step
/// starts from comes from the same place the step goes to.
public protocol CoordinateWriter: ParameterReader {
    /// Makes x_index ← old + delta, where `old` is the value the caller just read.
    func write(_ index: Int, old: Float, delta: Float)
    /// x_i ← x_i + deltas[i − range.lowerBound] for every i in `range` (a dense step).
    func add(_ deltas: UnsafePointer<Float>, to range: Range<Int>)
}

extension CoordinateWriter {
    @inlinable @inline(__always)
    public func add(_ deltas: UnsafePointer<Float>, to range: Range<Int>) {
        for i in range { write(i, old: load(i), delta: deltas[i - range.lowerBound]) }
    }
}
