import CHogwildKernels

/// AdaDelta (Zeiler 2012), PyTorch's convention:
///
///     v ← ρ·v + (1 − ρ)·g²               (v, u start at 0)
///     δ ← √(u + ε) / √(v + ε) · g
///     u ← ρ·u + (1 − ρ)·δ²
///     x ← x − γ·δ
///
/// ε sits inside both roots, as in the paper. The paper has no γ (γ = 1, PyTorch's
/// default `lr=1.0`); it is kept so schedules apply.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), optimizer: AdaDelta(),
///                          configuration: .init(threads: 4, schedule: .constant(1))).run(on: x)
/// ```
public struct AdaDelta: OptimizerRule {
    public typealias State = AdaDeltaAverages

    /// ρ, the decay of both averages, in [0, 1).
    public var rho: Float
    /// ε, inside both roots; > 0.
    public var epsilon: Float
    /// λ, the L2 penalty added to the gradient.
    public var weightDecay: Float

    public init(rho: Float = 0.9, epsilon: Float = 1e-6, weightDecay: Float = 0) {
        self.rho = rho
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("rho", rho, rho >= 0 && rho < 1, "in [0, 1)")
        try TrainingError.check("epsilon", epsilon, epsilon > 0, "a finite number > 0")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(
        gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        let g = raw + weightDecay * x
        let v = rho * state.squares.load(j) + (1 - rho) * g * g
        state.squares.store(v, at: j)
        let u = state.deltas.load(j)
        let d = (u + epsilon).squareRoot() / (v + epsilon).squareRoot() * g
        state.deltas.store(rho * u + (1 - rho) * d * d, at: j)
        return -step.stepSize * d
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta2: rho, epsilon: epsilon, decay: weightDecay)
        hogwild_run_adadelta(
            values, state.squares.floats + range.lowerBound, state.deltas.floats + range.lowerBound, parameters,
            range.count, &k)
    }
}

extension AdaDelta {
    public static let name = "adadelta"
    public static let summary = "v ← ρv + (1−ρ)g²; δ = √(u+ε)/√(v+ε)·g; u ← ρu + (1−ρ)δ²; x ← x − γδ"
    public static var settings: [OptimizerSetting] {
        let d = AdaDelta()
        return [.init(.rho, d.rho), .init(.epsilon, d.epsilon), .init(.weightDecay, d.weightDecay)]
    }
    public init(settings s: OptimizerSettings) {
        let d = AdaDelta()
        self.init(
            rho: s[.rho] ?? d.rho, epsilon: s[.epsilon] ?? d.epsilon, weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// 1, constant (PyTorch's default).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { .constant(1) }
}

/// AdaDelta's state: the averages of squared gradients and of squared updates
/// (PyTorch's `square_avg` and `acc_delta`).
@frozen
public struct AdaDeltaAverages: OptimizerStateLayout {
    public static var names: [String] { ["square_avg", "acc_delta"] }
    public let squares: UnsafeParameterMemory, deltas: UnsafeParameterMemory
    @inlinable public init(_ buffers: OptimizerBuffers) { (squares, deltas) = (buffers[0], buffers[1]) }
}
