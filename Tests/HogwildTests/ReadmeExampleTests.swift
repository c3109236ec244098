// The README's embedding example, verbatim in spirit: a user-defined objective
// trained by the library, with `import Hogwild` as the only import of the library.
import Hogwild
import Testing

/// Least-squares line fit y ≈ a·t + b over points (t, y): each term touches both
/// coordinates (a, b).
struct LineFit: Objective {
    let points: [(t: Float, y: Float)]

    var termCount: Int { points.count }
    var dimension: Int { 2 }

    func visitCoordinates<V: CoordinateVisitor>(of term: Int, _ visitor: inout V) {
        visitor.visit(0)
        visitor.visit(1)
    }

    // Phase 1: read x_e and return the residual r = a·t + b − y.
    func prepare<R: ParameterReader>(term: Int, parameters x: R,
                                     scratch: UnsafeMutableBufferPointer<Float>) -> Float {
        x.load(0) * points[term].t + x.load(1) - points[term].y
    }

    // Phase 2: x_v ← x_v − γ·∂f_e/∂x_v, reading and writing through the scheme's writer.
    func apply<W: CoordinateWriter>(term: Int, state r: Float, stepSize: Float,
                                    scratch: UnsafeMutableBufferPointer<Float>, writer: W) {
        writer.write(0, old: writer.load(0), delta: -stepSize * r * points[term].t)
        writer.write(1, old: writer.load(1), delta: -stepSize * r)
    }

    func loss(term: Int, parameters x: UnsafeParameterMemory) -> Double {
        let r = Double(x.load(0) * points[term].t + x.load(1) - points[term].y)
        return 0.5 * r * r
    }
}

@Suite struct ReadmeExampleTests {
    @Test func userDefinedObjectiveTrainsWithOnlyTheUmbrellaImport() throws {
        let points = (0..<1_000).map { i -> (t: Float, y: Float) in
            let t = Float(i) / 1_000
            return (t, 3 * t + 1)
        }
        let objective = LineFit(points: points)
        let x = try SharedParameters(count: objective.dimension)
        let trainer = try Trainer(objective: objective, scheme: Hogwild(),
                                  configuration: TrainingConfiguration(threads: 2, epochs: 30,
                                                                       schedule: .constant(0.1)))
        let report = try trainer.run(on: x) { epoch in
            _ = epoch.objective   // a progress callback, once per epoch
        }
        #expect(abs(x[0] - 3) < 0.05)
        #expect(abs(x[1] - 1) < 0.05)
        #expect(report.finalObjective < 1e-3)
    }
}
