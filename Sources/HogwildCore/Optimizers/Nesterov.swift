import CHogwildKernels

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
/// let report = try Trainer(objective: mc, scheme: RelaxedHogwild(), optimizer: Nesterov(momentum: 0.9),
///                          configuration: .init(threads: 4, schedule: .constant(0.003))).run(on: x)
/// ```
public struct Nesterov: OptimizerRule {
    public typealias State = MomentumBuffer

    /// μ, in [0, 1).
    public var momentum: Float
    /// λ, the L2 penalty added to the gradient.
    public var weightDecay: Float

    public init(momentum: Float = 0.9, weightDecay: Float = 0) {
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("momentum", momentum, momentum >= 0 && momentum < 1, "in [0, 1)")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(
        gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        let g = raw + weightDecay * x
        let b = momentum * state.buffer.load(j) + g
        state.buffer.store(b, at: j)
        return -step.stepSize * (g + momentum * b)
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta1: momentum, decay: weightDecay)
        hogwild_run_momentum(values, state.buffer.floats + range.lowerBound, parameters, range.count, 1, &k)
    }
}

extension Nesterov {
    public static let name = "nesterov"
    public static let summary = "b ← μb + g; x ← x − γ(g + μb)"
    public static var settings: [OptimizerSetting] {
        let d = Nesterov()
        return [.init(.momentum, d.momentum), .init(.weightDecay, d.weightDecay)]
    }
    public init(settings s: OptimizerSettings) {
        let d = Nesterov()
        self.init(momentum: s[.momentum] ?? d.momentum, weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// As ``Momentum``'s: the SGD schedule × (1 − μ).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { schedule.scaled(by: 1 - momentum) }
}
