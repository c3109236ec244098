/// The penalty of a ``SparseLinearObjective``: λ₂/2·x² + λ₁·|x| per coordinate, split
/// over the terms that touch it.
///
/// ```swift
/// let penalty = LinearRegularization(l2: 1e-4, l1: 1e-5)                  // paper's weighting
/// let plain = LinearRegularization(l2: 1e-4, weighting: .uniform)
/// ```
public struct LinearRegularization: Sendable, Hashable, Codable {
    /// How a coordinate's penalty is split over the terms that touch it.
    public enum Weighting: String, Sendable, Hashable, Codable {
        /// w_u = 1/d_u (d_u: fraction of rows with feature u): the terms' shares add up
        /// to exactly the penalty of the whole objective (the paper's choice).
        case degree
        /// w_u = 1: every term applies the whole penalty to the coordinates it touches.
        case uniform
    }

    public var l2: Float
    public var l1: Float
    public var weighting: Weighting

    public init(l2: Float = 1e-4, l1: Float = 0, weighting: Weighting = .degree) {
        self.l2 = l2
        self.l1 = l1
        self.weighting = weighting
    }

    public func validate() throws(ModelError) {
        guard l2.isFinite, l2 >= 0 else {
            throw .invalidParameter(name: "lambda (L2)", value: Double(l2), expected: "finite and ≥ 0")
        }
        guard l1.isFinite, l1 >= 0 else {
            throw .invalidParameter(name: "L1 strength", value: Double(l1), expected: "finite and ≥ 0")
        }
    }
}
