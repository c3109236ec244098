import CHogwildKernels

/// AdaGrad (Duchi, Hazan and Singer), PyTorch's convention:
///
///     G ← G + g²           (G starts at `initialAccumulator`)
///     x ← x − γ·g / (√G + ε)
///
/// ε sits outside the root (PyTorch, Keras add it there; TensorFlow's original
/// `AdagradOptimizer` instead starts G at 0.1 and has no ε). On a sparse term only the
/// term's coordinates are read and written, as in Vowpal Wabbit and LIBMF: a rare
/// feature keeps a large step until it has been seen often.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), optimizer: AdaGrad(),
///                          configuration: .init(threads: 4, schedule: .constant(0.1))).run(on: x)
/// ```
public struct AdaGrad: OptimizerRule {
    public typealias State = AdaGradSum

    /// ε, added to √G; > 0.
    public var epsilon: Float
    /// G's starting value, ≥ 0.
    public var initialAccumulator: Float
    /// λ, the L2 penalty added to the gradient.
    public var weightDecay: Float

    public init(epsilon: Float = 1e-10, initialAccumulator: Float = 0, weightDecay: Float = 0) {
        self.epsilon = epsilon
        self.initialAccumulator = initialAccumulator
        self.weightDecay = weightDecay
    }

    public func initialState(_ index: Int) -> Float { initialAccumulator }
    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("epsilon", epsilon, epsilon > 0, "a finite number > 0")
        try TrainingError.check(
            "initial accumulator", initialAccumulator, initialAccumulator >= 0, "a finite number ≥ 0")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(
        gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: State
    ) -> Float {
        let g = raw + weightDecay * x
        let sum = state.sum.load(j) + g * g
        state.sum.store(sum, at: j)
        return -step.stepSize * g / (sum.squareRoot() + epsilon)
    }

    /// The same rule over a dense run, vectorized.
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        var k = step.constants(epsilon: epsilon, decay: weightDecay)
        hogwild_run_adagrad(values, state.sum.floats + range.lowerBound, parameters, range.count, &k)
    }
}

extension AdaGrad {
    public static let name = "adagrad"
    public static let summary = "G ← G + g²; x ← x − γg/(√G + ε)"
    public static var settings: [OptimizerSetting] {
        let d = AdaGrad()
        return [
            .init(.epsilon, d.epsilon), .init(.initialAccumulator, d.initialAccumulator),
            .init(.weightDecay, d.weightDecay),
        ]
    }
    public init(settings s: OptimizerSettings) {
        let d = AdaGrad()
        self.init(
            epsilon: s[.epsilon] ?? d.epsilon, initialAccumulator: s[.initialAccumulator] ?? d.initialAccumulator,
            weightDecay: s[.weightDecay] ?? d.weightDecay)
    }
    /// 0.5 × 0.9 an epoch for every workload (steps are already normalised per
    /// coordinate; the best of the schedules tried on the Debian text SVM).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { .epochDecay(initial: 0.5, factor: 0.9) }
}

/// AdaGrad's state: the sum of squared gradients G (PyTorch's `sum`).
@frozen
public struct AdaGradSum: OptimizerStateLayout {
    public static var names: [String] { ["sum"] }
    public let sum: UnsafeParameterMemory
    @inlinable public init(_ buffers: OptimizerBuffers) { sum = buffers[0] }
}
