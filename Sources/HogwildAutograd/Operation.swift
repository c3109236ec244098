/// How a node was made: its op, the indices of its inputs on the tape, and what its
/// backward rule needs that is not in the inputs' values. Adding an op means a case
/// here, its line in ``Tape/backward(node:gradient:)`` and a file under `Ops/` with its
/// forward and backward side by side.
@usableFromInline
enum Operation {
    case leaf
    case binary(BinaryOperation, Int, Int)
    case unary(UnaryOperation, Int, Float)
    case matmul(Int, Int, transposeA: Bool, transposeB: Bool)
    case sum(Int, axis: Int)
    case mean(Int, axis: Int)
    case softmax(Int)
    case logSoftmax(Int)
    case reshape(Int)
    case transpose(Int)
    case concat(Int, Int, axis: Int)
    case slice(Int, axis: Int, start: Int)
    case gather(Int, indices: UnsafeMutablePointer<Int32>)
    case conv2d(Int, weight: Int, bias: Int, ConvolutionLayout)
    /// The input, the window, and where each window's maximum was (its input index).
    case maxPool(Int, PoolingGeometry, argmax: UnsafeMutablePointer<Int32>)
    case averagePool(Int, PoolingGeometry)
    case dropout(Int, mask: UnsafeMutablePointer<Float>)
    case meanSquaredError(Int, Int)
    case crossEntropy(Int, labels: UnsafeMutablePointer<Int32>, probabilities: UnsafeMutablePointer<Float>)
    case negativeLogLikelihood(Int, labels: UnsafeMutablePointer<Int32>)
    case hinge(Int, Int)
    case binaryCrossEntropy(Int, Int)
}

extension Tape {
    /// Adds the node's contribution to its inputs' gradients.
    func backward(node: Node, gradient g: UnsafeMutablePointer<Float>) {
        switch node.operation {
        case .leaf: break
        case let .binary(kind, a, b): backwardBinary(kind, a, b, node, g)
        case let .unary(kind, x, parameter): backwardUnary(kind, x, parameter, node, g)
        case let .matmul(a, b, ta, tb): backwardMatmul(a, b, ta, tb, node, g)
        case let .sum(x, axis): backwardSum(x, axis, scale: 1, node, g)
        case let .mean(x, axis): backwardSum(x, axis, scale: 1 / Float(reducedCount(x, axis)), node, g)
        case let .softmax(x): backwardSoftmax(x, node, g)
        case let .logSoftmax(x): backwardLogSoftmax(x, node, g)
        case let .reshape(x): backwardReshape(x, node, g)
        case let .transpose(x): backwardTranspose(x, node, g)
        case let .concat(a, b, axis): backwardConcat(a, b, axis, node, g)
        case let .slice(x, axis, start): backwardSlice(x, axis, start, node, g)
        case let .gather(table, indices): backwardGather(table, indices, node, g)
        case let .conv2d(x, w, bias, layout): backwardConvolution(x, w, bias, layout, node, g)
        case let .maxPool(x, _, argmax): backwardMaxPool(x, argmax, node, g)
        case let .averagePool(x, geometry): backwardAveragePool(x, geometry, node, g)
        case let .dropout(x, mask): backwardDropout(x, mask, node, g)
        case let .meanSquaredError(p, t): backwardMeanSquaredError(p, t, g)
        case let .crossEntropy(x, labels, probabilities): backwardCrossEntropy(x, labels, probabilities, g)
        case let .negativeLogLikelihood(x, labels): backwardNegativeLogLikelihood(x, labels, g)
        case let .hinge(s, t): backwardHinge(s, t, g)
        case let .binaryCrossEntropy(x, t): backwardBinaryCrossEntropy(x, t, g)
        }
    }
}
