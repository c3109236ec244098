import HogwildAutograd

/// Flattens every axis after the batch axis: [b, c, h, w] -> [b, c·h·w] (no copy).
public struct Flatten: Layer {
    public init() {}
    public var description: String { "Flatten()" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        try pass.tape.reshape(x, Shape(x.shape[0], x.count / Swift.max(1, x.shape[0])))
    }
}

/// Gives each sample the shape `extents` (batch axis kept): `Reshape(28, 28)` reads a
/// [b, 1, 28, 28] image as a sequence of 28 rows of 28 pixels for a recurrent layer.
public struct Reshape: Layer {
    public let extents: [Int]
    public init(_ extents: Int...) { self.extents = extents }
    public var description: String { "Reshape(\(extents.map(String.init).joined(separator: ", ")))" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        guard let shape = Shape([x.shape[0]] + extents) else {
            throw .invalidShape(operation: "\(self)", x.shape, detail: "at most 3 extents after the batch axis")
        }
        return try pass.tape.reshape(x, shape)
    }
}

/// Dropout: while training, zeroes each element (or, `channelwise`, each channel of a
/// [b, c, h, w] tensor, like PyTorch's Dropout2d) with `probability` and scales the rest
/// by 1/(1 − p); the identity in evaluation. The mask comes from the worker's stream.
public struct Dropout: Layer {
    public let probability: Float
    public let channelwise: Bool
    public init(_ probability: Float = 0.5, channelwise: Bool = false) {
        self.probability = probability
        self.channelwise = channelwise
    }
    public var description: String { "Dropout(\(probability)\(channelwise ? ", channelwise" : ""))" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        try pass.tape.dropout(
            x, probability: probability, random: &pass.random, training: pass.training, channelwise: channelwise)
    }
}

/// Rectified linear unit.
public struct ReLU: Layer {
    public init() {}
    public var description: String { "ReLU()" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        pass.tape.relu(x)
    }
}

/// Leaky ReLU with `slope` for negative inputs.
public struct LeakyReLU: Layer {
    public let slope: Float
    public init(slope: Float = 0.01) { self.slope = slope }
    public var description: String { "LeakyReLU(\(slope))" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        pass.tape.leakyRelu(x, slope: slope)
    }
}

/// Hyperbolic tangent.
public struct Tanh: Layer {
    public init() {}
    public var description: String { "Tanh()" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        pass.tape.tanh(x)
    }
}

/// Logistic sigmoid.
public struct Sigmoid: Layer {
    public init() {}
    public var description: String { "Sigmoid()" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        pass.tape.sigmoid(x)
    }
}
