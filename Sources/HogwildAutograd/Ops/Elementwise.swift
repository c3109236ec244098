import HogwildPlatform

/// Elementwise binary ops with NumPy broadcasting: shapes are aligned at their last
/// dimension and an extent of 1 (or a missing leading dimension) repeats.
@usableFromInline
enum BinaryOperation: Sendable {
    case add, subtract, multiply, divide
}

/// Elementwise functions of one tensor.
@usableFromInline
enum UnaryOperation: Sendable {
    case exp, log, tanh, sigmoid, relu, leakyRelu, softplus, scale
}

extension Tape {
    /// a + b, broadcasting.
    public func add(_ a: Tensor, _ b: Tensor) throws(AutogradError) -> Tensor { try binary(.add, a, b) }
    /// a − b, broadcasting.
    public func subtract(_ a: Tensor, _ b: Tensor) throws(AutogradError) -> Tensor { try binary(.subtract, a, b) }
    /// a · b elementwise, broadcasting.
    public func multiply(_ a: Tensor, _ b: Tensor) throws(AutogradError) -> Tensor { try binary(.multiply, a, b) }
    /// a / b elementwise, broadcasting.
    public func divide(_ a: Tensor, _ b: Tensor) throws(AutogradError) -> Tensor { try binary(.divide, a, b) }

    /// eˣ.
    public func exp(_ x: Tensor) -> Tensor { unary(.exp, x) }
    /// ln x (−inf at 0, NaN below, as in every library).
    public func log(_ x: Tensor) -> Tensor { unary(.log, x) }
    /// tanh x.
    public func tanh(_ x: Tensor) -> Tensor { unary(.tanh, x) }
    /// 1 / (1 + e⁻ˣ), computed without overflow.
    public func sigmoid(_ x: Tensor) -> Tensor { unary(.sigmoid, x) }
    /// max(x, 0); the derivative at 0 is taken as 0 (PyTorch's choice).
    public func relu(_ x: Tensor) -> Tensor { unary(.relu, x) }
    /// x for x > 0, else slope·x.
    public func leakyRelu(_ x: Tensor, slope: Float = 0.01) -> Tensor { unary(.leakyRelu, x, slope) }
    /// ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that it never overflows.
    public func softplus(_ x: Tensor) -> Tensor { unary(.softplus, x) }
    /// c · x.
    public func scale(_ x: Tensor, by c: Float) -> Tensor { unary(.scale, x, c) }

    // MARK: Broadcasting

    /// The broadcast shape of a and b, or a typed error naming both.
    func broadcastShape(_ a: Shape, _ b: Shape, operation: String) throws(AutogradError) -> Shape {
        if a == b { return a }
        let rank = max(a.rank, b.rank)
        var extents = (1, 1, 1, 1)
        for position in 0..<rank {
            let ea = position < a.rank ? a[a.rank - 1 - position] : 1
            let eb = position < b.rank ? b[b.rank - 1 - position] : 1
            guard ea == eb || ea == 1 || eb == 1 else {
                throw .shapeMismatch(
                    operation: operation, a, b,
                    detail: "extents \(ea) and \(eb) of dimension \(-1 - position) from the end neither match nor are 1"
                )
            }
            let e = ea == 1 ? eb : ea
            switch rank - 1 - position {
            case 0: extents.0 = e
            case 1: extents.1 = e
            case 2: extents.2 = e
            default: extents.3 = e
            }
        }
        return Shape(rank: rank, extents.0, extents.1, extents.2, extents.3)
    }

    /// Strides to read `input` as if it had the (padded) shape `output`: 0 along broadcast dimensions.
    func broadcastStrides(_ input: Shape, to output: Shape) -> (Int, Int, Int, Int) {
        let i = input.padded, o = output.padded, s = input.paddedStrides
        return (i.0 == o.0 ? s.0 : 0, i.1 == o.1 ? s.1 : 0, i.2 == o.2 ? s.2 : 0, i.3 == o.3 ? s.3 : 0)
    }

    /// Visits every output element with the offsets of its a and b elements; the
    /// innermost loop is contiguous in the output.
    @inline(__always)
    func forEachBroadcast(
        _ shape: Shape, _ sa: (Int, Int, Int, Int), _ sb: (Int, Int, Int, Int),
        _ body: (_ out: Int, _ a: Int, _ b: Int, _ count: Int, _ strideA: Int, _ strideB: Int) -> Void
    ) {
        let o = shape.padded
        var out = 0
        for i0 in 0..<o.0 {
            for i1 in 0..<o.1 {
                for i2 in 0..<o.2 {
                    body(out, i0 * sa.0 + i1 * sa.1 + i2 * sa.2, i0 * sb.0 + i1 * sb.1 + i2 * sb.2, o.3, sa.3, sb.3)
                    out += o.3
                }
            }
        }
    }

    func binary(_ kind: BinaryOperation, _ a: Tensor, _ b: Tensor) throws(AutogradError) -> Tensor {
        let name: String =
            switch kind {
            case .add: "add"
            case .subtract: "subtract"
            case .multiply: "multiply"
            case .divide: "divide"
            }
        let shape = try broadcastShape(a.shape, b.shape, operation: name)
        let (tensor, y) = output(shape, .binary(kind, a.id, b.id), inputs: a.id, b.id)
        let x1 = values(a.id), x2 = values(b.id)
        if a.shape == b.shape {
            let n = shape.count
            switch kind {
            case .add: for i in 0..<n { y[i] = x1[i] + x2[i] }
            case .subtract: for i in 0..<n { y[i] = x1[i] - x2[i] }
            case .multiply: for i in 0..<n { y[i] = x1[i] * x2[i] }
            case .divide: for i in 0..<n { y[i] = x1[i] / x2[i] }
            }
            return tensor
        }
        let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        forEachBroadcast(shape, sa, sb) { o, ia, ib, n, ta, tb in
            switch kind {
            case .add: for i in 0..<n { y[o + i] = x1[ia + i * ta] + x2[ib + i * tb] }
            case .subtract: for i in 0..<n { y[o + i] = x1[ia + i * ta] - x2[ib + i * tb] }
            case .multiply: for i in 0..<n { y[o + i] = x1[ia + i * ta] * x2[ib + i * tb] }
            case .divide: for i in 0..<n { y[o + i] = x1[ia + i * ta] / x2[ib + i * tb] }
            }
        }
        return tensor
    }

    func backwardBinary(_ kind: BinaryOperation, _ a: Int, _ b: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        let ga = inputGradient(a), gb = inputGradient(b)
        let x1 = values(a), x2 = values(b)
        let shapeA = nodes[a].shape, shapeB = nodes[b].shape
        let sa = broadcastStrides(shapeA, to: node.shape), sb = broadcastStrides(shapeB, to: node.shape)
        if let ga {
            forEachBroadcast(node.shape, sa, sb) { o, ia, ib, n, ta, tb in
                switch kind {
                case .add: for i in 0..<n { ga[ia + i * ta] += g[o + i] }
                case .subtract: for i in 0..<n { ga[ia + i * ta] += g[o + i] }
                case .multiply: for i in 0..<n { ga[ia + i * ta] += g[o + i] * x2[ib + i * tb] }
                case .divide: for i in 0..<n { ga[ia + i * ta] += g[o + i] / x2[ib + i * tb] }
                }
            }
        }
        if let gb {
            forEachBroadcast(node.shape, sa, sb) { o, ia, ib, n, ta, tb in
                switch kind {
                case .add: for i in 0..<n { gb[ib + i * tb] += g[o + i] }
                case .subtract: for i in 0..<n { gb[ib + i * tb] -= g[o + i] }
                case .multiply: for i in 0..<n { gb[ib + i * tb] += g[o + i] * x1[ia + i * ta] }
                case .divide:
                    for i in 0..<n {
                        let d = x2[ib + i * tb]
                        gb[ib + i * tb] -= g[o + i] * x1[ia + i * ta] / (d * d)
                    }
                }
            }
        }
    }

    // MARK: Unary

    func unary(_ kind: UnaryOperation, _ x: Tensor, _ parameter: Float = 0) -> Tensor {
        let (tensor, y) = output(x.shape, .unary(kind, x.id, parameter), inputs: x.id)
        let v = values(x.id)
        let n = x.count
        switch kind {
        case .exp: for i in 0..<n { y[i] = expf(v[i]) }
        case .log: for i in 0..<n { y[i] = logf(v[i]) }
        case .tanh: for i in 0..<n { y[i] = tanhf(v[i]) }
        case .sigmoid: for i in 0..<n { y[i] = Tape.sigmoid(v[i]) }
        case .relu: for i in 0..<n { y[i] = v[i] > 0 ? v[i] : 0 }
        case .leakyRelu: for i in 0..<n { y[i] = v[i] > 0 ? v[i] : parameter * v[i] }
        case .softplus: for i in 0..<n { y[i] = Swift.max(v[i], 0) + log1pf(expf(-Swift.abs(v[i]))) }
        case .scale: for i in 0..<n { y[i] = parameter * v[i] }
        }
        return tensor
    }

    @inline(__always)
    static func sigmoid(_ z: Float) -> Float {
        z >= 0
            ? 1 / (1 + expf(-z))
            : {
                let e = expf(z)
                return e / (1 + e)
            }()
    }

    func backwardUnary(
        _ kind: UnaryOperation, _ x: Int, _ parameter: Float, _ node: Node, _ g: UnsafeMutablePointer<Float>
    ) {
        guard let gx = inputGradient(x) else { return }
        let v = values(x), y = node.value
        let n = node.shape.count
        switch kind {
        case .exp: for i in 0..<n { gx[i] += g[i] * y[i] }
        case .log: for i in 0..<n { gx[i] += g[i] / v[i] }
        case .tanh: for i in 0..<n { gx[i] += g[i] * (1 - y[i] * y[i]) }
        case .sigmoid: for i in 0..<n { gx[i] += g[i] * y[i] * (1 - y[i]) }
        case .relu: for i in 0..<n { gx[i] += v[i] > 0 ? g[i] : 0 }
        case .leakyRelu: for i in 0..<n { gx[i] += v[i] > 0 ? g[i] : parameter * g[i] }
        case .softplus: for i in 0..<n { gx[i] += g[i] * Tape.sigmoid(v[i]) }
        case .scale: for i in 0..<n { gx[i] += parameter * g[i] }
        }
    }
}
