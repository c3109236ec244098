/// SGD with Nesterov momentum, PyTorch's convention (`SGD(momentum: μ, nesterov: true)`):
///
///     b ← μ·b + g          (b starts at 0)
///     x ← x − γ·(g + μ·b)
///
/// This is the look-ahead form of Sutskever et al. rewritten at the shifted point, as
/// PyTorch, Keras and TensorFlow implement it; like ``Momentum`` it treats a changing
/// γ differently from the v-form.
///
/// ```swift
/// let report = try Trainer(objective: mc, scheme: PlainHogwild(), optimizer: Nesterov(momentum: 0.9),
///                          configuration: .init(threads: 4, schedule: .constant(0.003))).run(on: x)
/// ```
public struct Nesterov: Optimizer, Hashable, Codable {
    /// μ, in [0, 1).
    public var momentum: Float
    /// λ, the L2 penalty added to the gradient.
    public var weightDecay: Float

    public init(momentum: Float = 0.9, weightDecay: Float = 0) {
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public var name: String { "nesterov" }
    public var stateCount: Int { 1 }
    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("momentum", momentum, momentum >= 0 && momentum < 1, "in [0, 1)")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
                      state: OptimizerStateView) -> Float {
        let g = raw + weightDecay * x
        let b = momentum * state.first.load(j) + g
        state.first.store(b, at: j)
        return -step.stepSize * (g + momentum * b)
    }
}
