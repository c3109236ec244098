/// RMSProp (Hinton's lecture notes), PyTorch's convention (no momentum, not centered):
///
///     v ← α·v + (1 − α)·g²     (v starts at 0)
///     x ← x − γ·g / (√v + ε)
///
/// ε sits outside the root, as in PyTorch; Keras and TensorFlow put it inside
/// (√(v + ε)), which matters only while v is tiny.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: PlainHogwild(), optimizer: RMSProp(),
///                          configuration: .init(threads: 4, schedule: .constant(0.01))).run(on: x)
/// ```
public struct RMSProp: Optimizer, Hashable, Codable {
    /// α, the decay of the squared-gradient average, in [0, 1).
    public var alpha: Float
    /// ε, added to √v; > 0.
    public var epsilon: Float
    /// λ, the L2 penalty added to the gradient.
    public var weightDecay: Float

    public init(alpha: Float = 0.99, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public var name: String { "rmsprop" }
    public var stateCount: Int { 1 }
    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("alpha", alpha, alpha >= 0 && alpha < 1, "in [0, 1)")
        try TrainingError.check("epsilon", epsilon, epsilon > 0, "a finite number > 0")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
                      state: OptimizerStateView) -> Float {
        let g = raw + weightDecay * x
        let v = alpha * state.first.load(j) + (1 - alpha) * g * g
        state.first.store(v, at: j)
        return -step.stepSize * g / (v.squareRoot() + epsilon)
    }
}
