import CHogwildKernels

/// SGD with heavy-ball momentum, PyTorch's convention (`SGD(momentum: μ)`, no
/// dampening):
///
///     b ← μ·b + g          (b starts at 0, so the first step is b = g)
///     x ← x − γ·b
///
/// Conventions differ between libraries: Sutskever et al. and TensorFlow's
/// `MomentumOptimizer` fold γ into the buffer (v ← μ·v − γ·g; x ← x + v), which is the
/// same rule while γ is constant but not when a schedule changes it (PyTorch's form
/// applies a new γ to the whole buffer at once). The steady-state step is γ/(1 − μ)
/// times SGD's, so the harness scales a workload's SGD step size by (1 − μ) when no
/// step size is given.
///
/// ```swift
/// let report = try Trainer(objective: mc, scheme: RelaxedHogwild(), optimizer: Momentum(momentum: 0.9),
///                          configuration: .init(threads: 4, schedule: .constant(0.003))).run(on: x)
/// ```
public struct Momentum: OptimizerRule {
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
        return -step.stepSize * b
    }

    /// The same rule over a dense run, vectorized (racing workers see each b_j whole,
    /// as on the per-coordinate path).
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta1: momentum, decay: weightDecay)
        hogwild_run_momentum(values, state.buffer.floats + range.lowerBound, parameters, range.count, 0, &k)
    }
}

extension Momentum {
    public static let name = "momentum"
    public static let summary = "b ← μb + g; x ← x − γb (b starts at 0)"
    public static var settings: [OptimizerSetting] {
        let d = Momentum()
        return [.init(.momentum, d.momentum), .init(.weightDecay, d.weightDecay)]
    }
    public init(settings s: OptimizerSettings) {
        let d = Momentum()
        self.init(momentum: s[.momentum] ?? d.momentum, weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// The workload's SGD schedule × (1 − μ), so that the steady-state step matches SGD's.
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { schedule.scaled(by: 1 - momentum) }
}

/// The state of heavy-ball rules: one buffer b (PyTorch's `momentum_buffer`).
@frozen
public struct MomentumBuffer: OptimizerStateLayout {
    public static var names: [String] { ["momentum_buffer"] }
    public let buffer: UnsafeParameterMemory
    @inlinable public init(_ buffers: OptimizerBuffers) { buffer = buffers[0] }
}
