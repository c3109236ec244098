import HogwildSupport

/// The file a trained model is saved in: a kind ("linear", "factors"), a few named
/// settings as text and named arrays of Floats, with a format version and a checksum.
///
/// Layout (little-endian): the 8 bytes `HOGWILD\0`, the format version (UInt32), the
/// kind, then the settings and the arrays, each counted (UInt32), each name a UInt32
/// length and UTF-8 bytes, each array a UInt64 count and its Floats; last, the CRC-32
/// of every byte before it. Writing goes to a temporary file beside the target, is
/// flushed to disk, then renamed over it: a crash or a full disk leaves the old file
/// whole. Reading refuses a file that is not one, is of a newer version, is cut short,
/// fails its checksum or declares more data than it holds — each with the path.
///
/// ```swift
/// try ModelFile(kind: "linear", settings: ["loss": "hinge"], arrays: ["weights": w]).write(to: "svm.model")
/// let file = try ModelFile.read(from: "svm.model", kind: "linear")
/// ```
public struct ModelFile: Sendable, Equatable {
    public static let version: UInt32 = 1
    static let magic: [UInt8] = Array("HOGWILD".utf8) + [0]
    /// The bytes every model file starts with (to tell it from other formats).
    public static var magicBytes: [UInt8] { magic }

    public var kind: String
    public var settings: [String: String]
    public var arrays: [String: [Float]]

    public init(kind: String, settings: [String: String] = [:], arrays: [String: [Float]] = [:]) {
        self.kind = kind
        self.settings = settings
        self.arrays = arrays
    }

    /// The file's bytes (checksum included).
    public func encoded() -> [UInt8] {
        var out = Self.magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func text(_ s: String) {
            u32(UInt32(s.utf8.count))
            out += Array(s.utf8)
        }
        u32(Self.version)
        text(kind)
        u32(UInt32(settings.count))
        for key in settings.keys.sorted() {
            text(key)
            text(settings[key]!)
        }
        u32(UInt32(arrays.count))
        for name in arrays.keys.sorted() {
            let values = arrays[name]!
            text(name)
            withUnsafeBytes(of: UInt64(values.count).littleEndian) { out += $0 }
            out.reserveCapacity(out.count + 4 * values.count + 4)
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        }
        u32(CRC32.checksum(out))
        return out
    }

    /// Decodes `bytes` read from `path` (named in errors).
    public static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> ModelFile {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw .notAModelFile(path: path)
        }
        guard bytes.count >= magic.count + 8 else { throw .truncated(path: path) }
        var reader = ByteReader(bytes: bytes, position: magic.count, end: bytes.count - 4, path: path)
        let version = try reader.u32()
        guard version <= Self.version, version >= 1 else {
            throw .unsupportedVersion(path: path, version: Int(version))
        }
        let stored = bytes[(bytes.count - 4)...].withUnsafeBytes {
            UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))
        }
        let computed = bytes.withUnsafeBytes {
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)]))
        }
        guard stored == computed else { throw .checksumMismatch(path: path) }
        var file = ModelFile(kind: try reader.text())
        for _ in 0..<(try reader.count(atLeast: 8)) {
            let key = try reader.text()
            file.settings[key] = try reader.text()
        }
        for _ in 0..<(try reader.count(atLeast: 12)) {
            let name = try reader.text()
            file.arrays[name] = try reader.floats()
        }
        guard reader.position == reader.end else {
            throw .invalidContent(path: path, reason: "bytes left after the last array")
        }
        return file
    }

    /// Writes the file atomically (a temporary file beside `path`, flushed, renamed).
    public func write(to path: String) throws(ModelFileError) {
        try FileBytes.write(encoded(), to: path)
    }

    /// Reads the file at `path`; with `kind`, refuses a file of another kind.
    public static func read(from path: String, kind: String? = nil) throws(ModelFileError) -> ModelFile {
        let file = try decode(FileBytes.read(from: path), path: path)
        if let kind, file.kind != kind { throw .wrongKind(path: path, expected: kind, found: file.kind) }
        return file
    }

    /// A setting that must be there.
    public func setting(_ key: String, path: String) throws(ModelFileError) -> String {
        guard let value = settings[key] else { throw .invalidContent(path: path, reason: "no setting '\(key)'") }
        return value
    }

    /// An array that must be there, of `count` Floats when given.
    public func array(_ name: String, count: Int? = nil, path: String) throws(ModelFileError) -> [Float] {
        guard let values = arrays[name] else { throw .invalidContent(path: path, reason: "no array '\(name)'") }
        if let count, values.count != count {
            throw .invalidContent(path: path, reason: "array '\(name)' has \(values.count) values, expected \(count)")
        }
        return values
    }
}

/// Why a model file could not be written or read; every case names the file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case notAModelFile(path: String)
    case unsupportedVersion(path: String, version: Int)
    case truncated(path: String)
    case checksumMismatch(path: String)
    case wrongKind(path: String, expected: String, found: String)
    case invalidContent(path: String, reason: String)
    /// A checkpoint made by a run whose `setting` differs (`saved` there, `run` here;
    /// nil where one of them has no such setting).
    case runMismatch(path: String, setting: String, saved: String?, run: String?)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write the model: \(reason)"
        case .cannotRead(let path, let reason): return "\(path): cannot read: \(reason)"
        case .notAModelFile(let path): return "\(path): not a hogwild model file"
        case .unsupportedVersion(let path, let version):
            return "\(path): model file format version \(version); this build reads versions 1...\(ModelFile.version)"
        case .truncated(let path): return "\(path): the model file ends early (cut short or still being written)"
        case .checksumMismatch(let path): return "\(path): the model file fails its checksum (corrupted)"
        case .wrongKind(let path, let expected, let found):
            return "\(path): holds a '\(found)' model, not a '\(expected)' one"
        case .invalidContent(let path, let reason): return "\(path): \(reason)"
        case .runMismatch(let path, let setting, let saved, let run):
            let quoted = { (value: String?) in value.map { "'\($0)'" } ?? "missing" }
            return
                "\(path): the checkpoint was made for another run: its \(setting) is \(quoted(saved)), this run's "
                + "\(quoted(run)); resume with the settings it was made with (only the epoch count may change)"
        }
    }
}

/// Bounds-checked little-endian reads over a file's bytes.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    let path: String

    mutating func take(_ n: Int) throws(ModelFileError) -> ArraySlice<UInt8> {
        guard n >= 0, n <= end - position else { throw .truncated(path: path) }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func u32() throws(ModelFileError) -> UInt32 {
        try take(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }

    /// A count of items each at least `size` bytes long: more than the bytes left is a
    /// cut or corrupted file, refused before anything is allocated.
    mutating func count(atLeast size: Int) throws(ModelFileError) -> Int {
        let n = Int(try u32())
        guard n <= (end - position) / size else { throw .truncated(path: path) }
        return n
    }

    mutating func text() throws(ModelFileError) -> String {
        let n = Int(try u32())
        guard let s = String(validating: try take(n), as: UTF8.self) else {
            throw .invalidContent(path: path, reason: "a name is not UTF-8")
        }
        return s
    }

    mutating func floats() throws(ModelFileError) -> [Float] {
        let raw = try take(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard raw <= UInt64((end - position) / 4) else { throw .truncated(path: path) }
        let n = Int(raw)
        let slice = try take(4 * n)
        return slice.withUnsafeBytes { buffer in
            (0..<n).map {
                Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
            }
        }
    }
}
