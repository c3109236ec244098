// The README's embedding example, verbatim: a user-defined objective trained by the
// library with any optimizer, with `import Hogwild` as the only import of the library.
import Hogwild
import Testing

// README: begin
/// Least-squares line fit y ≈ a·t + b, with x[0] = a and x[1] = b.
struct LineFit: Objective {
    let points: [(t: Float, y: Float)]
    var termCount: Int { points.count }
    var dimension: Int { 2 }

    func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
                                      context: inout WorkerContext<Void>) {
        let (t, y) = points[term]
        let r = x.load(0) * t + x.load(1) - y      // the residual; ∂(r²/2)/∂a = r·t, ∂/∂b = r
        g.add(0, r * t)
        g.add(1, r)
    }

    func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        let (t, y) = points[term]
        let r = Double(x.load(0) * t + x.load(1) - y)
        return r * r / 2
    }
}
// README: end

@Suite struct ReadmeExampleTests {
    @Test func userDefinedObjectiveTrainsWithOnlyTheUmbrellaImport() throws {
        // README: begin
        let fit = LineFit(points: (0..<1_000).map { i in let t = Float(i) / 1_000; return (t, 3 * t + 1) })
        let x = try SharedParameters(count: fit.dimension)
        let report = try Trainer(objective: fit, scheme: PlainHogwild(), optimizer: Adam(),
                                 configuration: TrainingConfiguration(threads: 2, epochs: 30, schedule: .constant(0.01)))
            .run(on: x) { epoch in print(epoch.epoch, epoch.objective ?? .nan) }
        print(x[0], x[1], report.updatesPerSecond)   // ≈ 3, 1
        // README: end
        #expect(abs(x[0] - 3) < 0.05)
        #expect(abs(x[1] - 1) < 0.05)
        #expect(report.finalObjective < 1e-3)
    }

    @Test func aTrainedModelPredictsSavesAndLoads() throws {
        // README: begin
        let data = try RCV1Shape(rows: 5_000, features: 2_000, seed: 7).generate()
        let svm = try SparseSVM(data: data, regularization: LinearRegularization(l2: 1e-4), intercept: true)
        let x = try SharedParameters(count: svm.dimension)
        _ = try Trainer(objective: svm, scheme: .hogwild, configuration: TrainingConfiguration(epochs: 5)).run(on: x)

        let model = svm.model(parameters: x)                 // weights and intercept, out of the shared buffer
        print(model.predict(indices: [0, 7, 42], values: [0.3, 0.5, 0.1]))   // +1 or -1
        try model.save(to: "/tmp/svm.model")
        let loaded = try LinearModel.load(from: "/tmp/svm.model")
        print(loaded.decisionFunction(data) == model.decisionFunction(data))   // true, bit for bit
        // README: end
        #expect(loaded.decisionFunction(data).map(\.bitPattern) == model.decisionFunction(data).map(\.bitPattern))
        #expect(loaded == model && model.intercept != 0)
        let predicted = loaded.predict(data)
        let errors = (0..<data.rowCount).filter { predicted[$0] != data.labels[$0] }.count
        #expect(Double(errors) / Double(data.rowCount) < 0.35, "it learned something: \(errors) errors")
    }
}
