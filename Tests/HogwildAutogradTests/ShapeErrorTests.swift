import HogwildAutograd
import HogwildCore
import HogwildSupport
import Testing

/// Mismatched shapes, empty batches and bad arguments are typed errors that name
/// both shapes; nothing traps.
@Suite struct ShapeErrorTests {
    let tape = Tape()

    @Test func mismatchedShapesNameBoth() {
        let a = tape.constant(Shape(64, 784), Array(repeating: 0, count: 64 * 784))
        let b = tape.constant(Shape(128, 10), Array(repeating: 0, count: 1280))
        #expect(throws: AutogradError.shapeMismatch(operation: "matmul", Shape(64, 784), Shape(128, 10), detail: "inner extents 784 and 128")) {
            try tape.matmul(a, b)
        }
        do {
            _ = try tape.add(tape.constant(Shape(2, 3), [1, 2, 3, 4, 5, 6]), tape.constant(Shape(2), [1, 2]))
            Issue.record("broadcasting [2, 3] with [2] must fail")
        } catch {
            #expect(error.description.contains("[2, 3]") && error.description.contains("[2]"), "\(error)")
        }
        #expect(throws: AutogradError.self) { try tape.reshape(a, Shape(10, 10)) }
        #expect(throws: AutogradError.self) { try tape.concat(a, b, axis: 0) }
        #expect(throws: AutogradError.self) { try tape.meanSquaredError(a, b) }
    }

    @Test func convolutionAndPoolingCheckTheirOperands() {
        let image = tape.constant(Shape(1, 3, 8, 8), Array(repeating: 0, count: 192))
        let kernel = tape.constant(Shape(4, 2, 3, 3), Array(repeating: 0, count: 72))
        do {
            _ = try tape.conv2d(image, weight: kernel)
            Issue.record("3 input channels against a kernel for 2 must fail")
        } catch {
            #expect(error.description.contains("[1, 3, 8, 8]") && error.description.contains("[4, 2, 3, 3]"), "\(error)")
        }
        let big = tape.constant(Shape(2, 3, 9, 9), Array(repeating: 0, count: 486))
        #expect(throws: AutogradError.self) { try tape.conv2d(image, weight: big) }
        #expect(throws: AutogradError.self) { try tape.conv2d(image, weight: tape.constant(Shape(2, 3, 3, 3), Array(repeating: 0, count: 54)), ConvolutionGeometry(stride: 0)) }
        #expect(throws: AutogradError.self) { try tape.maxPool2d(image, PoolingGeometry(kernel: 9)) }
        #expect(throws: AutogradError.self) { try tape.averagePool2d(tape.constant(Shape(3, 3), Array(repeating: 0, count: 9)), PoolingGeometry(kernel: 2)) }
    }

    @Test func emptyBatchesAreErrors() {
        let empty = tape.constant(Shape(0, 10), [])
        let none: [Int32] = []
        #expect(throws: AutogradError.emptyBatch(operation: "crossEntropy")) {
            try none.withUnsafeBufferPointer { (l) throws(AutogradError) in try tape.crossEntropy(logits: empty, labels: l) }
        }
        #expect(throws: AutogradError.emptyBatch(operation: "matmul")) {
            try tape.matmul(empty, tape.constant(Shape(10, 2), Array(repeating: 0, count: 20)))
        }
        #expect(throws: AutogradError.emptyBatch(operation: "conv2d")) {
            try tape.conv2d(tape.constant(Shape(0, 1, 5, 5), []), weight: tape.constant(Shape(1, 1, 3, 3), Array(repeating: 0, count: 9)))
        }
        #expect(throws: AutogradError.emptyBatch(operation: "mean")) { try tape.mean(tape.constant(Shape(0), [])) }
    }

    @Test func labelsAndIndicesAreChecked() {
        let logits = tape.constant(Shape(2, 3), [0, 0, 0, 0, 0, 0])
        let outOfRange: [Int32] = [0, 3]
        #expect(throws: AutogradError.indexOutOfRange(operation: "crossEntropy", index: 3, count: 3)) {
            try outOfRange.withUnsafeBufferPointer { (l) throws(AutogradError) in try tape.crossEntropy(logits: logits, labels: l) }
        }
        let tooFew: [Int32] = [1]
        #expect(throws: AutogradError.shapeMismatch(operation: "negativeLogLikelihood", Shape(2, 3), Shape(1), detail: "one label per row is needed")) {
            try tooFew.withUnsafeBufferPointer { (l) throws(AutogradError) in try tape.negativeLogLikelihood(logits, labels: l) }
        }
        let negative: [Int32] = [-1]
        #expect(throws: AutogradError.indexOutOfRange(operation: "gather", index: -1, count: 2)) {
            try negative.withUnsafeBufferPointer { (i) throws(AutogradError) in try tape.gather(logits, indices: i) }
        }
        #expect(throws: AutogradError.invalidAxis(operation: "sum", axis: 2, rank: 2)) { try tape.sum(logits, axis: 2) }
        #expect(throws: AutogradError.self) { try tape.slice(logits, axis: 1, 2..<4) }
        var random = Xoshiro256(seed: 1)
        #expect(throws: AutogradError.self) { try tape.dropout(logits, probability: 1.5, random: &random) }
    }

    @Test func backwardNeedsAScalarAndParametersNeedABinding() {
        let v = tape.variable(Shape(2), [1, 2])
        #expect(throws: AutogradError.backwardFromNonScalar(Shape(2))) { try tape.backward(from: v) }
        #expect(throws: AutogradError.self) { try tape.parameter(at: 0, Shape(2)) }
        var values: [Float] = [1, 2, 3]
        values.withUnsafeMutableBufferPointer { tape.bind(values: $0.baseAddress!, gradients: nil, count: 3) }
        #expect(throws: AutogradError.self) { try tape.parameter(at: 2, Shape(2)) }
    }
}
