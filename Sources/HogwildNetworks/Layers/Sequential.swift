import HogwildAutograd
import HogwildCore
import HogwildSupport

/// Layers applied one after the other; its parameters are theirs, in order.
///
/// ```swift
/// let mlp = Sequential(Flatten(), Linear(784, 128), ReLU(), Linear(128, 10))
/// ```
public struct Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: any Layer...) { self.layers = layers }
    public init(layers: [any Layer]) { self.layers = layers }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    public var description: String { "Sequential(" + layers.map(\.description).joined(separator: ", ") + ")" }

    public func initialize(_ parameters: inout [Float], random: inout Xoshiro256) {
        for layer in layers { layer.initialize(&parameters, random: &random) }
    }

    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        var h = x
        for layer in layers { h = try layer(h, &pass) }
        return h
    }
}

extension LayerParameters {
    /// This layer's starting parameters, deterministic in `seed`.
    public func initialParameters(seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        var parameters: [Float] = []
        parameters.reserveCapacity(parameterCount)
        initialize(&parameters, random: &random)
        return parameters
    }
}
