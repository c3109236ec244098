import HogwildAutograd
import HogwildNetworks
import HogwildCore
import Testing

/// Networks trained by the ordinary trainer: dense minibatch steps on the shared buffer.
@Suite struct NetworkTrainingTests {
    func train<Model: DifferentiableModel>(_ model: Model, scheme: SchemeChoice, threads: Int, epochs: Int,
                                           step: Float) throws -> (TrainingReport, [Float]) {
        let objective = try NetworkObjective(model)
        let x = try SharedParameters(count: objective.dimension)
        try x.copyIn(model.initialParameters(seed: 1))
        let configuration = TrainingConfiguration(threads: threads, epochs: epochs, schedule: .constant(step), seed: 5)
        let report = try AnyTrainer(objective: objective, scheme: scheme, optimizer: OptimizerChoice(Momentum(momentum: 0.5)), configuration: configuration).run(on: x)
        return (report, x.copyOut())
    }

    @Test(arguments: [SchemeChoice.hogwild, .hogwildAtomic, .coordinateLocks, .roundRobin, .globalLock])
    func theMLPLearnsUnderEveryScheme(scheme: SchemeChoice) throws {
        let data = try LabeledImages.synthetic(count: 384, batchSize: 32)
        let (report, _) = try train(ImageClassifier(network: ModelZoo.mlp(hidden: [32]), data: data), scheme: scheme, threads: 2, epochs: 20, step: 0.2)
        // Ten balanced-ish classes start near ln 10 ≈ 2.3. Twenty epochs end near 0.71× of it
        // (ten ended near the 0.8 line, and one CI run under full load missed it: 0.82×).
        #expect(report.initialObjective > 2.0)
        #expect(report.finalObjective < 0.8 * report.initialObjective, "\(scheme): \(report.initialObjective) → \(report.finalObjective)")
        #expect(report.epochs.last?.samples == 384)
    }

    @Test func oneWorkerRunsAreReproducible() throws {
        let data = try LabeledImages.synthetic(count: 64, batchSize: 16)
        let model = ImageClassifier(network: ModelZoo.cnn(), data: data)
        let (first, a) = try train(model, scheme: .hogwild, threads: 1, epochs: 1, step: 0.05)
        let (_, b) = try train(model, scheme: .hogwild, threads: 1, epochs: 1, step: 0.05)
        #expect(a == b)
        #expect(first.finalObjective.isFinite && first.finalObjective < first.initialObjective)
    }
}
