import HogwildAutograd
import HogwildCore
import HogwildSupport
import Testing

/// Parameters bound to a buffer of undefined contents (the training path) get exactly
/// the gradients a zeroed buffer gets: overwritten by the first GEMM, zeroed where the
/// loss does not reach, shared ranges accumulated from both uses.
@Suite struct ParameterGradientTests {
    /// Layout: w [3, 4] at 0, an unused gap 12..<14, b [3] at 14, an unused tensor u [2] at 17, 19..<20 uncovered.
    func gradients(startingFrom fill: Float, zeroed: Bool) throws -> [Float] {
        let tape = Tape()
        var values = (0..<20).map { Float($0 % 7) * 0.1 - 0.3 }
        var gradients = [Float](repeating: fill, count: 20)
        let x = tape.constant(Shape(2, 4), [0.5, -1, 2, 0.25, 1, 1, -0.5, 0])
        try values.withUnsafeMutableBufferPointer { (v) throws(AutogradError) in
            try gradients.withUnsafeMutableBufferPointer { (g) throws(AutogradError) in
                tape.bind(values: v.baseAddress!, gradients: g.baseAddress!, count: 20, gradientsZeroed: zeroed)
                let w = try tape.parameter(at: 0, Shape(3, 4))
                let b = try tape.parameter(at: 14, Shape(3))
                _ = try tape.parameter(at: 17, Shape(2))
                // The same weights used a second time (tied), through a second tensor.
                let wAgain = try tape.parameter(at: 0, Shape(3, 4))
                let h = try tape.tanh(tape.add(tape.matmul(x, w, transposeB: true), b))   // [2, 3]
                let back = try tape.matmul(h, wAgain)                                     // [2, 4]
                try tape.backward(from: tape.mean(tape.multiply(back, back)))
                tape.finishParameterGradients()
            }
        }
        return gradients
    }

    @Test func undefinedBuffersEndExactlyAsZeroedOnes() throws {
        let reference = try gradients(startingFrom: 0, zeroed: true)
        let fromGarbage = try gradients(startingFrom: .nan, zeroed: false)
        #expect(fromGarbage == reference)
        #expect(reference[0..<12].allSatisfy { $0 != 0 } && reference[14..<17].allSatisfy { $0 != 0 })
        #expect(fromGarbage[12..<14].allSatisfy { $0 == 0 } && fromGarbage[17..<20].allSatisfy { $0 == 0 })
    }
}
