import CZlib
import HogwildPlatform

/// Reads a data file line by line in large blocks, plain or gzip-compressed (zlib's
/// `gzread` passes uncompressed files through unchanged), without ever holding the
/// whole file: memory stays at one block plus the longest line.
///
/// Lines are handed out as mutable byte views into the block (valid until the next
/// call), without the newline, a trailing `\r` removed. Line numbers count from 1.
///
/// ## Concurrency contract
/// Not thread-safe: one reader per file (it is not `Sendable`).
public final class LineReader {
    public let path: String
    private let file: gzFile
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0  // first unread byte
    private var end = 0  // one past the last valid byte
    private var exhausted = false
    /// The number of the line last returned (1-based).
    public private(set) var lineNumber = 0
    /// Bytes of input consumed so far (uncompressed), for progress.
    public private(set) var bytesRead = 0

    /// The largest block read at once.
    public static let blockSize = 1 << 20
    /// This reader's block: `blockSize`, or less for a small file (a file of a few
    /// hundred bytes needs no megabyte buffers; a compressed one grows its buffer as
    /// lines need it).
    private let block: Int

    /// The part of the file this reader returns (see ``DataShard``): lines starting in
    /// this byte range of an uncompressed file, or every `count`-th line of a
    /// compressed one. Nil: every line.
    private var byteRange: Range<Int>?
    private let shard: DataShard
    /// Uncompressed offset of the next line's first byte.
    private var lineOffset = 0

    /// Opens `path` for reading, all of it or only `shard`'s lines (line numbers still
    /// count every line of the file, so messages point at the right one).
    public init(path: String, shard: DataShard = .whole) throws(FormatError) {
        var status = stat()
        let found = stat(path, &status) == 0
        if found, (status.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotOpen(path: path, reason: "it is a directory; give a data file")
        }
        guard let file = gzopen(path, "rb") else {
            throw .cannotOpen(path: path, reason: Self.systemError())
        }
        let size = found ? Int(status.st_size) : Self.blockSize
        var block = 1 << 13
        while block < Self.blockSize, block < 4 * size { block <<= 1 }
        gzbuffer(file, UInt32(block))
        self.block = block
        self.path = path
        self.file = file
        capacity = block
        buffer = .allocate(capacity: capacity + 1)
        self.shard = shard
        // gzdirect: whether the file is read as it is (uncompressed), so byte offsets are the file's.
        if !shard.isWhole, gzdirect(file) != 0 { byteRange = shard.range(of: size) }
    }

    deinit {
        gzclose(file)
        buffer.deallocate()
    }

    /// The next line (of this reader's part), or nil at the end of the file (part).
    public func nextLine() throws(FormatError) -> UnsafeMutableBufferPointer<UInt8>? {
        guard !shard.isWhole else { return try nextFileLine() }
        while true {
            let offset = lineOffset
            guard let line = try nextFileLine() else { return nil }
            if let byteRange {
                if offset >= byteRange.upperBound { return nil }
                if offset >= byteRange.lowerBound { return line }
            } else if (lineNumber - 1) % shard.count == shard.index {
                return line
            }
        }
    }

    private func nextFileLine() throws(FormatError) -> UnsafeMutableBufferPointer<UInt8>? {
        while true {
            if let newline = findNewline() {
                var lineEnd = newline
                if lineEnd > start, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeMutableBufferPointer(start: buffer + start, count: lineEnd - start)
                lineOffset += newline + 1 - start
                start = newline + 1
                lineNumber += 1
                return line
            }
            if exhausted {
                guard start < end else { return nil }
                // A last line without a newline.
                var lineEnd = end
                if buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeMutableBufferPointer(start: buffer + start, count: lineEnd - start)
                lineOffset += end - start
                start = end
                lineNumber += 1
                return line
            }
            try refill()
        }
    }

    private func findNewline() -> Int? {
        var i = start
        while i < end {
            if buffer[i] == UInt8(ascii: "\n") { return i }
            i += 1
        }
        return nil
    }

    /// Moves the partial line to the front and reads another block behind it,
    /// growing the buffer when one line fills it.
    private func refill() throws(FormatError) {
        let pending = end - start
        if start > 0 {
            if pending > 0 { (buffer).update(from: buffer + start, count: pending) }
            start = 0
            end = pending
        }
        if capacity - end < block / 2 {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let n = gzread(file, buffer + end, UInt32(min(capacity - end, 1 << 30)))
        // gzread reports a compressed stream cut inside a member, or one failing its
        // CRC, as the end of the data with an error state: ask at every read, so a
        // truncated .gz is an error and never a smaller data set.
        var code: Int32 = 0
        let message = gzerror(file, &code)
        if n < 0 || (code != Z_OK && code != Z_STREAM_END) {
            // Z_ERRNO: the system refused the read (errno says why); the others: the data.
            throw .readFailed(
                path: path, reason: code == Z_ERRNO ? Self.systemError() : Self.zlibReason(message, path: path))
        }
        if n == 0 { exhausted = true }
        end += Int(n)
        bytesRead += Int(n)
    }

    /// zlib's message without the path it puts first, and what it means for the user.
    static func zlibReason(_ message: UnsafePointer<CChar>?, path: String) -> String {
        var text = message.map { String(cString: $0) } ?? "unknown zlib error"
        if text.hasPrefix(path + ": ") { text.removeFirst(path.count + 2) }
        return text + " (the compressed file is cut short or corrupted)"
    }

    static func systemError() -> String {
        #if canImport(Glibc)
            return String(cString: strerror(errno))
        #else
            return "cannot open"
        #endif
    }
}
