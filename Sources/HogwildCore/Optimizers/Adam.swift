import CHogwildKernels
import HogwildPlatform

/// Adam (Kingma and Ba), PyTorch's convention:
///
///     m ← β₁·m + (1 − β₁)·g         (m, v start at 0; t counts updates from 1)
///     v ← β₂·v + (1 − β₂)·g²
///     x ← x − γ·(m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε)
///
/// Bias correction uses the update count t of whoever owns the moments: with state
/// shared by all workers, t is the run's update count (each worker estimates it as its
/// own count × workers, no shared counter); with state per worker, the worker's own
/// count. Getting this wrong is a known bug of hand-rolled shared Adams in PyTorch A3C
/// code, whose shared moments were corrected with one process's count. ε sits outside
/// the root, after the correction (PyTorch, Keras); TensorFlow 1's "ε-hat" form folds
/// the correction into γ and ε differently. On sparse terms only the term's
/// coordinates' moments move (TensorFlow's LazyAdam behaviour, not PyTorch's dense
/// Adam, which would decay every moment on every step).
///
/// ```swift
/// let report = try Trainer(objective: mc, scheme: RelaxedHogwild(), optimizer: Adam(),
///                          configuration: .init(threads: 4, schedule: .constant(0.001))).run(on: x)
/// ```
public struct Adam: OptimizerRule {
    public typealias State = AdamMoments

    /// β₁ and β₂, each in [0, 1).
    public var beta1: Float
    public var beta2: Float
    /// ε, added to √v̂; > 0.
    public var epsilon: Float
    /// λ, the L2 penalty added to the gradient (use ``AdamW`` for decoupled decay).
    public var weightDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)")
        try TrainingError.check("beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)")
        try TrainingError.check("epsilon", epsilon, epsilon > 0, "a finite number > 0")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable
    public func stepConstants(stepSize: Float, update: Int) -> OptimizerStep {
        AdamRule.constants(stepSize: stepSize, update: update, beta1: beta1, beta2: beta2)
    }

    @inlinable @inline(__always)
    public func delta(
        gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        let g = raw + weightDecay * x
        return AdamRule.delta(g, j, step, state, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta1: beta1, beta2: beta2, epsilon: epsilon, decay: weightDecay)
        hogwild_run_adam(
            values, state.m.floats + range.lowerBound, state.v.floats + range.lowerBound, nil, parameters, range.count,
            &k)
    }
}

/// The moment updates ``Adam`` and ``AdamW`` share.
@usableFromInline
enum AdamRule {
    @inlinable
    static func constants(stepSize: Float, update: Int, beta1: Float, beta2: Float) -> OptimizerStep {
        let t = Double(max(1, update))
        let c1 = 1 / (1 - pow(Double(beta1), t))
        let c2 = 1 / (1 - pow(Double(beta2), t)).squareRoot()
        return OptimizerStep(stepSize: stepSize, firstCorrection: Float(c1), secondCorrection: Float(c2))
    }

    @inlinable @inline(__always)
    static func delta(
        _ g: Float, _ j: Int, _ step: OptimizerStep, _ state: AdamMoments,
        beta1: Float, beta2: Float, epsilon: Float
    ) -> Float {
        let m = beta1 * state.m.load(j) + (1 - beta1) * g
        let v = beta2 * state.v.load(j) + (1 - beta2) * g * g
        state.m.store(m, at: j)
        state.v.store(v, at: j)
        return -step.stepSize * (m * step.firstCorrection) / (v.squareRoot() * step.secondCorrection + epsilon)
    }
}

extension Adam {
    public static let name = "adam"
    public static let summary = "m, v moments; x ← x − γ·m̂/(√v̂ + ε), bias-corrected"
    public static var settings: [OptimizerSetting] {
        let d = Adam()
        return [
            .init(.beta1, d.beta1), .init(.beta2, d.beta2), .init(.epsilon, d.epsilon),
            .init(.weightDecay, d.weightDecay),
        ]
    }
    public init(settings s: OptimizerSettings) {
        let d = Adam()
        self.init(
            beta1: s[.beta1] ?? d.beta1, beta2: s[.beta2] ?? d.beta2, epsilon: s[.epsilon] ?? d.epsilon,
            weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// 0.001, constant (PyTorch's default).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { .constant(0.001) }
}

/// Adam's state: the first and second moments m and v (PyTorch's `exp_avg` and `exp_avg_sq`).
@frozen
public struct AdamMoments: OptimizerStateLayout {
    public static var names: [String] { ["exp_avg", "exp_avg_sq"] }
    public let m: UnsafeParameterMemory, v: UnsafeParameterMemory
    @inlinable public init(_ buffers: OptimizerBuffers) { (m, v) = (buffers[0], buffers[1]) }
}
