import CHogwildKernels

/// AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, PyTorch's
/// convention:
///
///     x ← x − γ·λ·x                 (decay by the schedule's γ times λ)
///     then Adam's step (see ``Adam``), on the gradient without any penalty.
///
/// The paper scales the decay by a schedule multiplier only (x ← x − η·λ·x); PyTorch and
/// this type multiply by γ itself, so λ = 0.01 with γ = 10⁻³ decays by 10⁻⁵ a step.
///
/// ```swift
/// let report = try Trainer(objective: model, scheme: RelaxedHogwild(), optimizer: AdamW(weightDecay: 0.01),
///                          configuration: .init(threads: 4, schedule: .constant(0.001))).run(on: x)
/// ```
public struct AdamW: OptimizerRule {
    public typealias State = AdamMoments

    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// λ, the decoupled decay, ≥ 0.
    public var weightDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try Adam(beta1: beta1, beta2: beta2, epsilon: epsilon).validate()
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable
    public func stepConstants(stepSize: Float, update: Int) -> OptimizerStep {
        AdamRule.constants(stepSize: stepSize, update: update, beta1: beta1, beta2: beta2)
    }

    @inlinable @inline(__always)
    public func delta(
        gradient g: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        -step.stepSize * weightDecay * x
            + AdamRule.delta(g, j, step, state, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta1: beta1, beta2: beta2, epsilon: epsilon, decoupled: weightDecay)
        hogwild_run_adam(
            values, state.m.floats + range.lowerBound, state.v.floats + range.lowerBound, nil, parameters, range.count,
            &k)
    }
}

extension AdamW {
    public static let name = "adamw"
    public static let summary = "Adam with decoupled decay x ← x − γλx"
    public static var settings: [OptimizerSetting] {
        let d = AdamW()
        return [
            .init(.beta1, d.beta1), .init(.beta2, d.beta2), .init(.epsilon, d.epsilon),
            .init(.weightDecay, d.weightDecay),
        ]
    }
    public init(settings s: OptimizerSettings) {
        let d = AdamW()
        self.init(
            beta1: s[.beta1] ?? d.beta1, beta2: s[.beta2] ?? d.beta2, epsilon: s[.epsilon] ?? d.epsilon,
            weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// 0.001, constant (PyTorch's default).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { .constant(0.001) }
}
