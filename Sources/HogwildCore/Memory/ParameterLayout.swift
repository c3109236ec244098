/// Named, cache-line-aligned ranges of one flat parameter buffer: a model's layers or
/// factors are segments of a single ``SharedParameters`` rather than separate arrays.
///
/// Every segment starts on a 64-byte boundary (a multiple of 16 floats) so that two
/// segments never share a cache line, and per-coordinate optimizer state made with
/// the same layout lines up coordinate for coordinate.
///
/// ```swift
/// var layout = ParameterLayout()
/// let users = try layout.append("L", count: 1000 * 10)
/// let items = try layout.append("R", count: 500 * 10)
/// let parameters = try SharedParameters(layout: layout)
/// ```
public struct ParameterLayout: Sendable, Equatable {
    /// One named range of the buffer.
    public struct Segment: Sendable, Equatable {
        public let name: String
        public let range: Range<Int>
    }

    /// Floats per cache line: segments start at multiples of this.
    public static let alignmentInFloats = 16

    /// The segments in the order they were added.
    public private(set) var segments: [Segment] = []
    /// Floats the whole buffer needs, padding included.
    public private(set) var count = 0

    public init() {}

    /// Adds a segment of `count` floats named `name` and returns its range.
    /// Throws if `count` is negative or `name` is already used.
    @discardableResult
    public mutating func append(_ name: String, count segmentCount: Int) throws(ParameterError) -> Range<Int> {
        guard segmentCount >= 0 else { throw .negativeCount(segmentCount) }
        guard !segments.contains(where: { $0.name == name }) else { throw .duplicateSegment(name) }
        let align = Self.alignmentInFloats
        let start = (count + align - 1) / align * align
        let range = start..<(start + segmentCount)
        segments.append(Segment(name: name, range: range))
        count = range.upperBound
        return range
    }

    /// The range of the segment called `name`.
    public func range(of name: String) throws(ParameterError) -> Range<Int> {
        guard let segment = segments.first(where: { $0.name == name }) else { throw .unknownSegment(name) }
        return segment.range
    }
}
