import HogwildAutograd
import HogwildCore
import HogwildSupport

/// A model whose loss on a term (a minibatch) is recorded on a ``Tape``, trained by
/// ``NetworkObjective`` on one shared parameter vector through any scheme and optimizer.
///
/// The model reads its parameters with ``Tape/parameter(at:_:)`` at fixed offsets of
/// that vector (its layout), builds its forward pass from the tape's ops and returns a
/// scalar loss; the objective does the rest (snapshot, backward, step).
///
/// ```swift
/// struct Regression: DifferentiableModel {
///     let x: [Float], y: [Float]                       // 100 samples, one feature
///     var parameterCount: Int { 2 }
///     var termCount: Int { 10 }                        // minibatches of 10
///     var sampleCount: Int { 100 }
///     func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
///         let rows = term * 10..<term * 10 + 10
///         let input = tape.constant(Shape(10, 1), Array(x[rows]))
///         let w = try tape.parameter(at: 0, Shape(1, 1)), b = try tape.parameter(at: 1, Shape(1))
///         let prediction = try tape.add(tape.matmul(input, w), b)
///         return try tape.meanSquaredError(prediction, tape.constant(Shape(10, 1), Array(y[rows])))
///     }
/// }
/// ```
public protocol DifferentiableModel: Sendable {
    /// Coordinates of the parameter vector the model reads.
    var parameterCount: Int { get }
    /// The model's tensors by name, covering the parameter vector in layout order
    /// (default: one tensor `parameters`); what a saved network lists.
    var parameterTensors: [NamedTensor] { get }
    /// Terms (minibatches).
    var termCount: Int { get }
    /// Samples in all terms together.
    var sampleCount: Int { get }
    /// Starting parameters (default: zeros); deterministic in `seed` and independent of the worker count.
    func initialParameters(seed: UInt64) -> [Float]
    /// Records the loss of `term` on `tape`, whose parameters are bound. Dropout draws
    /// from `random` (the worker's stream) when `training`.
    func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor
}

extension DifferentiableModel {
    public func initialParameters(seed: UInt64) -> [Float] { Array(repeating: 0, count: parameterCount) }
    public var parameterTensors: [NamedTensor] {
        [NamedTensor(name: "parameters", offset: 0, shape: Shape(parameterCount))]
    }
}

/// A worker's scratch for a ``NetworkObjective``: its tape and its snapshot of the parameters.
public final class NetworkWorkspace {
    /// The worker's tape (reset before every term).
    public let tape = Tape()
    /// The parameters as this worker read them for the current term.
    let snapshot: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        snapshot = .allocate(capacity: max(1, count))
    }

    deinit { snapshot.deallocate() }
}

/// A ``DifferentiableModel`` as an ``Objective``: each term is a minibatch, and a
/// step is dense (every coordinate).
///
/// How a worker reads the shared parameters: where the scheme's reader offers the
/// storage itself (``ParameterReader/directStorage(_:)``: plain and atomic HOGWILD!
/// outside ThreadSanitizer builds), a weight that only enters GEMMs is read by the GEMM
/// straight from shared memory (packed, or streamed at batch one), and every other
/// tensor is copied into the worker's snapshot when first used, with the vectorized
/// bulk read; elsewhere (locks, round robin, hot replicas) the worker copies the whole
/// vector at the start of the term through the reader. The backward pass accumulates
/// straight into the worker's gradient buffer (one run over all coordinates), which the
/// optimizer then applies through the scheme.
///
/// ```swift
/// let objective = try NetworkObjective(model)
/// let x = try SharedParameters(count: objective.dimension)
/// try x.copyIn(model.initialParameters(seed: 1))
/// let report = try Trainer(objective: objective, scheme: .hogwild, configuration: config).run(on: x)
/// ```
public struct NetworkObjective<Model: DifferentiableModel>: Objective {
    public let model: Model

    /// Wraps `model` after recording one forward and backward pass of term 0 at the
    /// model's initial parameters, so that a shape error is a typed error here and
    /// cannot appear in the middle of training.
    public init(_ model: Model) throws(AutogradError) {
        self.model = model
        guard model.termCount > 0 else { throw .emptyBatch(operation: "NetworkObjective") }
        let parameters = model.initialParameters(seed: 0)
        guard parameters.count == model.parameterCount else {
            throw .invalidArgument(
                operation: "NetworkObjective",
                detail: "initialParameters gave \(parameters.count) values for \(model.parameterCount) parameters")
        }
        let tape = Tape()
        var values = parameters
        var gradients = [Float](repeating: 0, count: parameters.count)
        var random = Xoshiro256(seed: 0)
        try values.withUnsafeMutableBufferPointer { (v) throws(AutogradError) in
            try gradients.withUnsafeMutableBufferPointer { (g) throws(AutogradError) in
                tape.bind(values: v.baseAddress!, gradients: g.baseAddress!, count: v.count)
                let loss = try model.loss(term: 0, tape: tape, random: &random, training: true)
                try tape.backward(from: loss)
            }
        }
    }

    public var termCount: Int { model.termCount }
    public var dimension: Int { model.parameterCount }
    public var sampleCount: Int { model.sampleCount }
    public var gradientCapacityHint: Int { 1 }
    /// Each step's forward pass computes its minibatch's loss: an epoch can report their
    /// mean without another pass over the data.
    public var recordsTrainingLoss: Bool { true }

    /// Every term (a minibatch) touches every coordinate.
    public var stepsAreDense: Bool { true }

    /// The mean minibatch loss over every term, the minibatches spread over the
    /// machine's cores (in chunks of a few: a network has hundreds of terms, not millions).
    public func evaluate(parameters: UnsafeParameterMemory) -> Double {
        meanTermLoss(parameters: parameters, chunk: 4)
    }

    public func makeWorkspace() -> NetworkWorkspace { NetworkWorkspace(count: model.parameterCount) }

    public func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at parameters: R, into gradient: inout G,
        context: inout WorkerContext<NetworkWorkspace>
    ) {
        let workspace = context.workspace
        let count = workspace.count
        // Where the scheme lets C kernels read shared memory directly, weights go to the
        // GEMMs from there and only the rest is copied; otherwise one snapshot of all.
        let shared = parameters.directStorage(0..<count)
        if shared == nil { parameters.load(0..<count, into: workspace.snapshot) }
        // Not zeroed: the tape writes every coordinate (see Tape.bind), a pass fewer.
        let buffer = gradient.addRun(start: 0, count: count)
        let tape = workspace.tape
        tape.reset()
        tape.bind(
            values: workspace.snapshot, gradients: buffer.baseAddress!, count: count, gradientsZeroed: false,
            shared: shared)
        do {
            let loss = try model.loss(term: term, tape: tape, random: &context.random, training: context.isTraining)
            context.recordTrainingLoss(Double(tape.scalar(loss)))
            try tape.backward(from: loss)
            tape.finishParameterGradients()
        } catch {
            // The same shapes passed in init; a term whose shapes differ is a model bug.
            preconditionFailure("\(Model.self) term \(term): \(error)")
        }
        tape.reset()
    }

    public func loss(
        term: Int, at parameters: UnsafeParameterMemory, context: inout WorkerContext<NetworkWorkspace>
    ) -> Double {
        let workspace = context.workspace
        parameters.load(0..<workspace.count, into: workspace.snapshot)
        let tape = workspace.tape
        tape.reset()
        tape.bind(values: workspace.snapshot, gradients: nil, count: workspace.count)
        do {
            let loss = try model.loss(term: term, tape: tape, random: &context.random, training: false)
            let value = Double(tape.scalar(loss))
            tape.reset()
            return value
        } catch {
            preconditionFailure("\(Model.self) term \(term): \(error)")
        }
    }
}
