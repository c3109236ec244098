import HogwildAutograd
import HogwildSupport

/// A fully connected layer, y = x·Wᵀ + b over the last axis of a [batch, inputs] tensor
/// (PyTorch's layout and names: `weight` [outputs, inputs], then `bias` [outputs]).
///
/// ```swift
/// let fc = Linear(784, 128)
/// let h = try fc(x, &pass)          // [batch, 784] -> [batch, 128]
/// ```
public struct Linear: Layer {
    public let inputs: Int, outputs: Int
    public let hasBias: Bool
    public let initialization: Initialization
    /// The weight [outputs, inputs] and the bias [outputs] (nil when made with `bias: false`).
    public private(set) var weight = NamedTensor.unbound, bias: NamedTensor?

    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, initialization: Initialization = .pytorch) {
        self.inputs = inputs
        self.outputs = outputs
        hasBias = bias
        self.initialization = initialization
        var binder = ParameterBinder()
        bind(&binder)
    }

    public var parameters: [NamedTensor] { [weight] + (bias.map { [$0] } ?? []) }
    public var description: String { "Linear(\(inputs), \(outputs)\(hasBias ? "" : ", bias: false"))" }

    public mutating func bind(_ binder: inout ParameterBinder) {
        weight = binder.tensor("weight", Shape(outputs, inputs))
        bias = hasBias ? binder.tensor("bias", Shape(outputs)) : nil
    }

    public func initialize(_ values: inout [Float], random: inout Xoshiro256) {
        initialization.fill(&values, weight: weight, bias: bias, fanIn: inputs, fanOut: outputs, random: &random)
    }

    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        let w = try pass.parameter(weight)
        guard x.shape.rank == 2, x.shape[1] == inputs else {
            throw .shapeMismatch(
                operation: "\(self)", x.shape, Shape(x.shape[0], inputs), detail: "expects [batch, \(inputs)]")
        }
        let y = try pass.tape.matmul(x, w, transposeB: true)
        guard let bias else { return y }
        return try pass.tape.add(y, pass.parameter(bias))
    }
}
