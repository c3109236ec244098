import HogwildAutograd
import HogwildSupport

/// A 2-D convolution over [batch, channels, height, width] (PyTorch's Conv2d layout and
/// names: `weight` [out, in, k, k], then `bias` [out]), square kernels, stride and zero
/// padding.
///
/// ```swift
/// let conv = Conv2D(1, 10, kernel: 5)          // [b, 1, 28, 28] -> [b, 10, 24, 24]
/// ```
public struct Conv2D: Layer {
    public let inputChannels: Int, outputChannels: Int, kernel: Int
    public let geometry: ConvolutionGeometry
    public let initialization: Initialization
    public private(set) var weight = NamedTensor.unbound, bias = NamedTensor.unbound

    public init(
        _ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        initialization: Initialization = .pytorch
    ) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernel = kernel
        geometry = ConvolutionGeometry(stride: stride, padding: padding)
        self.initialization = initialization
        var binder = ParameterBinder()
        bind(&binder)
    }

    var fanIn: Int { inputChannels * kernel * kernel }
    public var parameters: [NamedTensor] { [weight, bias] }
    public var description: String {
        "Conv2D(\(inputChannels), \(outputChannels), kernel: \(kernel)"
            + (geometry.stride != 1 ? ", stride: \(geometry.stride)" : "")
            + (geometry.padding != 0 ? ", padding: \(geometry.padding)" : "") + ")"
    }

    public mutating func bind(_ binder: inout ParameterBinder) {
        weight = binder.tensor("weight", Shape(outputChannels, inputChannels, kernel, kernel))
        bias = binder.tensor("bias", Shape(outputChannels))
    }

    public func initialize(_ values: inout [Float], random: inout Xoshiro256) {
        initialization.fill(
            &values, weight: weight, bias: bias, fanIn: fanIn, fanOut: outputChannels * kernel * kernel,
            random: &random)
    }

    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        try pass.tape.conv2d(x, weight: pass.parameter(weight), bias: pass.parameter(bias), geometry)
    }
}

/// Max pooling over k×k windows (stride k unless given).
public struct MaxPool2D: Layer {
    public let geometry: PoolingGeometry
    public init(_ kernel: Int, stride: Int? = nil) { geometry = PoolingGeometry(kernel: kernel, stride: stride) }
    public var description: String { "MaxPool2D(\(geometry.kernel))" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        try pass.tape.maxPool2d(x, geometry)
    }
}

/// Average pooling over k×k windows (stride k unless given).
public struct AvgPool2D: Layer {
    public let geometry: PoolingGeometry
    public init(_ kernel: Int, stride: Int? = nil) { geometry = PoolingGeometry(kernel: kernel, stride: stride) }
    public var description: String { "AvgPool2D(\(geometry.kernel))" }
    public func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        try pass.tape.averagePool2d(x, geometry)
    }
}
