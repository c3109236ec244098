import HogwildAutograd
import HogwildCore
import HogwildSupport

/// What a layer owns of the shared parameter vector: how many coordinates, and how
/// they start. Layers take their parameters in the order they are called, so a
/// model's layout is the order of its layers (see ``ForwardPass``).
public protocol LayerParameters: Sendable, CustomStringConvertible {
    /// Coordinates of the parameter vector this layer reads.
    var parameterCount: Int { get }
    /// Appends this layer's starting values (`parameterCount` of them) to `parameters`.
    func initialize(_ parameters: inout [Float], random: inout Xoshiro256)
}

/// A differentiable function of a tensor with parameters in the shared vector, called
/// like a function: `let h = try linear(x, &pass)`.
///
/// A layer takes its parameters from `pass.parameters` each time it is called, so each
/// layer is called once per forward pass, in layout order (a recurrent layer uses its
/// weights at every time step of that one call).
///
/// ```swift
/// struct Residual: Layer {
///     let inner: Linear
///     var parameterCount: Int { inner.parameterCount }
///     var description: String { "Residual(\(inner))" }
///     func initialize(_ p: inout [Float], random: inout Xoshiro256) { inner.initialize(&p, random: &random) }
///     func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
///         try pass.tape.add(x, inner(x, &pass))
///     }
/// }
/// ```
public protocol Layer: LayerParameters {
    func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor
}

extension LayerParameters {
    public var parameterCount: Int { 0 }
    public func initialize(_ parameters: inout [Float], random: inout Xoshiro256) {}
}

/// One forward pass of a model on a worker: the tape, the cursor over the bound
/// parameters (layout order), the worker's random stream (dropout) and whether it trains.
public struct ForwardPass {
    public let tape: Tape
    public var parameters: ParameterCursor
    public var random: Xoshiro256
    public let training: Bool

    public init(tape: Tape, random: Xoshiro256, training: Bool, offset: Int = 0) {
        self.tape = tape
        parameters = ParameterCursor(tape, offset: offset)
        self.random = random
        self.training = training
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

    /// Appends `weights` weights and `biases` biases.
    func append(_ parameters: inout [Float], weights: Int, biases: Int, fanIn: Int, fanOut: Int, random: inout Xoshiro256) {
        parameters.reserveCapacity(parameters.count + weights + biases)
        switch self {
        case .pytorch:
            let bound = 1 / Float(max(1, fanIn)).squareRoot()
            for _ in 0..<(weights + biases) { parameters.append((random.nextUnitFloat() * 2 - 1) * bound) }
        case .he:
            let std = (2 / Double(max(1, fanIn))).squareRoot()
            for _ in 0..<weights { parameters.append(Float(random.nextGaussian() * std)) }
            parameters.append(contentsOf: repeatElement(0, count: biases))
        case .glorot:
            let bound = (6 / Float(max(1, fanIn + fanOut))).squareRoot()
            for _ in 0..<weights { parameters.append((random.nextUnitFloat() * 2 - 1) * bound) }
            parameters.append(contentsOf: repeatElement(0, count: biases))
        }
    }
}
