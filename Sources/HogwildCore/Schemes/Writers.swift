/// Writes `old + delta` with a relaxed store: fast, and a racing write is lost. Dense
/// runs go through the vectorized bulk add of ``UnsafeParameterMemory``.
///
/// ```swift
/// stepper.applyStep(stepSize: γ, writer: RelaxedStoreWriter(memory: memory))
/// ```
@frozen
public struct RelaxedStoreWriter: CoordinateWriter {
    public let memory: UnsafeParameterMemory
    @inlinable public init(memory: UnsafeParameterMemory) { self.memory = memory }
    @inlinable @inline(__always)
    public func load(_ index: Int) -> Float { memory.load(index) }
    @inlinable @inline(__always)
    public func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        memory.load(range, into: destination)
    }
    @inlinable
    public func directStorage(_ range: Range<Int>) -> UnsafePointer<Float>? { memory.directStorage(range) }
    @inlinable @inline(__always)
    public func write(_ index: Int, old: Float, delta: Float) {
        memory.store(old + delta, at: index)
    }
    @inlinable @inline(__always)
    public func add(_ deltas: UnsafePointer<Float>, to range: Range<Int>) {
        memory.add(deltas, to: range)
    }
}

/// Adds `delta` with a compare-exchange loop that starts from `old`: no racing
/// update is ever lost (dense runs: one compare-exchange per coordinate).
///
/// ```swift
/// stepper.applyStep(stepSize: γ, writer: AtomicAddWriter(memory: memory))
/// ```
@frozen
public struct AtomicAddWriter: CoordinateWriter {
    public let memory: UnsafeParameterMemory
    @inlinable public init(memory: UnsafeParameterMemory) { self.memory = memory }
    @inlinable @inline(__always)
    public func load(_ index: Int) -> Float { memory.load(index) }
    @inlinable @inline(__always)
    public func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        memory.load(range, into: destination)
    }
    @inlinable
    public func directStorage(_ range: Range<Int>) -> UnsafePointer<Float>? { memory.directStorage(range) }
    @inlinable @inline(__always)
    public func write(_ index: Int, old: Float, delta: Float) {
        memory.atomicAdd(delta, at: index, assuming: old)
    }
    @inlinable @inline(__always)
    public func add(_ deltas: UnsafePointer<Float>, to range: Range<Int>) {
        for i in range { memory.atomicAdd(deltas[i - range.lowerBound], at: i) }
    }
}
