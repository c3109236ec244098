import HogwildAutograd
import HogwildSupport

/// A table of `count` learned vectors of `width`, looked up by index: token ids ->
/// [ids.count, width]. Its table is `weight` [count, width], starting as N(0, 1), as
/// PyTorch's Embedding does.
///
/// ```swift
/// let embed = Embedding(96, 32)
/// let vectors = try embed(ids, &pass)      // ids: UnsafeBufferPointer<Int32>
/// ```
public struct Embedding: ParameterOwner {
    public let count: Int, width: Int
    public private(set) var weight = NamedTensor.unbound

    public init(_ count: Int, _ width: Int) {
        self.count = count
        self.width = width
        var binder = ParameterBinder()
        bind(&binder)
    }
    public var parameters: [NamedTensor] { [weight] }
    public var description: String { "Embedding(\(count), \(width))" }

    public mutating func bind(_ binder: inout ParameterBinder) {
        weight = binder.tensor("weight", Shape(count, width))
    }

    public func initialize(_ values: inout [Float], random: inout Xoshiro256) {
        for j in weight.range { values[j] = Float(random.nextGaussian()) }
    }

    public func callAsFunction(
        _ indices: UnsafeBufferPointer<Int32>, _ pass: inout ForwardPass
    ) throws(AutogradError) -> Tensor {
        try pass.tape.gather(pass.parameter(weight), indices: indices)
    }
}
