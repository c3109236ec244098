import Testing
import HogwildTestSupport
@testable import HogwildCore

/// The two ways a step reaches memory — written as the objective computes it (plain
/// HOGWILD!, atomic adds, the global lock) or buffered until the scheme is ready (AIG,
/// round robin, and any step that is projected, clipped or delayed) — do the same
/// arithmetic.
@Suite struct StepPathTests {
    static let system = LeastSquaresObjective.consistent(solution: [1, -2, 0.5, 3, 0, 7], count: 300)

    @Test(arguments: [OptimizerChoice.sgd, OptimizerChoice(SGD(weightDecay: 0.01)), OptimizerChoice(AdaGrad()), OptimizerChoice(Adam())])
    func immediateAndBufferedStepsGiveTheSameBitsOnOneThread(_ optimizer: OptimizerChoice) throws {
        let config = TrainingConfiguration(threads: 1, epochs: 3, schedule: .constant(0.01))
        var results: [[UInt32]] = []
        for scheme in [SchemeChoice.hogwild, .hogwildAtomic, .globalLock, .coordinateLocks, .roundRobin] {
            let (_, x) = try train(Self.system, scheme, config, optimizer: optimizer)
            results.append(x.copyOut().map(\.bitPattern))
        }
        #expect(Set(results).count == 1, "\(optimizer)")
    }

    @Test func aDelayOrClippingTakesTheBufferedPathWithTheSameResultWhenItChangesNothing() throws {
        // Clipping by a norm no gradient reaches changes nothing, but needs the whole
        // gradient first: the buffered path, which must then agree with the immediate one.
        let plain = TrainingConfiguration(threads: 1, epochs: 2, schedule: .constant(0.01))
        var clipped = plain
        clipped.clipping = GradientClipping(norm: 1e30)
        let (_, a) = try train(Self.system, .hogwild, plain)
        let (_, b) = try train(Self.system, .hogwild, clipped)
        #expect(a.copyOut().map(\.bitPattern) == b.copyOut().map(\.bitPattern))
    }

    @Test func aCoordinateOutsideTheBufferStopsTheProgramWithItsName() async {
        await #expect(processExitsWith: .failure) {
            struct Stray: Objective {
                var termCount: Int { 1 }
                var dimension: Int { 2 }
                func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
                                                                   context: inout WorkerContext<Void>) {
                    g.add(2, 1)
                }
                func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double { 0 }
            }
            _ = try? train(Stray(), .hogwild, TrainingConfiguration(threads: 1, epochs: 1))
        }
    }

    @Test func aRunOutsideTheBufferStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var gradient = TermGradient(dimension: 4)
            _ = gradient.addRun(start: 2, count: 3)
        }
    }
}

@Suite struct GradientGrowthTests {
    /// Gradients larger than the first buffers (64 entries, 64 run values, 4 runs) grow
    /// them, in both step paths, and every coordinate still gets its step.
    @Test(arguments: [SchemeChoice.hogwild, .coordinateLocks])
    func gradientsLargerThanTheFirstBuffersGrowThem(_ scheme: SchemeChoice) throws {
        let objective = CountingObjective(termCount: 3, dimension: 5_000, width: 4_000, asRuns: true)
        let scattered = CountingObjective(termCount: 3, dimension: 5_000, width: 4_000, asRuns: false)
        for o in [objective, scattered] {
            let (_, x) = try train(o, scheme, TrainingConfiguration(threads: 1, epochs: 2, schedule: .constant(1)))
            var expected = [Float](repeating: 0, count: 5_000)
            for term in 0..<3 { for c in o.coordinates(of: term) { expected[c] += 2 } }
            #expect(x.copyOut() == expected)
        }
    }

    @Test func manyRunsGrowTheRunTable() throws {
        struct Striped: Objective {
            var termCount: Int { 2 }
            var dimension: Int { 100 }
            func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
                                                               context: inout WorkerContext<Void>) {
                for r in 0..<10 { g.addRun(start: 10 * r, count: 5).initialize(repeating: -1) }
            }
            func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double { 0 }
        }
        let (_, x) = try train(Striped(), .hogwild, TrainingConfiguration(threads: 1, epochs: 1, schedule: .constant(1)))
        #expect(x.copyOut() == (0..<100).map { $0 % 10 < 5 ? 2 : 0 })
    }
}
