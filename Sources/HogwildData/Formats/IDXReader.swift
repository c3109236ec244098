/// An array of unsigned bytes read from an IDX file (the MNIST format): its extents,
/// outermost first, and the bytes in row-major order.
public struct IDXArray: Sendable, Equatable {
    public let extents: [Int]
    public let bytes: [UInt8]
    /// Items along the first axis in the whole file (more than ``count`` when a part was read).
    public let fileCount: Int
    /// The first item's place in the file (0 unless a later part was read).
    public let firstItem: Int

    public init(extents: [Int], bytes: [UInt8], fileCount: Int? = nil, firstItem: Int = 0) {
        self.extents = extents
        self.bytes = bytes
        self.fileCount = fileCount ?? extents.first ?? 0
        self.firstItem = firstItem
    }

    /// Items along the first axis (images, labels).
    public var count: Int { extents.first ?? 0 }
    /// Bytes per item (28·28 for an MNIST image, 1 for a label).
    public var itemSize: Int { extents.dropFirst().reduce(1, *) }
}

/// Reads IDX files (MNIST, Fashion-MNIST), plain or `.gz`.
///
/// The format: two zero bytes, a type code (only 0x08, unsigned bytes, is read here:
/// it is what every MNIST-format image and label file uses), the number of dimensions,
/// then each extent as a big-endian UInt32, then the data. The declared size is checked
/// against `maximumBytes` before anything is allocated, and against the file after: a
/// file that ends early or goes on past its data is an error naming the byte offset.
///
/// ```swift
/// let images = try IDXReader.read("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
/// print(images.extents)                  // [60000, 28, 28]
/// ```
public enum IDXReader {
    /// The largest data part accepted by default (4 GiB: 70× Fashion-MNIST's training images).
    public static let defaultMaximumBytes = 1 << 32

    public static func read(_ path: String, maximumBytes: Int = defaultMaximumBytes) throws(FormatError) -> IDXArray {
        try read(path, part: .whole, maximumBytes: maximumBytes)
    }

    /// Part `part` of the items along the first axis (a contiguous range, as
    /// ``DataShard/range(of:)`` cuts them): a distributed job's rank reads its share and
    /// skips the rest, so its memory falls with the number of ranks. The items before the
    /// part are read past without being kept (a `.gz` file cannot be sought), the ones
    /// after are not read; the whole file (`.whole`) is checked to end with its data.
    ///
    /// ```swift
    /// let mine = try IDXReader.read(path, part: DataShard(index: rank, count: ranks)!)
    /// ```
    public static func read(
        _ path: String, part: DataShard, maximumBytes: Int = defaultMaximumBytes
    ) throws(FormatError) -> IDXArray {
        let input = try BinaryInput(path: path)
        let magic = try input.read(exactly: 4, what: "the IDX magic number")
        guard magic[0] == 0, magic[1] == 0 else {
            throw .malformedAt(
                path: path, offset: 0,
                problem: "not an IDX file (it must start with two zero bytes, found \(magic[0]) \(magic[1]))")
        }
        guard magic[2] == 0x08 else {
            throw .malformedAt(
                path: path, offset: 2,
                problem: "IDX type code 0x\(String(magic[2], radix: 16)) is not supported (only 0x08, unsigned bytes)")
        }
        let rank = Int(magic[3])
        guard (1...4).contains(rank) else {
            throw .malformedAt(path: path, offset: 3, problem: "\(rank) dimensions declared; 1 to 4 are supported")
        }
        let header = try input.read(exactly: 4 * rank, what: "the \(rank) extents")
        var extents: [Int] = []
        var total = 1
        for d in 0..<rank {
            let extent = header[4 * d..<4 * d + 4].reduce(0) { $0 << 8 | Int($1) }
            guard extent > 0 else { throw .malformedAt(path: path, offset: 4 + 4 * d, problem: "extent \(d + 1) is 0") }
            extents.append(extent)
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= maximumBytes else {
                throw .malformedAt(
                    path: path, offset: 4 + 4 * d,
                    problem:
                        "the declared extents \(extents.map(String.init).joined(separator: "×"))… need more than "
                        + "\(maximumBytes) bytes, the most accepted"
                )
            }
            total = product
        }
        let declared = "the data declared as \(extents.map(String.init).joined(separator: "×"))"
        guard !part.isWhole else {
            let bytes = try input.read(exactly: total, what: declared)
            guard try input.atEnd() else {
                throw .malformedAt(
                    path: path, offset: 4 + 4 * rank + total,
                    problem: "bytes follow the declared data (a wrong header?)")
            }
            return IDXArray(extents: extents, bytes: bytes)
        }
        let items = part.range(of: extents[0]), itemSize = total / extents[0]
        var skipped = 0
        while skipped < items.lowerBound * itemSize {
            let chunk = min(1 << 20, items.lowerBound * itemSize - skipped)
            _ = try input.read(exactly: chunk, what: declared)
            skipped += chunk
        }
        let bytes = try input.read(exactly: items.count * itemSize, what: declared)
        return IDXArray(
            extents: [items.count] + extents.dropFirst(), bytes: bytes, fileCount: extents[0],
            firstItem: items.lowerBound)
    }
}
