import HogwildPlatform

extension Tape {
    /// Softmax along the last axis, computed after subtracting each row's maximum (no overflow).
    public func softmax(_ x: Tensor) throws(AutogradError) -> Tensor {
        guard x.shape.rank >= 1 else {
            throw .invalidShape(operation: "softmax", x.shape, detail: "a scalar has no axis")
        }
        let (tensor, y) = output(x.shape, .softmax(x.id), inputs: x.id)
        let (rows, n) = x.shape.rowsAndLast
        let v = values(x.id)
        for r in 0..<rows {
            let (row, out) = (v + r * n, y + r * n)
            var peak = -Float.infinity
            for i in 0..<n { peak = Swift.max(peak, row[i]) }
            var total: Float = 0
            for i in 0..<n {
                out[i] = expf(row[i] - peak)
                total += out[i]
            }
            let inverse = 1 / total
            for i in 0..<n { out[i] *= inverse }
        }
        return tensor
    }

    /// log softmax along the last axis: x − max − ln Σ e^(x − max), stable for any x.
    public func logSoftmax(_ x: Tensor) throws(AutogradError) -> Tensor {
        guard x.shape.rank >= 1 else {
            throw .invalidShape(operation: "logSoftmax", x.shape, detail: "a scalar has no axis")
        }
        let (tensor, y) = output(x.shape, .logSoftmax(x.id), inputs: x.id)
        let (rows, n) = x.shape.rowsAndLast
        Tape.logSoftmaxRows(values(x.id), into: y, rows: rows, n: n)
        return tensor
    }

    static func logSoftmaxRows(_ v: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
        for r in 0..<rows {
            let (row, out) = (v + r * n, y + r * n)
            var peak = -Float.infinity
            for i in 0..<n { peak = Swift.max(peak, row[i]) }
            var total: Float = 0
            for i in 0..<n { total += expf(row[i] - peak) }
            let shift = peak + logf(total)
            for i in 0..<n { out[i] = row[i] - shift }
        }
    }

    func backwardSoftmax(_ x: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let (rows, n) = node.shape.rowsAndLast
        let y = node.value
        for r in 0..<rows {
            let o = r * n
            var dot: Float = 0
            for i in 0..<n { dot += g[o + i] * y[o + i] }
            for i in 0..<n { gx[o + i] += y[o + i] * (g[o + i] - dot) }
        }
    }

    func backwardLogSoftmax(_ x: Int, _ node: Node, _ g: UnsafeMutablePointer<Float>) {
        guard let gx = inputGradient(x) else { return }
        let (rows, n) = node.shape.rowsAndLast
        let y = node.value
        for r in 0..<rows {
            let o = r * n
            var total: Float = 0
            for i in 0..<n { total += g[o + i] }
            for i in 0..<n { gx[o + i] += g[o + i] - expf(y[o + i]) * total }
        }
    }
}
