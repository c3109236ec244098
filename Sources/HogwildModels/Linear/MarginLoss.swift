import HogwildPlatform

/// A loss ℓ(p, y) of a linear model's prediction p = xᵀa against label y, with its
/// derivative in p. A linear model's term gradient is ℓ'(p, y)·a, so the loss is all
/// that differs between an SVM, logistic regression and least squares.
public protocol MarginLoss: Sendable {
    /// The name in results ("hinge", "logistic", "squared").
    static var name: String { get }
    /// Whether labels must be ±1 (classification).
    static var needsBinaryLabels: Bool { get }
    /// ℓ(p, y).
    static func loss(prediction: Float, label: Float) -> Float
    /// ∂ℓ/∂p at (p, y).
    static func derivative(prediction: Float, label: Float) -> Float
}

/// The SVM's hinge loss max(0, 1 − y·p); subgradient −y where y·p < 1, else 0.
public enum HingeLoss: MarginLoss {
    public static var name: String { "hinge" }
    public static var needsBinaryLabels: Bool { true }
    @inlinable @inline(__always)
    public static func loss(prediction p: Float, label y: Float) -> Float { max(0, 1 - y * p) }
    @inlinable @inline(__always)
    public static func derivative(prediction p: Float, label y: Float) -> Float { y * p < 1 ? -y : 0 }
}

/// Logistic regression's log loss log(1 + e^(−y·p)), computed without overflow.
public enum LogisticLoss: MarginLoss {
    public static var name: String { "logistic" }
    public static var needsBinaryLabels: Bool { true }
    @inlinable @inline(__always)
    public static func loss(prediction p: Float, label y: Float) -> Float {
        let z = -y * p
        // log(1 + e^z) = max(z, 0) + log(1 + e^−|z|)
        return max(z, 0) + log1pf(expf(-abs(z)))
    }
    @inlinable @inline(__always)
    public static func derivative(prediction p: Float, label y: Float) -> Float {
        // −y·σ(−y·p), with σ evaluated on the stable side.
        let z = y * p
        return z >= 0 ? -y * expf(-z) / (1 + expf(-z)) : -y / (1 + expf(z))
    }
}

/// Least squares ½(p − y)².
public enum SquaredLoss: MarginLoss {
    public static var name: String { "squared" }
    public static var needsBinaryLabels: Bool { false }
    @inlinable @inline(__always)
    public static func loss(prediction p: Float, label y: Float) -> Float { 0.5 * (p - y) * (p - y) }
    @inlinable @inline(__always)
    public static func derivative(prediction p: Float, label y: Float) -> Float { p - y }
}
