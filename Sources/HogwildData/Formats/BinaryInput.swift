import CZlib
import HogwildPlatform

/// Reads a binary file, plain or gzip-compressed (zlib's `gzread` passes uncompressed
/// files through unchanged), in exact amounts: a header first, then a body whose size
/// the header declared. Checks every read and refuses a compressed stream that ends
/// early or fails its checksum, so a cut file is never taken for a smaller one.
///
/// ```swift
/// let input = try BinaryInput(path: "train-images-idx3-ubyte.gz")
/// let header = try input.read(exactly: 16, what: "the IDX header")
/// ```
public final class BinaryInput {
    public let path: String
    private let file: gzFile
    /// Uncompressed bytes consumed so far: the offset errors name.
    public private(set) var offset = 0

    public init(path: String) throws(FormatError) {
        guard let file = gzopen(path, "rb") else { throw .cannotOpen(path: path, reason: LineReader.systemError()) }
        var status = stat()
        let size = stat(path, &status) == 0 ? Int(status.st_size) : 1 << 20
        var block = 1 << 13
        while block < 1 << 20, block < 4 * size { block <<= 1 }  // small files, small buffers
        gzbuffer(file, UInt32(block))
        self.path = path
        self.file = file
    }

    deinit { gzclose(file) }

    /// Up to `count` bytes; fewer only at the end of the data. Memory grows with what
    /// the file holds, not with `count`: a header that declares a gigabyte in a file of
    /// a few bytes costs a few bytes before it is found out.
    public func read(upTo count: Int) throws(FormatError) -> [UInt8] {
        var bytes: [UInt8] = []
        var filled = 0
        while filled < count {
            let chunk = min(count - filled, max(1 << 20, filled))
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let n = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + filled, UInt32(chunk)) }
            if n < 0 { throw .readFailed(path: path, reason: zlibError()) }
            filled += Int(n)
            if Int(n) < chunk { break }
        }
        // gzread reports a stream cut inside a member (or a bad CRC) as end of data plus
        // an error state; ask, so that a truncated .gz is an error, not a short file.
        var code: Int32 = 0
        if let message = gzerror(file, &code), code != Z_OK, code != Z_STREAM_END {
            throw .readFailed(path: path, reason: LineReader.zlibReason(message, path: path))
        }
        offset += filled
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Exactly `count` bytes, or an error saying what ended early (`what`) and where.
    public func read(exactly count: Int, what: String) throws(FormatError) -> [UInt8] {
        let start = offset
        let bytes = try read(upTo: count)
        guard bytes.count == count else {
            throw .malformedAt(
                path: path, offset: start + bytes.count,
                problem: "the file ends inside \(what) (\(bytes.count) of \(count) bytes)")
        }
        return bytes
    }

    /// Whether the data is used up (reads one byte to find out; that byte is an error to find).
    public func atEnd() throws(FormatError) -> Bool { try read(upTo: 1).isEmpty }

    private func zlibError() -> String {
        var code: Int32 = 0
        return gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
    }
}
