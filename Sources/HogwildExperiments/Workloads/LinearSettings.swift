import HogwildModels

/// The settings of a linear model (SVM, logistic regression, least squares): its
/// penalty, whether it learns an intercept (b in xᵀa + b, never penalised), and
/// whether λ comes from the data's size.
///
/// ```swift
/// var spec = WorkloadSpec(kind: .svm)
/// spec.settings = .svm(LinearSettings(penalty: LinearRegularization(l2: 1e-5), intercept: true))
/// ```
public struct LinearSettings: Sendable, Hashable, Codable {
    public var penalty: LinearRegularization
    public var intercept: Bool
    /// λ = 1/n, n the training rows, in place of `penalty.l2`: LIBLINEAR's default
    /// C = 1 (its objective C·Σ loss + ½‖w‖² is this one's mean loss + λ/2‖w‖² with
    /// λ = 1/(C·n)). A penalty that shrinks as data grows, as a user's data needs; the
    /// paper's fixed λ is for reproducing the paper.
    public var lambdaFromRows: Bool

    public init(
        penalty: LinearRegularization = LinearRegularization(), intercept: Bool = false, lambdaFromRows: Bool = false
    ) {
        self.penalty = penalty
        self.intercept = intercept
        self.lambdaFromRows = lambdaFromRows
    }

    /// The penalty for `rows` training rows.
    public func penalty(rows: Int) -> LinearRegularization {
        guard lambdaFromRows else { return penalty }
        var scaled = penalty
        scaled.l2 = 1 / Float(max(1, rows))
        return scaled
    }

    private enum Keys: String, CodingKey { case intercept, lambdaFromRows }

    /// Written flat, the penalty's fields beside `intercept` and `lambdaFromRows`
    /// (absent in files written before they were settings: false).
    public init(from decoder: Decoder) throws {
        penalty = try LinearRegularization(from: decoder)
        let container = try decoder.container(keyedBy: Keys.self)
        intercept = try container.decodeIfPresent(Bool.self, forKey: .intercept) ?? false
        lambdaFromRows = try container.decodeIfPresent(Bool.self, forKey: .lambdaFromRows) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        try penalty.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(intercept, forKey: .intercept)
        try container.encode(lambdaFromRows, forKey: .lambdaFromRows)
    }
}
