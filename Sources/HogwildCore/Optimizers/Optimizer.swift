import CHogwildKernels

/// Turns a term's gradient into the step written to shared memory: the update rule,
/// apart from the model (which only gives gradients) and from the scheme (which only
/// decides how writes reach memory).
///
/// A rule is element-wise: for each coordinate j of the term's gradient it returns the
/// step Δx_j from g_j, the current x_j and the rule's per-coordinate state, its
/// ``State``: a typed view of companion buffers laid out like the parameters (a
/// momentum buffer, Adam's two moments, AMSGrad's three), placed by the trainer
/// (``OptimizerStatePlacement``) — shared by all workers and read and written with
/// relaxed atomics like the parameters, or one set per worker. Only the coordinates a
/// term names are read and written, so a sparse step stays O(nnz). L2 weight decay λ
/// is each rule's own setting, folded into the gradient as PyTorch's `weight_decay` is
/// (g ← g + λ·x), except AdamW's, which is decoupled.
///
/// Per-term constants (the step size, Adam's bias corrections) are computed once a
/// term by ``stepConstants(stepSize:update:)``, not once a coordinate.
///
/// A rule the command line, sweeps and files can name is an ``OptimizerRule`` listed
/// in ``OptimizerCatalog``.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), optimizer: AdaGrad(),
///                          configuration: .init(threads: 4, schedule: .constant(0.1))).run(on: x)
/// ```
public protocol Optimizer: Sendable {
    /// The rule's view of its state buffers (an ``OptimizerStateLayout`` for a rule of
    /// its own; a rule chosen at run time holds the chosen rule's).
    associatedtype State

    /// The name in results and on the command line (`adam`).
    var name: String { get }
    /// The state buffers' names, in order (``OptimizerStateLayout/names`` by default).
    var stateNames: [String] { get }
    /// A worker's view of `buffers`, which hold the ``stateNames`` buffers (made once
    /// per worker and run).
    func makeState(_ buffers: OptimizerBuffers) -> State
    /// The value state buffer `index` starts at (default 0).
    func initialState(_ index: Int) -> Float
    /// Whether ``delta(gradient:parameter:at:step:state:)`` uses x (weight decay; default
    /// false). When false the trainer may pass 0 for x in dense runs and skip reading it.
    var readsParameters: Bool { get }

    /// Throws ``TrainingError/invalidParameter(name:value:expected:)`` naming the
    /// first hyperparameter out of range.
    func validate() throws(TrainingError)

    /// The per-term constants for step size `stepSize` at update `update` (1 for the
    /// first; see ``OptimizerStatePlacement`` for how it is counted).
    func stepConstants(stepSize: Float, update: Int) -> OptimizerStep

    /// Δx_j for gradient `g` at coordinate `j` whose current value is `x`, updating
    /// the rule's state for j in `state`.
    func delta(gradient g: Float, parameter x: Float, at j: Int, step: OptimizerStep, state: State) -> Float

    /// A dense run at once: replaces the gradients `values` of coordinates `range` by
    /// their steps Δx, updating the state of the whole run. `parameters` holds the
    /// coordinates' current values when the rule reads them (``readsParameters``), nil
    /// otherwise. The default calls ``delta(gradient:parameter:at:step:state:)`` per
    /// coordinate; the built-in rules run vectorized C (`hogwild_run_*`), which a dense
    /// layer's millions of coordinates need.
    func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?)

    /// Whether the stepper hands this rule a term's scattered entries all at once
    /// (``scatteredDeltas(_:olds:indices:count:step:state:)``) instead of one call per
    /// coordinate as the gradient is computed; true for a rule chosen at run time, whose
    /// every call is indirect.
    var batchesScatteredEntries: Bool { get }

    /// Replaces each gradient `values[i]` of coordinate `indices[i]`, whose current value
    /// is `olds[i]`, by its step Δx. The default calls
    /// ``delta(gradient:parameter:at:step:state:)`` for each.
    func scatteredDeltas(
        _ values: UnsafeMutablePointer<Float>, olds: UnsafePointer<Float>, indices: UnsafePointer<Int>, count: Int,
        step: OptimizerStep, state: State)
}

extension Optimizer where State: OptimizerStateLayout {
    public var stateNames: [String] { State.names }
    @inlinable public func makeState(_ buffers: OptimizerBuffers) -> State { State(buffers) }
}

extension Optimizer {
    /// State buffers the rule keeps.
    public var stateCount: Int { stateNames.count }
    @inlinable public func initialState(_ index: Int) -> Float { 0 }
    @inlinable public var readsParameters: Bool { false }
    @inlinable
    public func stepConstants(stepSize: Float, update: Int) -> OptimizerStep { OptimizerStep(stepSize: stepSize) }

    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: State,
        parameters: UnsafePointer<Float>?
    ) {
        for k in 0..<range.count {
            values[k] = delta(
                gradient: values[k], parameter: parameters?[k] ?? 0, at: range.lowerBound + k, step: step, state: state)
        }
    }

    @inlinable public var batchesScatteredEntries: Bool { false }

    @inlinable
    public func scatteredDeltas(
        _ values: UnsafeMutablePointer<Float>, olds: UnsafePointer<Float>, indices: UnsafePointer<Int>, count: Int,
        step: OptimizerStep, state: State
    ) {
        for i in 0..<count {
            values[i] = delta(gradient: values[i], parameter: olds[i], at: indices[i], step: step, state: state)
        }
    }
}

/// The constants of one term's step: γ and, for Adam, its bias corrections.
@frozen
public struct OptimizerStep: Sendable {
    /// γ, the schedule's step size for this term.
    public var stepSize: Float
    /// 1 / (1 − β₁ᵗ) for Adam (1 otherwise).
    public var firstCorrection: Float
    /// 1 / √(1 − β₂ᵗ) for Adam (1 otherwise).
    public var secondCorrection: Float

    @inlinable
    public init(stepSize: Float, firstCorrection: Float = 1, secondCorrection: Float = 1) {
        self.stepSize = stepSize
        self.firstCorrection = firstCorrection
        self.secondCorrection = secondCorrection
    }
}

extension OptimizerStep {
    /// The C kernels' constants for this step and a rule's own settings.
    @inlinable
    func constants(
        beta1: Float = 0, beta2: Float = 0, epsilon: Float = 0, decay: Float = 0, decoupled: Float = 0
    ) -> hogwild_rule_constants {
        hogwild_rule_constants(
            step: stepSize, c1: firstCorrection, c2: secondCorrection, beta1: beta1, beta2: beta2, epsilon: epsilon,
            decay: decay, decoupled: decoupled)
    }
}

/// Checks shared by the optimizers' `validate()`.
extension TrainingError {
    static func check(_ name: String, _ value: Float, _ valid: Bool, _ expected: String) throws(TrainingError) {
        // Through the shortest decimal text, so 0.9 reads "0.9", not "0.8999999761581421".
        guard value.isFinite, valid else {
            throw .invalidParameter(name: name, value: Double("\(value)") ?? Double(value), expected: expected)
        }
    }
}
