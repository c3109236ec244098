import HogwildSupport

extension Prefetch {
    /// Starts loading the cache line holding coordinate `index` of `parameters`.
    ///
    /// ```swift
    /// Prefetch.load(x, at: nextRow * rank)
    /// ```
    @inlinable @inline(__always)
    public static func load(_ parameters: UnsafeParameterMemory, at index: Int) {
        load(UnsafeRawPointer(parameters.base + index).assumingMemoryBound(to: UInt32.self))
    }
}
