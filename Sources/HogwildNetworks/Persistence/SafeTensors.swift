import FoundationEssentials
import HogwildCore
import HogwildSupport

/// Named Float32 tensors in the safetensors layout, which PyTorch, JAX, MLX and numpy
/// (with a few lines of Python) read: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian
/// data, tensor after tensor with no gaps. String metadata rides in the header's
/// `__metadata__` object; this package adds the data's CRC-32 there (`crc32`), checked
/// on reading, so a corrupted file is refused rather than loaded.
///
/// ```swift
/// var file = SafeTensors(metadata: ["format": "pt"])
/// file.append("weight", shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
/// try FileBytes.write(file.encoded(), to: "w.safetensors")
/// let back = try SafeTensors.decode(FileBytes.read(from: "w.safetensors"), path: "w.safetensors")
/// ```
public struct SafeTensors: Sendable, Equatable {
    /// One tensor: its name, shape and values (row-major).
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
    }

    public var metadata: [String: String]
    /// The tensors, in the order of their data.
    public private(set) var entries: [Entry] = []

    public init(metadata: [String: String] = [:]) { self.metadata = metadata }

    /// Adds a tensor after the others (`values.count` must be the shape's product).
    public mutating func append(_ name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "\(name): \(values.count) values for shape \(shape)")
        entries.append(Entry(name: name, shape: shape, values: values))
    }

    /// The tensor called `name`, if there is one.
    public subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(4 * entries.reduce(0) { $0 + $1.values.count })
        var ranges: [(Int, Int)] = []
        for entry in entries {
            let start = data.count
            for v in entry.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
            ranges.append((start, data.count))
        }
        var fields = metadata
        fields["crc32"] = String(CRC32.checksum(data), radix: 16)
        let meta = fields.keys.sorted().map { "\(Self.quoted($0)):\(Self.quoted(fields[$0]!))" }.joined(separator: ",")
        var json = "{\"__metadata__\":{\(meta)}"
        for (entry, (start, end)) in zip(entries, ranges) {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            json += ",\(Self.quoted(entry.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],"
            json += "\"data_offsets\":[\(start),\(end)]}"
        }
        json += "}"
        var header = Array(json.utf8)
        // Padded with spaces to a multiple of 8, as the format's writers do, so the data
        // that follows is aligned.
        while header.count % 8 != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
        return bytes + header + data
    }

    /// Decodes `bytes` read from `path` (named in errors): refuses a header that is not
    /// JSON, a dtype other than F32, ranges that do not tile the data, a data CRC that
    /// does not match.
    public static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> SafeTensors {
        guard bytes.count >= 8 else { throw .truncated(path: path) }
        let length = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length <= UInt64(bytes.count - 8) else { throw .truncated(path: path) }
        let headerEnd = 8 + Int(length)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[8..<headerEnd]))
        } catch {
            throw .notAModelFile(path: path)
        }
        let data = bytes[headerEnd...]
        if let stored = header.metadata["crc32"] {
            let computed = data.withUnsafeBytes { CRC32.checksum($0) }
            guard UInt32(stored, radix: 16) == computed else { throw .checksumMismatch(path: path) }
        }
        var file = SafeTensors(metadata: header.metadata.filter { $0.key != "crc32" })
        var covered = 0
        for (name, tensor) in header.tensors.sorted(by: {
            $0.value.dataOffsets.first ?? 0 < $1.value.dataOffsets.first ?? 0
        }) {
            guard tensor.dtype == "F32" else {
                throw .invalidContent(
                    path: path, reason: "tensor '\(name)' is \(tensor.dtype); this reader takes F32 only")
            }
            let count = tensor.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.dataOffsets.count == 2,
                tensor.dataOffsets[0] == covered, tensor.dataOffsets[1] - tensor.dataOffsets[0] == 4 * count,
                tensor.dataOffsets[1] <= data.count
            else {
                throw .invalidContent(
                    path: path,
                    reason:
                        "tensor '\(name)': shape \(tensor.shape) and bytes \(tensor.dataOffsets) do not fit the data")
            }
            let start = headerEnd + tensor.dataOffsets[0]
            let values = bytes.withUnsafeBytes { raw in
                (0..<count).map {
                    Float(
                        bitPattern: UInt32(
                            littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: UInt32.self)))
                }
            }
            file.entries.append(Entry(name: name, shape: tensor.shape, values: values))
            covered = tensor.dataOffsets[1]
        }
        guard covered == data.count else {
            throw .invalidContent(path: path, reason: "\(data.count - covered) bytes after the last tensor")
        }
        return file
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The JSON header: `__metadata__` and one object per tensor.
    struct Header: Decodable {
        struct Tensor: Decodable {
            let dtype: String
            let shape: [Int]
            let dataOffsets: [Int]
            enum CodingKeys: String, CodingKey {
                case dtype, shape
                case dataOffsets = "data_offsets"
            }
        }
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: NamedCodingKey.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    tensors[key.stringValue] = try container.decode(Tensor.self, forKey: key)
                }
            }
        }
    }
}
