import Testing
import HogwildTestSupport
@testable import HogwildCore

/// The two ways a step reaches memory — written as the objective computes it (plain
/// HOGWILD!, atomic adds, the global lock) or buffered until the scheme is ready (AIG,
/// round robin, and any step that is projected, clipped or delayed) — do the same
/// arithmetic.
@Suite struct StepPathTests {
    static let system = LeastSquaresObjective.consistent(solution: [1, -2, 0.5, 3, 0, 7], count: 300)

    @Test(arguments: [OptimizerChoice.sgd(SGD()), .sgd(SGD(weightDecay: 0.01)), .adagrad(AdaGrad()), .adam(Adam())])
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
            _ = try? train(Stray(), .hogwild, TrainingConfiguration(epochs: 1))
        }
    }

    @Test func aRunOutsideTheBufferStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var gradient = TermGradient(dimension: 4)
            _ = gradient.addRun(start: 2, count: 3)
        }
    }
}
