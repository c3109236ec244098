import HogwildCore
import HogwildTestSupport
import Synchronization
import Testing

/// The trainer's side of a distributed run, with an in-process ``ParameterExchange``
/// standing in for the other ranks: rounds cut the epoch without changing a serial
/// run, every hook is called where the protocol says, the exchange's values are the
/// ones trained on and reported.
@Suite struct ParameterExchangeTests {
    static let problem = LeastSquaresObjective.consistent(solution: (0..<8).map { Float($0) / 4 - 1 }, count: 200)

    /// Records the calls; `pull` replaces the parameters after every round (another
    /// rank's values), `objectiveScale` stands for the other ranks' objectives.
    final class RecordingExchange: ParameterExchange, @unchecked Sendable {
        var calls: [String] = []
        var rounds: Int
        var multiplier: Float = 1
        var pull: Float?
        var objectiveScale = 1.0
        init(rounds: Int) { self.rounds = rounds }
        func stepMultiplier(epochs progress: Double) -> Float { multiplier }
        var keepsFeasible = true
        var keepsProjectionsFeasible: Bool { keepsFeasible }
        func roundsPerEpoch(terms: Int, workers: Int) -> Int { rounds }
        func begin(_ buffers: ExchangedBuffers) { calls.append("begin \(buffers.segments.count)") }
        func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) {
            calls.append("exchange \(epoch).\(round)")
            if let pull { buffers.segments[0].fill(pull) }
        }
        func settle(_ buffers: ExchangedBuffers) { calls.append("settle") }
        func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) -> Double {
            calls.append("combine \(terms)")
            return local * objectiveScale
        }
        func annotate(_ report: inout EpochReport) {
            calls.append("annotate \(report.epoch)")
            report.updates *= 2
        }
        func end(_ buffers: ExchangedBuffers) { calls.append("end") }
    }

    static func run(_ exchange: any ParameterExchange = LocalExchange(), epochs: Int = 3, schedule: StepSchedule = .constant(0.05)) throws
        -> (report: TrainingReport, parameters: [Float]) {
        let x = try SharedParameters(count: problem.dimension)
        let config = TrainingConfiguration(threads: 1, epochs: epochs, schedule: schedule, seed: 5)
        let report = try Trainer(objective: problem, scheme: RelaxedHogwild(), optimizer: SGD(), configuration: config)
            .run(on: x, hooks: RunHooks(exchange: exchange))
        return (report, x.copyOut())
    }

    @Test(arguments: [1, 3, 7])
    func roundsThatExchangeNothingLeaveASerialRunBitIdentical(rounds: Int) throws {
        let alone = try Self.run()
        let exchange = RecordingExchange(rounds: rounds)
        let cut = try Self.run(exchange)
        #expect(cut.parameters == alone.parameters)
        #expect(cut.report.epochs.map(\.objective) == alone.report.epochs.map(\.objective))
        #expect(exchange.calls.filter { $0.hasPrefix("exchange") }.count == rounds * 3)
    }

    @Test func hooksAreCalledInTheProtocolsOrder() throws {
        let exchange = RecordingExchange(rounds: 2)
        _ = try Self.run(exchange, epochs: 2)
        #expect(exchange.calls == ["begin 1", "combine 200",
                                   "exchange 0.0", "exchange 0.1", "settle", "combine 200", "annotate 1",
                                   "exchange 1.0", "exchange 1.1", "settle", "combine 200", "annotate 2", "end"])
    }

    @Test func theJobsObjectiveUpdatesAndValuesAreWhatIsReported() throws {
        let exchange = RecordingExchange(rounds: 1)
        exchange.objectiveScale = 3
        exchange.pull = 0.25
        let (report, parameters) = try Self.run(exchange)
        #expect(parameters.allSatisfy { $0 == 0.25 })   // the last exchange's values stay
        let copy = try SharedParameters(count: parameters.count)
        parameters.withUnsafeBufferPointer { copy.memory.copy(from: $0) }
        let local = Self.problem.evaluate(parameters: copy.memory)
        #expect(abs(report.finalObjective - 3 * local) < 1e-9)
        #expect(report.epochs.allSatisfy { $0.updates == 400 })
    }

    @Test func theExchangesStepMultiplierScalesEveryStep() throws {
        let exchange = RecordingExchange(rounds: 1)
        exchange.multiplier = 2
        let scaled = try Self.run(exchange)
        let doubled = try Self.run(schedule: .constant(0.1))
        #expect(scaled.parameters == doubled.parameters)
        #expect(scaled.report.epochs.allSatisfy { $0.stepSize == 0.1 })
    }

    /// Least squares whose coordinates are clipped at zero after each step: a projection.
    struct NonNegativeLeastSquares: Objective {
        let base: LeastSquaresObjective
        var termCount: Int { base.termCount }
        var dimension: Int { base.dimension }
        func makeWorkspace() {}
        func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                                           context: inout WorkerContext<Void>) {
            base.gradient(of: term, at: x, into: &gradient, context: &context)
        }
        var projectsSteps: Bool { true }
        func project(term: Int, step: inout ProposedStep, stepSize: Float, context: inout WorkerContext<Void>) {
            for i in 0..<step.count where step.proposal(i) < 0 { step.setProposal(i, 0) }
            for r in 0..<step.runCount {
                let proposals = step.run(r).proposals
                for i in proposals.indices { proposals[i] = max(0, proposals[i]) }
            }
        }
        func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
            base.loss(term: term, at: x, context: &context)
        }
    }

    @Test func anExchangeThatSumsChangesRefusesAnObjectiveThatProjects() throws {
        let projected = NonNegativeLeastSquares(base: Self.problem)
        let config = TrainingConfiguration(threads: 1, epochs: 1, schedule: .constant(0.01), seed: 5)
        let summing = RecordingExchange(rounds: 2)
        summing.keepsFeasible = false
        #expect {
            try Trainer(objective: projected, scheme: RelaxedHogwild(), optimizer: SGD(), configuration: config)
                .run(on: try SharedParameters(count: projected.dimension), hooks: RunHooks(exchange: summing))
        } throws: { error in
            guard case TrainingError.projectionsNotFeasibleUnderExchange = error else { return false }
            return "\(error)".contains("average the copies")
        }
        #expect(summing.calls.isEmpty, "refused before the first exchange")
        // The same objective trains with an exchange that keeps projections feasible, and
        // an exchange that sums changes still trains objectives without projections.
        _ = try Trainer(objective: projected, scheme: RelaxedHogwild(), optimizer: SGD(), configuration: config)
            .run(on: try SharedParameters(count: projected.dimension), hooks: RunHooks(exchange: RecordingExchange(rounds: 2)))
        _ = try Self.run(summing)
    }
}
