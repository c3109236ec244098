import HogwildCore
import HogwildNetworks
import HogwildSupport
import Testing

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
        try compare(ImageClassifier(network: model == "cnn" ? ModelZoo.cnn() : ModelZoo.mlp(hidden: [24]), data: data))
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
