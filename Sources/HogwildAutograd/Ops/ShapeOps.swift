extension Tape {
    /// The same values in a new shape of the same element count (no copy).
    public func reshape(_ x: Tensor, _ shape: Shape) throws(AutogradError) -> Tensor {
        guard shape.count == x.count else {
            throw .shapeMismatch(
                operation: "reshape", x.shape, shape, detail: "\(x.count) elements cannot become \(shape.count)")
        }
        return outputSharing(values(x.id), shape, .reshape(x.id), inputs: x.id)
    }

    func backwardReshape(_ x: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        for i in 0..<node.shape.count { gx[i] += g[i] }
    }

    /// The last two axes swapped (a matrix transposed; a batch of matrices each transposed).
    public func transpose(_ x: Tensor) throws(AutogradError) -> Tensor {
        guard x.shape.rank >= 2 else {
            throw .invalidShape(operation: "transpose", x.shape, detail: "needs at least two axes")
        }
        let r = x.shape.rank
        let shape = x.shape.replacing(axis: r - 2, with: x.shape[r - 1]).replacing(axis: r - 1, with: x.shape[r - 2])
        let (tensor, y) = output(shape, .transpose(x.id), inputs: x.id)
        Tape.transposeMatrices(
            values(x.id), into: y, rows: x.shape[r - 2], columns: x.shape[r - 1],
            batch: x.count / Swift.max(1, x.shape[r - 2] * x.shape[r - 1]), accumulate: false)
        return tensor
    }

    /// out[b][j][i] (+)= in[b][i][j] in 32×32 tiles (both sides stay in cache).
    static func transposeMatrices(
        _ input: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int, batch: Int, accumulate: Bool
    ) {
        let tile = 32
        for b in 0..<batch {
            let src = input + b * rows * columns, dst = out + b * rows * columns
            for i0 in stride(from: 0, to: rows, by: tile) {
                for j0 in stride(from: 0, to: columns, by: tile) {
                    for i in i0..<Swift.min(i0 + tile, rows) {
                        for j in j0..<Swift.min(j0 + tile, columns) {
                            if accumulate {
                                dst[j * rows + i] += src[i * columns + j]
                            } else {
                                dst[j * rows + i] = src[i * columns + j]
                            }
                        }
                    }
                }
            }
        }
    }

    func backwardTranspose(_ x: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let r = node.shape.rank
        Tape.transposeMatrices(
            g, into: gx, rows: node.shape[r - 2], columns: node.shape[r - 1],
            batch: node.shape.count / Swift.max(1, node.shape[r - 2] * node.shape[r - 1]), accumulate: true)
    }

    /// a and b joined along `axis`; every other extent must match.
    public func concat(_ a: Tensor, _ b: Tensor, axis: Int) throws(AutogradError) -> Tensor {
        guard a.shape.rank == b.shape.rank else {
            throw .shapeMismatch(
                operation: "concat", a.shape, b.shape, detail: "ranks \(a.shape.rank) and \(b.shape.rank) differ")
        }
        guard (0..<a.shape.rank).contains(axis) else {
            throw .invalidAxis(operation: "concat", axis: axis, rank: a.shape.rank)
        }
        for d in 0..<a.shape.rank where d != axis && a.shape[d] != b.shape[d] {
            throw .shapeMismatch(
                operation: "concat", a.shape, b.shape, detail: "extents of axis \(d) differ and only axis \(axis) may")
        }
        let shape = a.shape.replacing(axis: axis, with: a.shape[axis] + b.shape[axis])
        let (tensor, y) = output(shape, .concat(a.id, b.id, axis: axis), inputs: a.id, b.id)
        let (outer, _, inner) = reductionExtents(a.shape, axis)
        let chunkA = a.shape[axis] * inner, chunkB = b.shape[axis] * inner
        let va = values(a.id), vb = values(b.id)
        for o in 0..<outer {
            (y + o * (chunkA + chunkB)).update(from: va + o * chunkA, count: chunkA)
            (y + o * (chunkA + chunkB) + chunkA).update(from: vb + o * chunkB, count: chunkB)
        }
        return tensor
    }

    func backwardConcat(_ a: Int, _ b: Int, _ axis: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        let (outer, _, inner) = reductionExtents(nodes[a].shape, axis)
        let chunkA = nodes[a].shape[axis] * inner, chunkB = nodes[b].shape[axis] * inner
        let ga = inputGradient(a), gb = inputGradient(b)
        for o in 0..<outer {
            let row = g + o * (chunkA + chunkB)
            if let ga { for i in 0..<chunkA { ga[o * chunkA + i] += row[i] } }
            if let gb { for i in 0..<chunkB { gb[o * chunkB + i] += row[chunkA + i] } }
        }
    }

    /// The elements `range` along `axis` (a copy).
    public func slice(_ x: Tensor, axis: Int, _ range: Range<Int>) throws(AutogradError) -> Tensor {
        guard (0..<x.shape.rank).contains(axis) else {
            throw .invalidAxis(operation: "slice", axis: axis, rank: x.shape.rank)
        }
        guard range.lowerBound >= 0, range.upperBound <= x.shape[axis] else {
            throw .invalidArgument(
                operation: "slice",
                detail: "range \(range) is outside 0..<\(x.shape[axis]) of axis \(axis) of \(x.shape)")
        }
        let shape = x.shape.replacing(axis: axis, with: range.count)
        let (tensor, y) = output(shape, .slice(x.id, axis: axis, start: range.lowerBound), inputs: x.id)
        let (outer, n, inner) = reductionExtents(x.shape, axis)
        let v = values(x.id)
        for o in 0..<outer {
            (y + o * range.count * inner).update(
                from: v + (o * n + range.lowerBound) * inner, count: range.count * inner)
        }
        return tensor
    }

    func backwardSlice(_ x: Int, _ axis: Int, _ start: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let (outer, n, inner) = reductionExtents(nodes[x].shape, axis)
        let length = node.shape[axis]
        for o in 0..<outer {
            let dst = gx + (o * n + start) * inner, src = g + o * length * inner
            for i in 0..<(length * inner) { dst[i] += src[i] }
        }
    }

    /// Rows of `table` ([V, D]) picked by `indices`: an embedding lookup, [indices.count, D].
    public func gather(_ table: Tensor, indices: UnsafeBufferPointer<Int32>) throws(AutogradError) -> Tensor {
        guard table.shape.rank == 2 else {
            throw .invalidShape(operation: "gather", table.shape, detail: "the table must be [rows, width]")
        }
        let rows = table.shape[0], width = table.shape[1]
        let saved = labels(indices.count)
        for (i, index) in indices.enumerated() {
            guard index >= 0, Int(index) < rows else {
                throw .indexOutOfRange(operation: "gather", index: Int(index), count: rows)
            }
            saved[i] = index
        }
        let (tensor, y) = output(
            Shape(indices.count, width), .gather(table.id, indices: saved.baseAddress!), inputs: table.id)
        let v = values(table.id)
        for i in 0..<indices.count { (y + i * width).update(from: v + Int(saved[i]) * width, count: width) }
        return tensor
    }

    func backwardGather(
        _ table: Int, _ indices: UnsafeMutablePointer<Int32>, _ node: Node, _ g: UnsafeMutablePointer<Float>
    ) {
        guard let gt = inputGradient(table) else { return }
        let width = node.shape[1]
        for i in 0..<node.shape[0] {
            let row = gt + Int(indices[i]) * width
            for j in 0..<width { row[j] += g[i * width + j] }
        }
    }
}
