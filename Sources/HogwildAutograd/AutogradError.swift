/// What went wrong building or differentiating a computation: every op checks its
/// operands' shapes and arguments before touching memory and throws one of these,
/// naming the operation and the shapes involved.
///
/// ```swift
/// do { _ = try tape.matmul(a, b) }
/// catch { print(error) }   // "matmul: shapes [64, 784] and [128, 10] do not fit (inner extents 784 and 128)"
/// ```
public enum AutogradError: Error, Equatable, CustomStringConvertible {
    /// Two operands' shapes do not fit the operation.
    case shapeMismatch(operation: String, Shape, Shape, detail: String)
    /// An operand's shape is not one the operation accepts (rank, empty extent).
    case invalidShape(operation: String, Shape, detail: String)
    /// A batch with no samples where the operation needs at least one.
    case emptyBatch(operation: String)
    /// An axis outside the tensor's rank.
    case invalidAxis(operation: String, axis: Int, rank: Int)
    /// An index (a class label, an embedding row) outside its range.
    case indexOutOfRange(operation: String, index: Int, count: Int)
    /// A scalar argument outside its domain (a dropout probability of 1.5, a stride of 0).
    case invalidArgument(operation: String, detail: String)
    /// `backward` was asked to start from a tensor that is not a scalar.
    case backwardFromNonScalar(Shape)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, a, b, detail):
            "\(operation): shapes \(a) and \(b) do not fit (\(detail))"
        case let .invalidShape(operation, shape, detail):
            "\(operation): shape \(shape) is not accepted (\(detail))"
        case let .emptyBatch(operation):
            "\(operation): the batch is empty (at least one sample is needed)"
        case let .invalidAxis(operation, axis, rank):
            "\(operation): axis \(axis) is outside a tensor of rank \(rank)"
        case let .indexOutOfRange(operation, index, count):
            "\(operation): index \(index) is outside 0..<\(count)"
        case let .invalidArgument(operation, detail):
            "\(operation): \(detail)"
        case let .backwardFromNonScalar(shape):
            "backward: the loss must be a scalar, not a tensor of shape \(shape)"
        }
    }
}
