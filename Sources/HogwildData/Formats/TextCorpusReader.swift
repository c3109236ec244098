/// Reads a text corpus for the character-level models: the file's bytes, plain or
/// `.gz`, taken as they are (UTF-8 or any other byte text; a model over bytes needs
/// no decoding, and a multi-byte character is a few steps of the sequence).
///
/// ```swift
/// let bytes = try TextCorpusReader.read("debian-descriptions.txt")
/// ```
public enum TextCorpusReader {
    /// The largest corpus accepted by default (1 GiB).
    public static let defaultMaximumBytes = 1 << 30

    public static func read(_ path: String, maximumBytes: Int = defaultMaximumBytes) throws(FormatError) -> [UInt8] {
        var bytes: [UInt8] = []
        _ = try forEachBlock(of: path, maximumBytes: maximumBytes) { block in
            bytes += block
            return true
        }
        guard !bytes.isEmpty else { throw .empty(path: path) }
        return bytes
    }

    /// One pass over the file keeping nothing but its length and which byte values it
    /// uses: what a distributed rank needs to number the symbols as every other rank
    /// does before it reads only its part (``read(_:ranges:)``).
    public static func survey(
        _ path: String, maximumBytes: Int = defaultMaximumBytes
    ) throws(FormatError) -> (count: Int, present: [Bool]) {
        var present = [Bool](repeating: false, count: 256)
        let count = try forEachBlock(of: path, maximumBytes: maximumBytes) { block in
            for b in block { present[Int(b)] = true }
            return true
        }
        guard count > 0 else { throw .empty(path: path) }
        return (count, present)
    }

    /// The bytes of each of `ranges` (increasing, disjoint), read in one pass that
    /// keeps only them: a distributed rank's part of a corpus and its held-out tail.
    public static func read(_ path: String, ranges: [Range<Int>]) throws(FormatError) -> [[UInt8]] {
        var parts = ranges.map { _ in [UInt8]() }
        for (i, range) in ranges.enumerated() { parts[i].reserveCapacity(range.count) }
        let end = ranges.last?.upperBound ?? 0
        var offset = 0
        _ = try forEachBlock(of: path) { block in
            for (i, range) in ranges.enumerated() {
                let lower = max(range.lowerBound, offset), upper = min(range.upperBound, offset + block.count)
                if lower < upper { parts[i] += block[(lower - offset)..<(upper - offset)] }
            }
            offset += block.count
            return offset < end  // the bytes after the last range are not read
        }
        for (i, range) in ranges.enumerated() where parts[i].count != range.count {
            throw .invalidData(
                path: path, problem: "the text ended at byte \(offset), before the bytes \(range) it was read for")
        }
        return parts
    }

    /// Calls `body` with the file's blocks of up to 1 MiB in order (plain or `.gz`)
    /// until the file ends or `body` returns false; returns the bytes passed. Past
    /// `maximumBytes` it throws, naming the limit.
    private static func forEachBlock(
        of path: String, maximumBytes: Int = .max, _ body: ([UInt8]) -> Bool
    ) throws(FormatError) -> Int {
        let input = try BinaryInput(path: path)
        var count = 0
        while true {
            let block = try input.read(upTo: 1 << 20)
            if block.isEmpty { break }
            count += block.count
            guard count <= maximumBytes else {
                throw .invalidData(
                    path: path, problem: "the text is longer than \(maximumBytes) bytes, the most accepted")
            }
            if !body(block) { break }
        }
        return count
    }
}
