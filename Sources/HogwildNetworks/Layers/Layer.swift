import HogwildAutograd
import HogwildSupport

/// A differentiable function of a tensor whose parameters are named tensors of the
/// shared parameter vector, called like a function: `let h = try linear(x, &pass)`.
///
/// A layer owns its tensors from the moment it is made: on its own, it is a model whose
/// tensors start at coordinate 0 (`weight`, `bias`); a container binds its parts again,
/// one after another, under their names (a ``Sequential``'s `layers.0.weight`,
/// `layers.2.bias`, …) with ``bind(_:)``. A call reads the coordinates the layer owns,
/// whatever else ran before it, so a layer called twice uses the same weights both
/// times (tied: the gradients of both uses add up), and a layer skipped on some pass
/// moves nothing else.
///
/// ```swift
/// /// x + f(f(x)): the inner layer's weights are used twice (tied).
/// struct TwiceResidual: Layer {
///     var inner: Linear
///     var parameters: [NamedTensor] { inner.parameters }
///     var description: String { "TwiceResidual(\(inner))" }
///     mutating func bind(_ binder: inout ParameterBinder) { binder.scope("inner") { inner.bind(&$0) } }
///     func initialize(_ values: inout [Float], random: inout Xoshiro256) {
///         inner.initialize(&values, random: &random)
///     }
///     func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
///         try pass.tape.add(x, inner(inner(x, &pass), &pass))
///     }
/// }
/// ```
public protocol Layer: ParameterOwner {
    func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor
}

/// What owns tensors of the shared parameter vector: every ``Layer``, and parts such as
/// ``Embedding`` that are called on something other than a tensor.
public protocol ParameterOwner: Sendable, CustomStringConvertible {
    /// The tensors this layer owns, in layout order (empty for layers without parameters).
    var parameters: [NamedTensor] { get }
    /// Takes this layer's tensors from `binder`: the next coordinates of the shared
    /// vector, named under the binder's current scope.
    mutating func bind(_ binder: inout ParameterBinder)
    /// Writes this layer's starting values into its tensors' coordinates of `values`
    /// (the whole parameter vector), drawing from `random` in layout order.
    func initialize(_ values: inout [Float], random: inout Xoshiro256)
}

extension ParameterOwner {
    public var parameters: [NamedTensor] { [] }
    public mutating func bind(_ binder: inout ParameterBinder) {}
    public func initialize(_ values: inout [Float], random: inout Xoshiro256) {}

    /// Coordinates of the shared vector this layer owns.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// The layer's starting parameters as a vector of its own (bound from offset 0),
    /// deterministic in `seed`.
    public func initialParameters(seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        var values = [Float](repeating: 0, count: parameters.map(\.range.upperBound).max() ?? 0)
        initialize(&values, random: &random)
        return values
    }
}

/// One forward pass of a model on a worker: the tape (with the parameter vector bound),
/// the worker's random stream (dropout) and whether it trains.
public struct ForwardPass {
    public let tape: Tape
    public var random: Xoshiro256
    public let training: Bool

    public init(tape: Tape, random: Xoshiro256, training: Bool) {
        self.tape = tape
        self.random = random
        self.training = training
    }

    /// The tensor of the bound parameter vector that `tensor` names.
    public func parameter(_ tensor: NamedTensor) throws(AutogradError) -> Tensor {
        try tape.parameter(at: tensor.offset, tensor.shape)
    }
}

/// How a layer's weights start. Biases start at zero except under `.pytorch`.
public enum Initialization: String, Sendable, Hashable, Codable, CaseIterable {
    /// PyTorch's default for Linear, Conv2d and the recurrent layers: weights and biases
    /// uniform in ±1/√fan_in (the peers' networks start this way).
    case pytorch
    /// He (Kaiming) normal, std √(2/fan_in): for ReLU networks.
    case he
    /// Glorot (Xavier) uniform, ±√(6/(fan_in + fan_out)): for tanh and sigmoid networks.
    case glorot

    /// Fills `weight`'s coordinates of `values`, then `bias`'s.
    func fill(
        _ values: inout [Float], weight: NamedTensor, bias: NamedTensor?, fanIn: Int, fanOut: Int,
        random: inout Xoshiro256
    ) {
        let weights = weight.range, biases = bias?.range ?? 0..<0
        switch self {
        case .pytorch:
            let bound = 1 / Float(max(1, fanIn)).squareRoot()
            for j in weights { values[j] = (random.nextUnitFloat() * 2 - 1) * bound }
            for j in biases { values[j] = (random.nextUnitFloat() * 2 - 1) * bound }
        case .he:
            let std = (2 / Double(max(1, fanIn))).squareRoot()
            for j in weights { values[j] = Float(random.nextGaussian() * std) }
            for j in biases { values[j] = 0 }
        case .glorot:
            let bound = (6 / Float(max(1, fanIn + fanOut))).squareRoot()
            for j in weights { values[j] = (random.nextUnitFloat() * 2 - 1) * bound }
            for j in biases { values[j] = 0 }
        }
    }
}
