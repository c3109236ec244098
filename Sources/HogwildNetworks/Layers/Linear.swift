import HogwildAutograd
import HogwildCore
import HogwildSupport

/// A fully connected layer, y = x·Wᵀ + b over the last axis of a [batch, inputs] tensor
/// (PyTorch's layout: W is [outputs, inputs], then b).
///
/// ```swift
/// let fc = Linear(784, 128)
/// let h = try fc(x, &pass)          // [batch, 784] -> [batch, 128]
/// ```
public struct Linear: Layer {
    public let inputs: Int, outputs: Int
    public let bias: Bool
    public let initialization: Initialization

    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, initialization: Initialization = .pytorch) {
        self.inputs = inputs
        self.outputs = outputs
        self.bias = bias
        self.initialization = initialization
    }

    public var parameterCount: Int { outputs * inputs + (bias ? outputs : 0) }
    public var description: String { "Linear(\(inputs), \(outputs)\(bias ? "" : ", bias: false"))" }

    public func initialize(_ parameters: inout [Float], random: inout Xoshiro256) {
        initialization.append(&parameters, weights: outputs * inputs, biases: bias ? outputs : 0,
                              fanIn: inputs, fanOut: outputs, random: &random)
    }

    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        let w = try pass.parameters.next(Shape(outputs, inputs))
        let b = bias ? try pass.parameters.next(Shape(outputs)) : nil
        guard x.shape.rank == 2, x.shape[1] == inputs else {
            throw .shapeMismatch(operation: "\(self)", x.shape, Shape(x.shape[0], inputs), detail: "expects [batch, \(inputs)]")
        }
        let y = try pass.tape.matmul(x, w, transposeB: true)
        return try b.map { (b) throws(AutogradError) in try pass.tape.add(y, b) } ?? y
    }
}
