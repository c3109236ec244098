import HogwildPlatform
import HogwildSupport

/// A `malloc`ed array of trivial values that grows with `realloc` and can hand its
/// memory over without a copy. Readers and builders fill one of these and the
/// finished dataset adopts it, so building costs no second full-size copy.
///
/// Memory not handed over is freed on deinit.
///
/// ## Concurrency contract
/// Not thread-safe: one owner at a time (it is not `Sendable`).
public final class GrowableBuffer<Element: BitwiseCopyable> {
    public private(set) var pointer: UnsafeMutablePointer<Element>?
    public private(set) var count = 0
    public private(set) var capacity = 0

    public init(capacity: Int = 0) {
        if capacity > 0 { reserve(capacity) }
    }

    /// Makes room for at least `minimumCapacity` elements.
    public func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let bytes = minimumCapacity * MemoryLayout<Element>.stride
        guard let raw = realloc(pointer.map(UnsafeMutableRawPointer.init), bytes) else {
            fatalError("out of memory growing a buffer to \(bytes) bytes")
        }
        pointer = raw.bindMemory(to: Element.self, capacity: minimumCapacity)
        capacity = minimumCapacity
    }

    /// Appends one element, growing by half again when full.
    public func append(_ element: Element) {
        if count == capacity { reserve(Swift.max(16, capacity + capacity / 2)) }
        pointer.unsafelyUnwrapped[count] = element
        count += 1
    }

    /// Drops the last `n` elements.
    public func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count)
        count -= n
    }

    /// Element `index`.
    public subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count)
            return pointer.unsafelyUnwrapped[index]
        }
        set {
            precondition(index >= 0 && index < count)
            pointer.unsafelyUnwrapped[index] = newValue
        }
    }

    /// Shrinks to fit and gives the memory to the caller, who must `free` it (via
    /// ``OwnedBuffer``). The buffer is empty afterwards.
    public func take() -> OwnedBuffer<Element> {
        let n = count
        var p = pointer
        if let current = p, capacity > Swift.max(n, 1) {
            let bytes = Swift.max(n, 1) * MemoryLayout<Element>.stride
            if let shrunk = realloc(UnsafeMutableRawPointer(current), bytes) {
                p = shrunk.bindMemory(to: Element.self, capacity: Swift.max(n, 1))
            }
        }
        pointer = nil
        count = 0
        capacity = 0
        return OwnedBuffer(adopting: p, count: n)
    }

    deinit { free(pointer.map(UnsafeMutableRawPointer.init)) }
}
