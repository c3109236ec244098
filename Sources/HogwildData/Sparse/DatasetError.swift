/// What is wrong with the arrays a dataset is built from. Row and position numbers
/// are 0-based, as in the arrays passed in (file readers report 1-based lines).
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// Row offsets must start at 0, never decrease and end at the number of non-zeros.
    case invalidRowOffsets(String)
    /// Arrays that must have the same length do not.
    case lengthMismatch(what: String, expected: Int, got: Int)
    /// A column index is negative or not below the column count.
    case columnOutOfRange(row: Int, position: Int, column: Int, columnCount: Int)
    /// Column indices of a row must strictly increase (sorted, no duplicates).
    case unsortedColumns(row: Int, position: Int, previous: Int, column: Int)
    /// A value is NaN or infinite.
    case nonFiniteValue(row: Int, position: Int, value: Float)
    /// A label is NaN or infinite.
    case nonFiniteLabel(row: Int, value: Float)
    /// A label is not ±1 where a classifier needs one.
    case labelNotBinary(row: Int, value: Float)
    /// More non-zeros than 32-bit row offsets can address.
    case tooManyNonZeros(Int, limit: Int)
    /// The column count is negative or too large for 32-bit indices.
    case invalidColumnCount(Int)
    /// Two datasets that must share a feature space do not.
    case columnCountMismatch(expected: Int, got: Int)
    /// A size or fraction argument is out of range.
    case invalidArgument(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .invalidRowOffsets(let why):
            return "invalid row offsets: \(why)"
        case .lengthMismatch(let what, let expected, let got):
            return "\(what): expected \(expected) entries, got \(got)"
        case .columnOutOfRange(let row, let position, let column, let count):
            return "row \(row), entry \(position): column \(column) is outside 0..<\(count)"
        case .unsortedColumns(let row, let position, let previous, let column):
            return
                "row \(row), entry \(position): column \(column) follows \(previous); columns must strictly increase "
                + "within a row (sorted, no duplicates)"
        case .nonFiniteValue(let row, let position, let value):
            return "row \(row), entry \(position): value \(value) is not finite"
        case .nonFiniteLabel(let row, let value):
            return "row \(row): label \(value) is not finite"
        case .labelNotBinary(let row, let value):
            return "row \(row): label \(value) is not +1 or -1 (a classifier needs binary labels)"
        case .tooManyNonZeros(let n, let limit):
            return "\(n) non-zeros exceed the \(limit) that 32-bit row offsets address"
        case .invalidColumnCount(let n):
            return "column count \(n) is outside 0...\(Int32.max)"
        case .columnCountMismatch(let expected, let got):
            return "datasets must share a feature space: \(expected) columns vs \(got)"
        case .invalidArgument(let name, let value, let expected):
            return "\(name) must be \(expected), got \(value)"
        }
    }
}
