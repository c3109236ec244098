import HogwildPlatform

/// A buffered writer to a file: bytes collect in memory and go out in large blocks.
/// Writers of text formats print numbers straight into its buffer.
///
/// ## Concurrency contract
/// Not thread-safe: one writer at a time (it is not `Sendable`).
public final class OutputFile {
    public let path: String
    private let handle: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 20

    /// Creates or truncates the file at `path`.
    public init(path: String) throws(FormatError) {
        guard let handle = fopen(path, "wb") else {
            throw FormatError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.handle = handle
        buffer.reserveCapacity(Self.blockSize + 256)
    }

    deinit { fclose(handle) }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) throws(FormatError) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends `bytes`.
    public func write(bytes: [UInt8]) throws(FormatError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends one byte.
    public func write(byte: UInt8) throws(FormatError) {
        buffer.append(byte)
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends a decimal integer without going through `String`.
    public func write(integer value: Int) throws(FormatError) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                n += 1
            } while magnitude > 0
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Appends the shortest decimal that reads back as exactly `value`.
    public func write(float value: Float) throws(FormatError) {
        if value == value.rounded(), abs(value) < 1e7 {
            try write(integer: Int(value))
        } else {
            try write(value.description)
        }
    }

    /// Writes the buffer out.
    public func flush() throws(FormatError) {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == buffer.count else {
            throw FormatError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes (the deinit closes too, but cannot report a failure).
    public func close() throws(FormatError) {
        try flush()
        guard fflush(handle) == 0 else {
            throw FormatError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
