/// One value per worker, each in its own 128-byte-aligned slot so that workers
/// updating their own slot never share a cache line (or an adjacent-line prefetch
/// pair) with another worker: no false sharing.
///
/// ## Concurrency contract
/// Worker w reads and writes only slot w while workers run; the owner reads or writes
/// any slot only while no worker runs (the pool's dispatch and wait order the two).
public final class PerWorkerStorage<Value: BitwiseCopyable>: @unchecked Sendable {
    /// Bytes between the starts of two slots.
    public static var stride: Int { (MemoryLayout<Value>.stride + 127) / 128 * 128 }

    public let count: Int
    @usableFromInline let base: UnsafeMutableRawPointer

    /// `count` slots, slot w holding `initial(w)`.
    public init(count: Int, initial: (Int) -> Value) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * Self.stride, alignment: 128)
        for w in 0..<count {
            (base + w * Self.stride).initializeMemory(as: Value.self, to: initial(w))
        }
    }

    deinit { base.deallocate() }

    /// Slot `worker`'s value.
    @inlinable
    public subscript(worker: Int) -> Value {
        get {
            precondition(worker >= 0 && worker < count)
            return (base + worker * Self.stride).assumingMemoryBound(to: Value.self).pointee
        }
        set {
            precondition(worker >= 0 && worker < count)
            (base + worker * Self.stride).assumingMemoryBound(to: Value.self).pointee = newValue
        }
    }
}
