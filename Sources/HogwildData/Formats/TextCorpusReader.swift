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
        let input = try BinaryInput(path: path)
        var bytes: [UInt8] = []
        while true {
            let block = try input.read(upTo: 1 << 20)
            if block.isEmpty { break }
            guard bytes.count + block.count <= maximumBytes else {
                throw .invalidData(
                    path: path, problem: "the text is longer than \(maximumBytes) bytes, the most accepted")
            }
            bytes += block
        }
        guard !bytes.isEmpty else { throw .empty(path: path) }
        return bytes
    }
}
