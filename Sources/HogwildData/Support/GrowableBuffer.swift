#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `malloc`ed array of trivial values that grows with `realloc` and can hand its
/// memory over without a copy. Readers and builders fill one of these and the
/// finished dataset adopts it, so building costs no second full-size copy.
///
/// Not thread-safe: one owner at a time. Memory not handed over is freed on deinit.
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
        get { precondition(index >= 0 && index < count); return pointer.unsafelyUnwrapped[index] }
        set { precondition(index >= 0 && index < count); pointer.unsafelyUnwrapped[index] = newValue }
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
        return OwnedBuffer(pointer: p, count: n)
    }

    deinit { free(pointer.map(UnsafeMutableRawPointer.init)) }
}

/// A `malloc`ed, immutable-after-construction array freed when its owner goes away.
///
/// ## Concurrency contract
/// Immutable once built, so any number of threads may read it at once.
public final class OwnedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The first element (a valid one-element allocation when `count` is 0).
    public let base: UnsafeMutablePointer<Element>
    public let count: Int

    init(pointer: UnsafeMutablePointer<Element>?, count: Int) {
        if let pointer {
            base = pointer
        } else {
            let raw = malloc(Swift.max(1, MemoryLayout<Element>.stride))!
            base = raw.bindMemory(to: Element.self, capacity: 1)
        }
        self.count = count
    }

    /// A buffer holding a copy of `elements`.
    public convenience init(_ elements: [Element]) {
        let raw = malloc(Swift.max(1, elements.count * MemoryLayout<Element>.stride))!
        let pointer = raw.bindMemory(to: Element.self, capacity: Swift.max(1, elements.count))
        elements.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { pointer.update(from: start, count: elements.count) }
        }
        self.init(pointer: pointer, count: elements.count)
    }

    /// Bytes held.
    public var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// The elements as a buffer pointer, valid while `self` is alive.
    public var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The elements as an array (a copy).
    public var array: [Element] { Array(buffer) }

    deinit { free(UnsafeMutableRawPointer(base)) }
}
