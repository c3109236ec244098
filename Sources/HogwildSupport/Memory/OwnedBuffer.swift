import HogwildPlatform

/// A `malloc`ed array of trivial values, freed when its owner goes away: the storage
/// of datasets, per-coordinate tables and per-worker blocks.
///
/// It is a class so that the objects reading it through raw pointers can keep it
/// alive by holding a reference; the elements are written while it is built (by its
/// creator) and, for per-worker blocks, by the one worker a region belongs to.
///
/// ## Concurrency contract
/// Immutable after construction unless its documented owner says otherwise (per-worker
/// blocks: worker w writes only its own region); any number of threads may read it.
///
/// ```swift
/// let table = OwnedBuffer([1, 2, 3] as [Float])
/// table.withUnsafeBufferPointer { $0.reduce(0, +) }   // 6
/// ```
public final class OwnedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The first element (a valid allocation even when `count` is 0), for the package's
    /// loops; callers outside it use ``withUnsafeBufferPointer(_:)`` or
    /// ``withUnsafeMutableBufferPointer(_:)``.
    @usableFromInline package let base: UnsafeMutablePointer<Element>
    public let count: Int

    /// Takes over `pointer` (from `malloc`, `realloc` or `posix_memalign`), which
    /// holds `count` initialized elements; nil allocates a minimal block.
    package init(adopting pointer: UnsafeMutablePointer<Element>?, count: Int) {
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
        self.init(adopting: pointer, count: elements.count)
    }

    /// `count` copies of `value`, the first on an `alignment`-byte boundary (a power of
    /// two, at least the element's alignment): cache-line-aligned tables and blocks.
    public convenience init(repeating value: Element, count: Int, alignment: Int) {
        precondition(count >= 0, "a buffer cannot hold \(count) elements")
        var raw: UnsafeMutableRawPointer?
        let bytes = Swift.max(alignment, count * MemoryLayout<Element>.stride)
        guard
            posix_memalign(&raw, Swift.max(alignment, MemoryLayout<Element>.alignment, MemoryLayout<Int>.size), bytes)
                == 0,
            let raw
        else {
            fatalError("out of memory allocating \(bytes) bytes")
        }
        let pointer = raw.bindMemory(to: Element.self, capacity: Swift.max(1, count))
        pointer.initialize(repeating: value, count: count)
        self.init(adopting: pointer, count: count)
    }

    /// Bytes held.
    public var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// Calls `body` with the elements; the pointer must not escape `body`.
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try withExtendedLifetime(self) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: base, count: count))
        }
    }

    /// Calls `body` with the elements to change them (the owner's or, for per-worker
    /// blocks, the worker's job); the pointer must not escape `body`.
    public func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try withExtendedLifetime(self) { () throws(E) -> R in
            try body(UnsafeMutableBufferPointer(start: base, count: count))
        }
    }

    /// The elements as an array (a copy).
    public var array: [Element] { withUnsafeBufferPointer { Array($0) } }

    /// Element `index` (checked).
    public subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "index \(index) outside 0..<\(count)")
        return base[index]
    }

    deinit { free(UnsafeMutableRawPointer(base)) }
}
