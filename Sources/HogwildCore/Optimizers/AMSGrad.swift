import CHogwildKernels
import HogwildPlatform

/// AMSGrad (Reddi, Kale and Kumar, "On the Convergence of Adam and Beyond"), PyTorch's
/// `Adam(amsgrad=True)`:
///
///     m ← β₁·m + (1 − β₁)·g         (m, v, v̂ start at 0; t counts updates from 1)
///     v ← β₂·v + (1 − β₂)·g²
///     v̂ ← max(v̂, v)
///     x ← x − γ·(m / (1 − β₁ᵗ)) / (√v̂ / √(1 − β₂ᵗ) + ε)
///
/// Adam's step can grow when v shrinks after a burst of large gradients; keeping the
/// running maximum v̂ makes the effective step size non-increasing per coordinate.
/// Bias corrections and the update count t are Adam's (see ``Adam``).
///
/// ```swift
/// let report = try Trainer(objective: mc, scheme: RelaxedHogwild(), optimizer: AMSGrad(),
///                          configuration: .init(threads: 4, schedule: .constant(0.001))).run(on: x)
/// ```
public struct AMSGrad: OptimizerRule {
    public typealias State = AMSGradMoments

    /// β₁ and β₂, each in [0, 1).
    public var beta1: Float
    public var beta2: Float
    /// ε, added to √v̂; > 0.
    public var epsilon: Float
    /// λ, the L2 penalty added to the gradient.
    public var weightDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay).validate()
    }

    @inlinable
    public func stepConstants(stepSize: Float, update: Int) -> OptimizerStep {
        AdamRule.constants(stepSize: stepSize, update: update, beta1: beta1, beta2: beta2)
    }

    @inlinable @inline(__always)
    public func delta(gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep, state: State) -> Float {
        let g = raw + weightDecay * x
        let m = beta1 * state.m.load(j) + (1 - beta1) * g
        let v = beta2 * state.v.load(j) + (1 - beta2) * g * g
        let peak = max(state.peak.load(j), v)
        state.m.store(m, at: j)
        state.v.store(v, at: j)
        state.peak.store(peak, at: j)
        return -step.stepSize * (m * step.firstCorrection) / (peak.squareRoot() * step.secondCorrection + epsilon)
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta1: beta1, beta2: beta2, epsilon: epsilon, decay: weightDecay)
        hogwild_run_adam(
            values, state.m.floats + range.lowerBound, state.v.floats + range.lowerBound,
            state.peak.floats + range.lowerBound, parameters, range.count, &k)
    }
}

extension AMSGrad {
    public static let name = "amsgrad"
    public static let summary = "Adam with v̂ ← max(v̂, v) in the denominator"
    public static var settings: [OptimizerSetting] {
        let d = AMSGrad()
        return [
            .init(.beta1, d.beta1), .init(.beta2, d.beta2), .init(.epsilon, d.epsilon),
            .init(.weightDecay, d.weightDecay),
        ]
    }
    public init(settings s: OptimizerSettings) {
        let d = AMSGrad()
        self.init(
            beta1: s[.beta1] ?? d.beta1, beta2: s[.beta2] ?? d.beta2, epsilon: s[.epsilon] ?? d.epsilon,
            weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// 0.001, constant (PyTorch's default).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { .constant(0.001) }
}

/// AMSGrad's state: Adam's moments and the running maximum v̂ of v (PyTorch's
/// `exp_avg`, `exp_avg_sq` and `max_exp_avg_sq`).
@frozen
public struct AMSGradMoments: OptimizerStateLayout {
    public static var names: [String] { ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] }
    public let m: UnsafeParameterMemory, v: UnsafeParameterMemory, peak: UnsafeParameterMemory
    @inlinable public init(_ buffers: OptimizerBuffers) { (m, v, peak) = (buffers[0], buffers[1], buffers[2]) }
}
