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
}
