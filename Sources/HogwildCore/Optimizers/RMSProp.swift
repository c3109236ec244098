import CHogwildKernels

/// RMSProp (Hinton's lecture notes), PyTorch's convention (no momentum, not centered):
///
///     v ← α·v + (1 − α)·g²     (v starts at 0)
///     x ← x − γ·g / (√v + ε)
///
/// ε sits outside the root, as in PyTorch; Keras and TensorFlow put it inside
/// (√(v + ε)), which matters only while v is tiny.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), optimizer: RMSProp(),
///                          configuration: .init(threads: 4, schedule: .constant(0.01))).run(on: x)
/// ```
public struct RMSProp: OptimizerRule {
    public typealias State = SquareAverage

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

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("alpha", alpha, alpha >= 0 && alpha < 1, "in [0, 1)")
        try TrainingError.check("epsilon", epsilon, epsilon > 0, "a finite number > 0")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(
        gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        let g = raw + weightDecay * x
        let v = alpha * state.average.load(j) + (1 - alpha) * g * g
        state.average.store(v, at: j)
        return -step.stepSize * g / (v.squareRoot() + epsilon)
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(beta2: alpha, epsilon: epsilon, decay: weightDecay)
        hogwild_run_rmsprop(values, state.average.floats + range.lowerBound, parameters, range.count, &k)
    }
}

extension RMSProp {
    public static let name = "rmsprop"
    public static let summary = "v ← αv + (1−α)g²; x ← x − γg/(√v + ε)"
    public static var settings: [OptimizerSetting] {
        let d = RMSProp()
        return [.init(.rho, d.alpha), .init(.epsilon, d.epsilon), .init(.weightDecay, d.weightDecay)]
    }
    public init(settings s: OptimizerSettings) {
        let d = RMSProp()
        self.init(
            alpha: s[.rho] ?? d.alpha, epsilon: s[.epsilon] ?? d.epsilon, weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// 0.001, constant (PyTorch's default).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { .constant(0.001) }
}

/// RMSProp's state: the running average of squared gradients (PyTorch's `square_avg`).
@frozen
public struct SquareAverage: OptimizerStateLayout {
    public static var names: [String] { ["square_avg"] }
    public let average: UnsafeParameterMemory
    @inlinable public init(_ buffers: OptimizerBuffers) { average = buffers[0] }
}
