import CHogwildKernels

/// Software prefetch: starts loading a cache line a loop will need soon, so that a
/// random access to memory overlaps other work instead of stalling it.
///
/// ```swift
/// Prefetch.load(rows + nextTerm)   // the next term's row offsets
/// ```
public enum Prefetch {
    /// Starts loading the cache line holding `address` (for reading).
    @inlinable @inline(__always)
    public static func load<T>(_ address: UnsafePointer<T>) {
        hogwild_prefetch(UnsafeRawPointer(address))
    }
}
