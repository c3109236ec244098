/// A tensor on a ``Tape``: a handle to one recorded value (Float, row-major) and its
/// shape. Valid until the tape is reset; values are never changed once recorded.
///
/// ```swift
/// let h = try tape.relu(tape.add(tape.matmul(x, w1, transposeB: true), b1))
/// tape.value(h)[0]        // the first hidden activation
/// ```
public struct Tensor: Hashable, Sendable {
    /// The node's index on its tape.
    public let id: Int
    public let shape: Shape
    /// Elements in the tensor.
    @inlinable public var count: Int { shape.count }
}
