import HogwildAutograd
import HogwildSupport

/// Layers applied one after the other. Making one binds its layers to the parameter
/// vector in order, named `layers.<index>.<tensor>` as mlx-swift and PyTorch name
/// them; a Sequential inside another is bound again, under its own index.
///
/// The same layer value given twice is two layers with weights of their own (values
/// are copied); to tie weights, call one layer twice inside a layer of your own.
///
/// ```swift
/// let mlp = Sequential(Flatten(), Linear(784, 128), ReLU(), Linear(128, 10))
/// mlp.parameterCount                  // 101,770
/// mlp.parameters[2].name              // "layers.3.weight"
/// ```
public struct Sequential: Layer {
    public private(set) var layers: [any Layer]

    public init(_ layers: any Layer...) { self.init(layers: layers) }

    public init(layers: [any Layer]) {
        self.layers = layers
        var binder = ParameterBinder()
        bind(&binder)
    }

    public var parameters: [NamedTensor] { layers.flatMap(\.parameters) }
    public var description: String { "Sequential(" + layers.map(\.description).joined(separator: ", ") + ")" }

    public mutating func bind(_ binder: inout ParameterBinder) {
        for i in layers.indices {
            binder.scope("layers.\(i)") { layers[i].bind(&$0) }
        }
    }

    public func initialize(_ values: inout [Float], random: inout Xoshiro256) {
        for layer in layers { layer.initialize(&values, random: &random) }
    }

    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        var h = x
        // Index loops: `for … in` an array of existentials copies each element out, which
        // allocates for large layers in unoptimized builds.
        for i in layers.indices { h = try layers[i](h, &pass) }
        return h
    }
}
