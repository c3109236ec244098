import CHogwildKernels

/// Plain stochastic gradient descent, the paper's rule:
///
///     g ← g + λ·x          (weight decay λ, when set)
///     x ← x − γ·g
///
/// No state. With one thread it gives the serial SGD every speedup divides by.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), optimizer: SGD(),
///                          configuration: .init(threads: 4)).run(on: x)
/// ```
public struct SGD: OptimizerRule {
    public typealias State = NoOptimizerState

    /// λ, the L2 penalty added to the gradient (PyTorch's `weight_decay`).
    public var weightDecay: Float

    public init(weightDecay: Float = 0) { self.weightDecay = weightDecay }

    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(
        gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        // With decay 0 (the paper's SGD), raw + 0·x is raw exactly; no branch, which LLVM
        // would turn into a select that computes both sides anyway.
        let g = raw + weightDecay * x
        return -step.stepSize * g
    }

    /// −γ·(g + λx) over the run in one vectorized pass (no state).
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(decay: weightDecay)
        hogwild_run_sgd(values, parameters, range.count, &k)
    }
}

extension SGD {
    public static let name = "sgd"
    public static let summary = "x ← x − γ·g"
    public static var settings: [OptimizerSetting] { [.init(.weightDecay, SGD().weightDecay)] }
    public init(settings s: OptimizerSettings) { self.init(weightDecay: s[.weightDecay] ?? SGD().weightDecay) }
    /// The workload's own: the paper's γ0 × 0.9 an epoch.
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { schedule }
}
