import HogwildAutograd
import HogwildCore
import HogwildSupport

/// A table of `count` learned vectors of `width`, looked up by index: token ids ->
/// [ids.count, width]. Starts as N(0, 1), as PyTorch's Embedding does.
///
/// ```swift
/// let embed = Embedding(96, 32)
/// let vectors = try embed(ids, &pass)      // ids: UnsafeBufferPointer<Int32>
/// ```
public struct Embedding: LayerParameters {
    public let count: Int, width: Int
    public init(_ count: Int, _ width: Int) {
        self.count = count
        self.width = width
    }
    public var parameterCount: Int { count * width }
    public var description: String { "Embedding(\(count), \(width))" }

    public func initialize(_ parameters: inout [Float], random: inout Xoshiro256) {
        for _ in 0..<parameterCount { parameters.append(Float(random.nextGaussian())) }
    }

    public func callAsFunction(_ indices: UnsafeBufferPointer<Int32>, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
        let table = try pass.parameters.next(Shape(count, width))
        return try pass.tape.gather(table, indices: indices)
    }
}
