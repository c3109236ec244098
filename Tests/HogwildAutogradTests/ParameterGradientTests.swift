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

/// A reader that offers no direct storage, as under hot replicas: the worker snapshots.
struct CopyingReader: ParameterReader {
    let memory: UnsafeParameterMemory
    func load(_ index: Int) -> Float { memory.load(index) }
    func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) { memory.load(range, into: destination) }
}

@Suite struct DirectReadTests {
    /// GEMMs reading weights straight from shared memory give the same gradient, bit
    /// for bit, as the full snapshot (both read the same values when no one writes).
    @Test(arguments: ["mlp1", "mlp16", "cnn"])
    func directAndSnapshotReadsAgree(model: String) throws {
        let data = try LabeledImages.synthetic(count: 32, batchSize: model == "mlp1" ? 1 : 16)
        if model == "cnn" { try compare(ReferenceCNN(data: data)) } else { try compare(ReferenceMLP(data: data, hidden: 24)) }
    }

    func compare<Model: DifferentiableModel>(_ model: Model) throws {
        let objective = try NetworkObjective(model)
        let x = try SharedParameters(count: objective.dimension)
        try x.copyIn(model.initialParameters(seed: 2))
        func gradient<R: ParameterReader>(_ reader: R) -> [Float] {
            var g = TermGradient(dimension: objective.dimension)
            defer { g.deallocate() }
            // The same dropout masks: the same seed for both contexts.
            var context = WorkerContext(worker: 0, workers: 1, random: Xoshiro256(seed: 4), workspace: objective.makeWorkspace())
            objective.gradient(of: 1, at: reader, into: &g, context: &context)
            return Array(g.run(0).values)
        }
        let direct = gradient(x.memory), copied = gradient(CopyingReader(memory: x.memory))
        #expect(x.memory.directStorage(0..<1) != nil || UnsafeParameterMemory.bulkOperationsAreSanitizerClean)
        #expect(direct.map(\.bitPattern) == copied.map(\.bitPattern))
        #expect(direct.contains { $0 != 0 })
    }
}
