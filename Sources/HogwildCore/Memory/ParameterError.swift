/// What was wrong with a request to make or address shared parameter memory.
public enum ParameterError: Error, Equatable, CustomStringConvertible {
    /// A buffer or segment was asked to hold a negative number of coordinates.
    case negativeCount(Int)
    /// A range reaches outside the buffer.
    case rangeOutOfBounds(Range<Int>, count: Int)
    /// Values copied in do not match the number of coordinates.
    case countMismatch(expected: Int, got: Int)
    /// A value copied in is NaN or infinite.
    case nonFiniteValue(index: Int, value: Float)
    /// Two segments of a layout share a name.
    case duplicateSegment(String)
    /// No segment of the layout has this name.
    case unknownSegment(String)

    public var description: String {
        switch self {
        case .negativeCount(let n):
            return "a parameter buffer cannot hold \(n) coordinates; give a count ≥ 0"
        case .rangeOutOfBounds(let r, let count):
            return "range \(r.lowerBound)..<\(r.upperBound) reaches outside the \(count) coordinates of the buffer"
        case .countMismatch(let expected, let got):
            return "expected \(expected) values (one per coordinate), got \(got)"
        case .nonFiniteValue(let index, let value):
            return "value \(value) at coordinate \(index) is not finite"
        case .duplicateSegment(let name):
            return "the layout already has a segment named '\(name)'"
        case .unknownSegment(let name):
            return "the layout has no segment named '\(name)'"
        }
    }
}
