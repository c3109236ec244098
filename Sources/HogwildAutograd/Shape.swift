/// The extents of a tensor, row-major, rank 0 (a scalar) to 4, stored inline so that
/// making one in a training step allocates nothing.
///
/// ```swift
/// let images = Shape(64, 1, 28, 28)      // batch, channels, height, width
/// images.count                            // 50_176
/// ```
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    /// The largest rank a tensor may have.
    public static let maximumRank = 4
    /// Number of dimensions.
    public let rank: Int
    @usableFromInline var d0: Int, d1: Int, d2: Int, d3: Int

    /// A scalar.
    public static let scalar = Shape(rank: 0, 1, 1, 1, 1)

    @usableFromInline init(rank: Int, _ d0: Int, _ d1: Int, _ d2: Int, _ d3: Int) {
        self.rank = rank
        self.d0 = d0
        self.d1 = d1
        self.d2 = d2
        self.d3 = d3
    }
    public init(_ n: Int) { self.init(rank: 1, n, 1, 1, 1) }
    public init(_ rows: Int, _ columns: Int) { self.init(rank: 2, rows, columns, 1, 1) }
    public init(_ a: Int, _ b: Int, _ c: Int) { self.init(rank: 3, a, b, c, 1) }
    public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) { self.init(rank: 4, a, b, c, d) }

    /// A shape from an array of extents; nil when the rank is above 4 or an extent is negative.
    public init?(_ extents: [Int]) {
        guard extents.count <= Shape.maximumRank, extents.allSatisfy({ $0 >= 0 }) else { return nil }
        var d = [1, 1, 1, 1]
        for (i, e) in extents.enumerated() { d[i] = e }
        self.init(rank: extents.count, d[0], d[1], d[2], d[3])
    }

    /// Extent of dimension `axis` (0..<rank).
    @inlinable public subscript(axis: Int) -> Int {
        switch axis {
        case 0: d0
        case 1: d1
        case 2: d2
        default: d3
        }
    }

    /// Elements in a tensor of this shape (1 for a scalar).
    @inlinable public var count: Int { d0 * d1 * d2 * d3 }

    /// The extents as an array (for messages and tests; allocates).
    public var extents: [Int] { (0..<rank).map { self[$0] } }

    /// This shape with dimension `axis` set to `extent`.
    @inlinable public func replacing(axis: Int, with extent: Int) -> Shape {
        var s = self
        switch axis {
        case 0: s.d0 = extent
        case 1: s.d1 = extent
        case 2: s.d2 = extent
        default: s.d3 = extent
        }
        return s
    }

    /// This shape without dimension `axis`.
    @inlinable public func removing(axis: Int) -> Shape {
        var e = (d0, d1, d2, d3)
        switch axis {
        case 0: e = (d1, d2, d3, 1)
        case 1: e = (d0, d2, d3, 1)
        case 2: e = (d0, d1, d3, 1)
        default: e = (d0, d1, d2, 1)
        }
        return Shape(rank: rank - 1, e.0, e.1, e.2, e.3)
    }

    /// The extents right-aligned to rank 4, leading dimensions 1 (for broadcasting).
    @inlinable var padded: (Int, Int, Int, Int) {
        switch rank {
        case 0: (1, 1, 1, 1)
        case 1: (1, 1, 1, d0)
        case 2: (1, 1, d0, d1)
        case 3: (1, d0, d1, d2)
        default: (d0, d1, d2, d3)
        }
    }

    /// Row-major element strides of the rank-4 padded shape.
    @inlinable var paddedStrides: (Int, Int, Int, Int) {
        let p = padded
        return (p.1 * p.2 * p.3, p.2 * p.3, p.3, 1)
    }

    /// The extents of the last two dimensions folded: (product of the leading ones, last).
    @inlinable var rowsAndLast: (rows: Int, last: Int) {
        let last = rank == 0 ? 1 : self[rank - 1]
        return (last == 0 ? 0 : count / last, last)
    }

    public var description: String { "[" + extents.map(String.init).joined(separator: ", ") + "]" }
}
