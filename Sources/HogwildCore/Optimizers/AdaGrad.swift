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
/// let report = try Trainer(objective: svm, scheme: PlainHogwild(), optimizer: AdaGrad(),
///                          configuration: .init(threads: 4, schedule: .constant(0.1))).run(on: x)
/// ```
public struct AdaGrad: Optimizer, Hashable, Codable {
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

    public var name: String { "adagrad" }
    public var stateCount: Int { 1 }
    public func initialState(_ index: Int) -> Float { initialAccumulator }
    @inlinable public var readsParameters: Bool { weightDecay != 0 }

    public func validate() throws(TrainingError) {
        try TrainingError.check("epsilon", epsilon, epsilon > 0, "a finite number > 0")
        try TrainingError.check("initial accumulator", initialAccumulator, initialAccumulator >= 0, "a finite number ≥ 0")
        try TrainingError.check("weight decay", weightDecay, weightDecay >= 0, "a finite number ≥ 0")
    }

    @inlinable @inline(__always)
    public func delta(gradient raw: Float, parameter x: Float, at j: Int, step: OptimizerStep,
                      state: OptimizerStateView) -> Float {
        let g = raw + weightDecay * x
        let sum = state.first.load(j) + g * g
        state.first.store(sum, at: j)
        return -step.stepSize * g / (sum.squareRoot() + epsilon)
    }
}
