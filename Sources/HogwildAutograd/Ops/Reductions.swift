extension Tape {
    /// Σ of all elements (a scalar), or along `axis` (that dimension removed).
    public func sum(_ x: Tensor, axis: Int? = nil) throws(AutogradError) -> Tensor {
        try reduce(x, axis: axis, mean: false)
    }

    /// The mean of all elements (a scalar), or along `axis` (that dimension removed).
    public func mean(_ x: Tensor, axis: Int? = nil) throws(AutogradError) -> Tensor {
        try reduce(x, axis: axis, mean: true)
    }

    /// (elements before `axis`, extent of `axis`, elements after it); axis −1 is "all".
    func reductionExtents(_ shape: Shape, _ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        if axis < 0 { return (1, shape.count, 1) }
        var outer = 1, inner = 1
        for d in 0..<axis { outer *= shape[d] }
        for d in (axis + 1)..<max(axis + 1, shape.rank) { inner *= shape[d] }
        return (outer, shape[axis], inner)
    }

    func reducedCount(_ x: Int, _ axis: Int) -> Int {
        axis < 0 ? nodes[x].shape.count : nodes[x].shape[axis]
    }

    func reduce(_ x: Tensor, axis: Int?, mean: Bool) throws(AutogradError) -> Tensor {
        let name = mean ? "mean" : "sum"
        if let axis, !(0..<x.shape.rank).contains(axis) {
            throw .invalidAxis(operation: name, axis: axis, rank: x.shape.rank)
        }
        let code = axis ?? -1
        let (outer, n, inner) = reductionExtents(x.shape, code)
        if mean && n == 0 { throw .emptyBatch(operation: name) }
        let shape = axis.map { x.shape.removing(axis: $0) } ?? .scalar
        let operation: Operation = mean ? .mean(x.id, axis: code) : .sum(x.id, axis: code)
        let (tensor, y) = output(shape, operation, inputs: x.id)
        let v = values(x.id)
        let scale: Float = mean ? 1 / Float(n) : 1
        for o in 0..<outer {
            let out = y + o * inner
            out.initialize(repeating: 0, count: inner)
            for k in 0..<n {
                let row = v + (o * n + k) * inner
                for i in 0..<inner { out[i] += row[i] }
            }
            for i in 0..<inner { out[i] *= scale }
        }
        return tensor
    }

    func backwardSum(_ x: Int, _ axis: Int, scale: Float, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let (outer, n, inner) = reductionExtents(nodes[x].shape, axis)
        for o in 0..<outer {
            for k in 0..<n {
                let row = gx + (o * n + k) * inner
                for i in 0..<inner { row[i] += scale * g[o * inner + i] }
            }
        }
    }
}
