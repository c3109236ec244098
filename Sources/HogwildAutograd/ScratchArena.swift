/// Storage for one step's tensors: chunks that never move (so pointers into them stay
/// valid while a step grows the arena), handed out by bumping an offset and taken back
/// all at once by ``reset()``. When a step needed more than one chunk, the next reset
/// replaces them with one chunk as large as that step's total, so from the second step
/// on a step of the same shapes allocates nothing.
///
/// ```swift
/// var arena = ScratchArena<Float>()
/// let hidden = arena.allocate(64 * 128)     // 64-byte aligned
/// arena.reset()                             // everything handed out is free again
/// ```
///
/// Owned by one worker (inside its ``Tape``); call ``deallocate()`` when done.
public struct ScratchArena<Element> {
    var chunks: [Chunk] = []
    struct Chunk {
        var base: UnsafeMutablePointer<Element>
        var capacity: Int
    }
    var current = 0
    var offset = 0
    /// Elements handed out since the last reset, padding included.
    public private(set) var used = 0
    /// Chunks allocated over the arena's life (tests use it to see that steps stop allocating).
    public private(set) var chunkAllocations = 0

    static var alignment: Int { max(1, 64 / MemoryLayout<Element>.stride) }

    public init(initialCapacity: Int = 0) {
        chunks.reserveCapacity(8)
        if initialCapacity > 0 { addChunk(initialCapacity) }
    }

    mutating func addChunk(_ capacity: Int) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Element>.stride, alignment: 64)
        chunks.append(Chunk(base: raw.bindMemory(to: Element.self, capacity: capacity), capacity: capacity))
        chunkAllocations += 1
    }

    /// `count` uninitialized elements, 64-byte aligned, valid until the next reset.
    public mutating func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
        let rounded = (count + Self.alignment - 1) / Self.alignment * Self.alignment
        while current < chunks.count, offset + rounded > chunks[current].capacity {
            current += 1
            offset = 0
        }
        if current == chunks.count { grow(rounded) }
        let pointer = chunks[current].base + offset
        offset += rounded
        used += rounded
        return pointer
    }

    mutating func grow(_ atLeast: Int) {
        let last = chunks.last?.capacity ?? 0
        addChunk(max(atLeast, 2 * last, 4096))
        offset = 0
    }

    /// Frees everything handed out; merges the chunks into one if a step used several.
    public mutating func reset() {
        if chunks.count > 1 && current > 0 {
            let total = chunks.reduce(0) { $0 + $1.capacity }
            for chunk in chunks { chunk.base.deallocate() }
            chunks.removeAll(keepingCapacity: true)
            addChunk(max(total, used))
        }
        current = 0
        offset = 0
        used = 0
    }

    /// Returns the memory to the system; the arena must not be used afterwards.
    public mutating func deallocate() {
        for chunk in chunks { chunk.base.deallocate() }
        chunks.removeAll()
    }
}
