import HogwildPlatform

/// Losses, each the mean over the batch (PyTorch's default `reduction="mean"`), a scalar.
extension Tape {
    /// mean((prediction − target)²) over all elements.
    public func meanSquaredError(_ prediction: Tensor, _ target: Tensor) throws(AutogradError) -> Tensor {
        guard prediction.shape == target.shape else {
            throw .shapeMismatch(
                operation: "meanSquaredError", prediction.shape, target.shape,
                detail: "prediction and target must have one shape")
        }
        guard prediction.count > 0 else { throw .emptyBatch(operation: "meanSquaredError") }
        let (tensor, y) = output(.scalar, .meanSquaredError(prediction.id, target.id), inputs: prediction.id, target.id)
        let p = values(prediction.id), t = values(target.id)
        var total: Float = 0
        for i in 0..<prediction.count {
            let d = p[i] - t[i]
            total += d * d
        }
        y[0] = total / Float(prediction.count)
        return tensor
    }

    func backwardMeanSquaredError(_ prediction: Int, _ target: Int, _ g: UnsafeMutablePointer<Float>) {
        let n = nodes[prediction].shape.count
        let p = values(prediction), t = values(target)
        let scale = 2 * g[0] / Float(n)
        if let gp = inputGradient(prediction) { for i in 0..<n { gp[i] += scale * (p[i] - t[i]) } }
        if let gt = inputGradient(target) { for i in 0..<n { gt[i] -= scale * (p[i] - t[i]) } }
    }

    /// Checks a [batch, classes] score matrix against one label per row.
    func checkClassification(
        _ scores: Tensor, _ labels: UnsafeBufferPointer<Int32>, operation: String
    ) throws(AutogradError) {
        guard scores.shape.rank == 2 else {
            throw .invalidShape(operation: operation, scores.shape, detail: "scores must be [batch, classes]")
        }
        guard scores.shape[0] > 0 else { throw .emptyBatch(operation: operation) }
        guard labels.count == scores.shape[0] else {
            throw .shapeMismatch(
                operation: operation, scores.shape, Shape(labels.count), detail: "one label per row is needed")
        }
        for label in labels where label < 0 || Int(label) >= scores.shape[1] {
            throw .indexOutOfRange(operation: operation, index: Int(label), count: scores.shape[1])
        }
    }

    /// Cross-entropy of class labels given unnormalized scores (logits) [batch, classes]:
    /// mean of −log softmax(x)[label], through a stable log-sum-exp.
    public func crossEntropy(logits x: Tensor, labels: UnsafeBufferPointer<Int32>) throws(AutogradError) -> Tensor {
        try checkClassification(x, labels, operation: "crossEntropy")
        let (rows, classes) = (x.shape[0], x.shape[1])
        let saved = self.labels(rows)
        _ = saved.initialize(from: labels)
        let logProbabilities = scratch(x.count)
        Tape.logSoftmaxRows(values(x.id), into: logProbabilities, rows: rows, n: classes)
        var total: Float = 0
        for r in 0..<rows { total -= logProbabilities[r * classes + Int(saved[r])] }
        let (tensor, y) = output(
            .scalar, .crossEntropy(x.id, labels: saved.baseAddress!, probabilities: logProbabilities), inputs: x.id)
        y[0] = total / Float(rows)
        return tensor
    }

    func backwardCrossEntropy(
        _ x: Int, _ labels: UnsafeMutablePointer<Int32>, _ logProbabilities: UnsafeMutablePointer<Float>,
        _ g: UnsafeMutablePointer<Float>
    ) {
        guard let gx = inputGradient(x) else { return }
        let (rows, classes) = (nodes[x].shape[0], nodes[x].shape[1])
        let scale = g[0] / Float(rows)
        for r in 0..<rows {
            for c in 0..<classes { gx[r * classes + c] += scale * expf(logProbabilities[r * classes + c]) }
            gx[r * classes + Int(labels[r])] -= scale
        }
    }

    /// Negative log-likelihood of class labels given log-probabilities [batch, classes]
    /// (the output of ``logSoftmax(_:)``): mean of −x[label].
    public func negativeLogLikelihood(_ x: Tensor, labels: UnsafeBufferPointer<Int32>) throws(AutogradError) -> Tensor {
        try checkClassification(x, labels, operation: "negativeLogLikelihood")
        let (rows, classes) = (x.shape[0], x.shape[1])
        let saved = self.labels(rows)
        _ = saved.initialize(from: labels)
        let v = values(x.id)
        var total: Float = 0
        for r in 0..<rows { total -= v[r * classes + Int(saved[r])] }
        let (tensor, y) = output(.scalar, .negativeLogLikelihood(x.id, labels: saved.baseAddress!), inputs: x.id)
        y[0] = total / Float(rows)
        return tensor
    }

    func backwardNegativeLogLikelihood(
        _ x: Int, _ labels: UnsafeMutablePointer<Int32>, _ g: UnsafeMutablePointer<Float>
    ) {
        guard let gx = inputGradient(x) else { return }
        let (rows, classes) = (nodes[x].shape[0], nodes[x].shape[1])
        for r in 0..<rows { gx[r * classes + Int(labels[r])] -= g[0] / Float(rows) }
    }

    /// Hinge loss of scores against targets ±1 of the same shape: mean of max(0, 1 − y·s).
    public func hinge(_ scores: Tensor, targets: Tensor) throws(AutogradError) -> Tensor {
        guard scores.shape == targets.shape else {
            throw .shapeMismatch(
                operation: "hinge", scores.shape, targets.shape, detail: "scores and targets must have one shape")
        }
        guard scores.count > 0 else { throw .emptyBatch(operation: "hinge") }
        let (tensor, y) = output(.scalar, .hinge(scores.id, targets.id), inputs: scores.id, targets.id)
        let s = values(scores.id), t = values(targets.id)
        var total: Float = 0
        for i in 0..<scores.count { total += Swift.max(0, 1 - t[i] * s[i]) }
        y[0] = total / Float(scores.count)
        return tensor
    }

    func backwardHinge(_ scores: Int, _ targets: Int, _ g: UnsafeMutablePointer<Float>) {
        let n = nodes[scores].shape.count
        let s = values(scores), t = values(targets)
        let scale = g[0] / Float(n)
        let gs = inputGradient(scores), gt = inputGradient(targets)
        for i in 0..<n where 1 - t[i] * s[i] > 0 {
            gs?[i] -= scale * t[i]
            gt?[i] -= scale * s[i]
        }
    }

    /// Binary cross-entropy of targets in [0, 1] given logits: mean of
    /// softplus(x) − t·x, which never overflows (PyTorch's BCEWithLogitsLoss).
    public func binaryCrossEntropy(logits x: Tensor, targets: Tensor) throws(AutogradError) -> Tensor {
        guard x.shape == targets.shape else {
            throw .shapeMismatch(
                operation: "binaryCrossEntropy", x.shape, targets.shape,
                detail: "logits and targets must have one shape")
        }
        guard x.count > 0 else { throw .emptyBatch(operation: "binaryCrossEntropy") }
        let (tensor, y) = output(.scalar, .binaryCrossEntropy(x.id, targets.id), inputs: x.id, targets.id)
        let v = values(x.id), t = values(targets.id)
        var total: Float = 0
        for i in 0..<x.count { total += Swift.max(v[i], 0) - v[i] * t[i] + log1pf(expf(-Swift.abs(v[i]))) }
        y[0] = total / Float(x.count)
        return tensor
    }

    func backwardBinaryCrossEntropy(_ x: Int, _ targets: Int, _ g: UnsafeMutablePointer<Float>) {
        let n = nodes[x].shape.count
        let v = values(x), t = values(targets)
        let scale = g[0] / Float(n)
        if let gx = inputGradient(x) { for i in 0..<n { gx[i] += scale * (Tape.sigmoid(v[i]) - t[i]) } }
        if let gt = inputGradient(targets) { for i in 0..<n { gt[i] -= scale * v[i] } }
    }
}
