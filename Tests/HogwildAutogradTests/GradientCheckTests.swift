import HogwildAutograd
import HogwildCore
import HogwildSupport
import Testing

/// Every op's and loss's backward rule against central differences, including
/// broadcasting and edge shapes (1×1, a batch of one).
@Suite struct GradientCheckTests {
    /// Values in ±(0.1…1), away from the kinks of relu, hinge and pooling.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        return (0..<count).map { _ in
            let magnitude = 0.1 + 0.9 * random.nextUnitFloat()
            return random.nextUnitFloat() < 0.5 ? -magnitude : magnitude
        }
    }

    /// Distinct, well-separated values (for max pooling: no near ties).
    static func separated(_ count: Int, seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        var values = (0..<count).map { Float($0) * 0.05 - Float(count) * 0.025 }
        values.shuffle(using: &random)
        return values
    }

    func expectGradients(_ shapes: [Shape], seed: UInt64 = 1, positive: Bool = false,
                         sourceLocation: SourceLocation = #_sourceLocation,
                         _ build: (Tape, [Tensor]) throws(AutogradError) -> Tensor) throws {
        let inputs = shapes.enumerated().map { index, shape in
            (shape, Self.values(shape.count, seed: seed + UInt64(index)).map { positive ? abs($0) + 0.5 : $0 })
        }
        let report = try GradientCheck.run(inputs: inputs, build)
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    }

    @Test func elementwiseWithBroadcasting() throws {
        let pairs: [(Shape, Shape)] = [
            (Shape(3, 4), Shape(3, 4)), (Shape(3, 4), Shape(4)), (Shape(3, 1), Shape(1, 4)), (Shape(2, 3, 4), Shape(3, 1)),
            (Shape(1, 1), Shape(1, 1)), (Shape(2, 1, 3, 2), Shape(4, 1, 2)), (.scalar, Shape(2, 3)),
        ]
        for (a, b) in pairs {
            try expectGradients([a, b]) { t, x throws(AutogradError) in try t.add(x[0], x[1]) }
            try expectGradients([a, b]) { t, x throws(AutogradError) in try t.subtract(x[0], x[1]) }
            try expectGradients([a, b]) { t, x throws(AutogradError) in try t.multiply(x[0], x[1]) }
            try expectGradients([a, b], positive: true) { t, x throws(AutogradError) in try t.divide(x[0], x[1]) }
        }
    }

    @Test func unaryFunctions() throws {
        for shape in [Shape(3, 5), Shape(1, 1), Shape(7)] {
            try expectGradients([shape]) { t, x in t.exp(x[0]) }
            try expectGradients([shape], positive: true) { t, x in t.log(x[0]) }
            try expectGradients([shape]) { t, x in t.tanh(x[0]) }
            try expectGradients([shape]) { t, x in t.sigmoid(x[0]) }
            try expectGradients([shape]) { t, x in t.relu(x[0]) }
            try expectGradients([shape]) { t, x in t.leakyRelu(x[0], slope: 0.1) }
            try expectGradients([shape]) { t, x in t.softplus(x[0]) }
            try expectGradients([shape]) { t, x in t.scale(x[0], by: -2.5) }
        }
    }

    @Test func matmulInEveryTransposeAndEdgeShape() throws {
        for (m, k, n) in [(3, 4, 5), (1, 1, 1), (1, 7, 3), (8, 20, 17)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                try expectGradients([ta ? Shape(k, m) : Shape(m, k), tb ? Shape(n, k) : Shape(k, n)]) { t, x throws(AutogradError) in
                    try t.matmul(x[0], x[1], transposeA: ta, transposeB: tb)
                }
            }
        }
    }

    @Test func reductions() throws {
        try expectGradients([Shape(2, 3, 4)]) { t, x throws(AutogradError) in try t.sum(x[0]) }
        try expectGradients([Shape(2, 3, 4)]) { t, x throws(AutogradError) in try t.mean(x[0]) }
        for axis in 0..<3 {
            try expectGradients([Shape(2, 3, 4)]) { t, x throws(AutogradError) in try t.sum(x[0], axis: axis) }
            try expectGradients([Shape(2, 3, 4)]) { t, x throws(AutogradError) in try t.mean(x[0], axis: axis) }
        }
        try expectGradients([Shape(1, 1)]) { t, x throws(AutogradError) in try t.mean(x[0], axis: 1) }
    }

    @Test func softmaxAndLogSoftmax() throws {
        for shape in [Shape(4, 6), Shape(1, 3), Shape(5), Shape(2, 2, 3)] {
            try expectGradients([shape]) { t, x throws(AutogradError) in try t.softmax(x[0]) }
            try expectGradients([shape]) { t, x throws(AutogradError) in try t.logSoftmax(x[0]) }
        }
    }

    @Test func shapeOps() throws {
        try expectGradients([Shape(2, 6)]) { t, x throws(AutogradError) in try t.reshape(x[0], Shape(3, 2, 2)) }
        try expectGradients([Shape(3, 5)]) { t, x throws(AutogradError) in try t.transpose(x[0]) }
        try expectGradients([Shape(2, 3, 4)]) { t, x throws(AutogradError) in try t.transpose(x[0]) }
        for axis in 0..<3 {
            try expectGradients([Shape(2, 3, 4), Shape(2, 3, 4).replacing(axis: axis, with: 2)]) { t, x throws(AutogradError) in
                try t.concat(x[0], x[1], axis: axis)
            }
            try expectGradients([Shape(3, 4, 5)]) { t, x throws(AutogradError) in try t.slice(x[0], axis: axis, 1..<3) }
        }
        let indices: [Int32] = [2, 0, 2, 4]
        try expectGradients([Shape(5, 3)]) { t, x throws(AutogradError) in
            try indices.withUnsafeBufferPointer { (i) throws(AutogradError) in try t.gather(x[0], indices: i) }
        }
    }

    @Test func convolution() throws {
        for (geometry, input, kernel) in [(ConvolutionGeometry(), Shape(2, 3, 6, 5), Shape(4, 3, 3, 2)),
                                          (ConvolutionGeometry(stride: 2, padding: 1), Shape(1, 2, 7, 7), Shape(3, 2, 3, 3)),
                                          (ConvolutionGeometry(), Shape(1, 1, 1, 1), Shape(1, 1, 1, 1))] {
            try expectGradients([input, kernel, Shape(kernel[0])]) { t, x throws(AutogradError) in
                try t.conv2d(x[0], weight: x[1], bias: x[2], geometry)
            }
            try expectGradients([input, kernel]) { t, x throws(AutogradError) in try t.conv2d(x[0], weight: x[1], geometry) }
        }
    }

    /// A batch whose unrolled columns exceed one chunk (7 images of [2, 22, 22] under a
    /// 5×5 kernel: 4 a chunk) gives every image the output and gradients it gets alone,
    /// and the weights the sum of the images' gradients.
    @Test func convolutionOverSeveralChunksIsTheSumOfItsImages() throws {
        let (batch, input, kernel) = (7, Shape(1, 2, 22, 22), Shape(3, 2, 5, 5))
        let images = Self.values(batch * input.count, seed: 11), w = Self.values(kernel.count, seed: 12)
        let b = Self.values(3, seed: 13), direction = Self.values(batch * 3 * 18 * 18, seed: 14)
        func run(_ range: Range<Int>) throws -> (y: [Float], gx: [Float], gw: [Float], gb: [Float]) {
            let tape = Tape()
            let x = tape.variable(
                Shape(range.count, 2, 22, 22), Array(images[(range.lowerBound * input.count)..<(range.upperBound * input.count)]))
            let (wt, bt) = (tape.variable(kernel, w), tape.variable(Shape(3), b))
            let y = try tape.conv2d(x, weight: wt, bias: bt)
            let seed = Array(direction[(range.lowerBound * y.count / range.count)..<(range.upperBound * y.count / range.count)])
            try seed.withUnsafeBufferPointer { (s) throws(AutogradError) in try tape.backward(from: y, seed: s) }
            return (Array(tape.value(y)), tape.gradient(of: x).map(Array.init)!, tape.gradient(of: wt).map(Array.init)!,
                    tape.gradient(of: bt).map(Array.init)!)
        }
        let whole = try run(0..<batch)
        var gw = [Float](repeating: 0, count: kernel.count), gb = [Float](repeating: 0, count: 3)
        for n in 0..<batch {
            let alone = try run(n..<n + 1)
            let (ys, xs) = (alone.y.count, alone.gx.count)
            #expect(zip(alone.y, whole.y[(n * ys)..<((n + 1) * ys)]).allSatisfy { abs($0 - $1) < 1e-4 }, "image \(n)")
            #expect(zip(alone.gx, whole.gx[(n * xs)..<((n + 1) * xs)]).allSatisfy { abs($0 - $1) < 1e-4 }, "image \(n)")
            for i in gw.indices { gw[i] += alone.gw[i] }
            for i in gb.indices { gb[i] += alone.gb[i] }
        }
        #expect(zip(gw, whole.gw).allSatisfy { abs($0 - $1) < 1e-3 * max(1, abs($0)) })
        #expect(zip(gb, whole.gb).allSatisfy { abs($0 - $1) < 1e-3 * max(1, abs($0)) })
    }

    @Test func pooling() throws {
        for (shape, geometry) in [(Shape(2, 3, 6, 4), PoolingGeometry(kernel: 2)), (Shape(1, 2, 5, 5), PoolingGeometry(kernel: 3, stride: 1)),
                                  (Shape(1, 1, 1, 1), PoolingGeometry(kernel: 1))] {
            let inputs = [(shape, Self.separated(shape.count, seed: 3))]
            let maxReport = try GradientCheck.run(inputs: inputs) { t, x throws(AutogradError) in try t.maxPool2d(x[0], geometry) }
            #expect(maxReport.passed, "\(maxReport)")
            try expectGradients([shape]) { t, x throws(AutogradError) in try t.averagePool2d(x[0], geometry) }
        }
    }

    @Test func dropoutUsesOneMaskForwardAndBackward() throws {
        for channelwise in [false, true] {
            // The same seed on every evaluation: the mask is part of the function.
            try expectGradients([Shape(3, 2, 2, 2)]) { t, x throws(AutogradError) in
                var random = Xoshiro256(seed: 11)
                return try t.dropout(x[0], probability: 0.4, random: &random, channelwise: channelwise)
            }
        }
    }

    @Test func losses() throws {
        let labels: [Int32] = [2, 0, 1]
        for (batch, classes) in [(3, 4), (1, 3)] {
            let batchLabels = Array(labels.prefix(batch))
            try expectGradients([Shape(batch, classes)]) { t, x throws(AutogradError) in
                try batchLabels.withUnsafeBufferPointer { (l) throws(AutogradError) in try t.crossEntropy(logits: x[0], labels: l) }
            }
            try expectGradients([Shape(batch, classes)]) { t, x throws(AutogradError) in
                try batchLabels.withUnsafeBufferPointer { (l) throws(AutogradError) in
                    try t.negativeLogLikelihood(t.logSoftmax(x[0]), labels: l)
                }
            }
        }
        try expectGradients([Shape(4, 2), Shape(4, 2)]) { t, x throws(AutogradError) in try t.meanSquaredError(x[0], x[1]) }
        try expectGradients([Shape(1, 1), Shape(1, 1)]) { t, x throws(AutogradError) in try t.meanSquaredError(x[0], x[1]) }
        try expectGradients([Shape(6)]) { t, x throws(AutogradError) in
            try t.hinge(x[0], targets: t.constant(Shape(6), [1, -1, 1, 1, -1, -1]))
        }
        try expectGradients([Shape(5), Shape(5)]) { t, x throws(AutogradError) in
            try t.binaryCrossEntropy(logits: x[0], targets: t.sigmoid(x[1]))
        }
    }

    @Test func aWholeNetworkAgainstDifferences() throws {
        // conv → pool → relu → reshape → linear → log-softmax → NLL, one small batch.
        let labels: [Int32] = [1, 0]
        try expectGradients([Shape(2, 1, 6, 6), Shape(2, 1, 3, 3), Shape(2), Shape(3, 8), Shape(3)]) { t, x throws(AutogradError) in
            let c = try t.relu(t.averagePool2d(t.conv2d(x[0], weight: x[1], bias: x[2]), PoolingGeometry(kernel: 2)))
            let logits = try t.add(t.matmul(t.reshape(c, Shape(2, 8)), x[3], transposeB: true), x[4])
            return try labels.withUnsafeBufferPointer { (l) throws(AutogradError) in try t.negativeLogLikelihood(t.logSoftmax(logits), labels: l) }
        }
    }

    @Test func theCheckerCatchesAWrongRule() throws {
        // A deliberately wrong "derivative": exp's rule applied to a function that is not exp.
        let report = try GradientCheck.run(inputs: [(Shape(4), Self.values(4, seed: 2))]) { t, x throws(AutogradError) in
            let y = t.exp(x[0])
            return try t.multiply(y, t.constant(Shape(4), Array(t.value(x[0]))))   // x·eˣ with x taken as a constant
        }
        #expect(!report.passed)
    }
}
