import HogwildCore
import HogwildTestSupport
import Testing

/// A run stopped between epochs and resumed from what ``ProgressObserver`` saw ends
/// where one never stopped ends, to the bit; the divergence guard stops, backs off or
/// records a run in the epoch it breaks.
@Suite struct ResumeAndDivergenceTests {
    static let problem = LeastSquaresObjective.consistent(solution: (0..<12).map { Float($0) / 4 - 1 }, count: 300)

    /// The parameters, optimizer state and progress at the end of epoch `k` of a run.
    struct Saved {
        var parameters: [Float]
        var state: [[Float]]
        var progress: TrainingProgress
    }

    static func trainer(_ config: TrainingConfiguration) throws -> Trainer<LeastSquaresObjective, RelaxedHogwild, Adam> {
        try Trainer(objective: problem, scheme: RelaxedHogwild(), optimizer: Adam(), configuration: config)
    }

    @Test(arguments: [Sampling.epochPermutation, .withReplacement])
    func aRunStoppedAndResumedEndsBitIdentical(sampling: Sampling) throws {
        var config = TrainingConfiguration(threads: 1, epochs: 6, schedule: .inverseTime(initial: 0.02, decay: 1e-3),
                                           sampling: sampling, seed: 11)
        config.evaluateEveryEpoch = true
        // Uninterrupted.
        let whole = try SharedParameters(count: Self.problem.dimension)
        let wholeState = try OptimizerState(for: Adam(), layout: whole.layout, workers: 1, placement: .shared)
        let wholeReport = try Self.trainer(config).run(on: whole, state: wholeState)

        // Stopped after epoch 3 (the stop is seen before epoch 4 starts) …
        let first = try SharedParameters(count: Self.problem.dimension)
        let firstState = try OptimizerState(for: Adam(), layout: first.layout, workers: 1, placement: .shared)
        let stop = StopSignal()
        var saved: Saved?
        let stopped = try Self.trainer(config).run(on: first, state: firstState, hooks: RunHooks(stop: stop, onProgress: ProgressObserver { progress in
            saved = Saved(parameters: first.copyOut(), state: firstState.buffers().map { $0.copyOut() }, progress: progress)
            if progress.epochsCompleted == 3 { stop.requestStop() }
        }))
        #expect(stopped.stoppedEarly && stopped.epochs.count == 3)

        // … and resumed in fresh buffers from what was saved.
        let checkpoint = try #require(saved)
        let second = try SharedParameters(count: Self.problem.dimension)
        try second.copyIn(checkpoint.parameters)
        let secondState = try OptimizerState(for: Adam(), layout: second.layout, workers: 1, placement: .shared)
        for (buffer, values) in zip(secondState.buffers(), checkpoint.state) { try buffer.copyIn(values) }
        let resumed = try Self.trainer(config).run(on: second, state: secondState, hooks: RunHooks(resume: checkpoint.progress))

        #expect(second.copyOut().map(\.bitPattern) == whole.copyOut().map(\.bitPattern))
        #expect(secondState.buffers().map { $0.copyOut() } == wholeState.buffers().map { $0.copyOut() })
        #expect(resumed.finalObjective == wholeReport.finalObjective)
        #expect(resumed.epochs.map(\.objective) == wholeReport.epochs.map(\.objective))
        #expect(resumed.epochs.map(\.stepSize) == wholeReport.epochs.map(\.stepSize))
        #expect(resumed.initialObjective == wholeReport.initialObjective && !resumed.stoppedEarly)
    }

    @Test func resumingPastTheEpochCountIsRefused() throws {
        let config = TrainingConfiguration(threads: 1, epochs: 2, schedule: .constant(0.01))
        let x = try SharedParameters(count: Self.problem.dimension)
        let progress = TrainingProgress(epochsCompleted: 3, epochs: Array(repeating: EpochReport(epoch: 1, stepSize: 0.01, seconds: 0, elapsed: 0, updates: 1, samples: 1, objective: 1), count: 3), initialObjective: 1)
        #expect(throws: TrainingError.self) { try Self.trainer(config).run(on: x, hooks: RunHooks(resume: progress)) }
    }

    /// Gradient NaN from the second epoch on (the worker's update count says which
    /// epoch it is in): caught in epoch 2, not later, with the epoch before kept.
    struct NaNFromEpochTwo: Objective {
        var termCount: Int { 50 }
        var dimension: Int { 4 }
        func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                                           context: inout WorkerContext<Void>) {
            let poisoned = context.updates >= termCount / context.workers
            for j in 0..<dimension { gradient.add(j, poisoned ? .nan : x.load(j) - 1) }
        }
        func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
            (0..<dimension).reduce(0) { $0 + 0.5 * Double((x.load($1) - 1) * (x.load($1) - 1)) }
        }
    }

    @Test(arguments: [true, false])
    func aPlantedNaNIsCaughtInTheEpochItAppears(evaluateEveryEpoch: Bool) throws {
        var config = TrainingConfiguration(threads: 1, epochs: 5, schedule: .constant(0.1))
        config.evaluateEveryEpoch = evaluateEveryEpoch
        let x = try SharedParameters(count: 4)
        let error = try #require(throws: TrainingError.self) {
            try Trainer(objective: NaNFromEpochTwo(), scheme: RelaxedHogwild(), configuration: config).run(on: x)
        }
        guard case .diverged(let divergence, let partial) = error else {
            Issue.record("expected a divergence, got \(error)")
            return
        }
        #expect(divergence.epoch == 2)
        #expect(divergence.scheme == .hogwild && divergence.optimizer == "sgd" && divergence.stepSize == 0.1)
        #expect(partial.epochs.count == 1 && divergence.lastFiniteObjective.isFinite)
        // Without a per-epoch objective the parameter scan finds it.
        #expect(divergence.problem.contains(evaluateEveryEpoch ? "objective is nan" : "parameter"))
        #expect(error.description.contains("diverged in epoch 2"))
    }

    /// f(x) = ½‖x − 1‖² with γ = 3: each step multiplies the error by −2 and the run
    /// explodes (2²⁰ over an epoch of 20 terms); at γ = 1.5 it shrinks by half a step.
    @Test func backoffRestoresTheEpochAndHalvesTheStep() throws {
        let problem = MeanObjective(targets: Array(repeating: [1, 1, 1, 1], count: 20))
        var config = TrainingConfiguration(threads: 1, epochs: 4, schedule: .constant(3))
        config.divergence.policy = .backoff(retries: 2)
        let x = try SharedParameters(count: 4)
        var seen: [TrainingProgress] = []
        let report = try Trainer(objective: problem, scheme: RelaxedHogwild(), configuration: config)
            .run(on: x, hooks: RunHooks(onProgress: ProgressObserver { seen.append($0) }))
        #expect(report.backoffs.count == 1 && report.backoffs[0].epoch == 1 && report.backoffs[0].stepScale == 0.5)
        #expect(report.epochs.count == 4 && report.epochs.allSatisfy { $0.stepSize == 1.5 })
        #expect(report.finalObjective < 1e-6)
        #expect(seen.first?.backoffs.count == 1 && seen.first?.epochsCompleted == 0)

        // With no retries left it stops like .stop.
        config.schedule = .constant(300)
        config.divergence.policy = .backoff(retries: 2)
        #expect(throws: TrainingError.self) {
            try Trainer(objective: problem, scheme: RelaxedHogwild(), configuration: config).run(on: try SharedParameters(count: 4))
        }
    }

    @Test func recordEndsTheRunWithItsDivergenceInTheReport() throws {
        var config = TrainingConfiguration(threads: 2, epochs: 5, schedule: .constant(0.1))
        config.divergence.policy = .record
        let report = try Trainer(objective: NaNFromEpochTwo(), scheme: CoordinateLocks(), configuration: config)
            .run(on: try SharedParameters(count: 4))
        #expect(report.divergence?.epoch == 2 && report.epochs.count == 2 && report.stoppedEarly)
    }

    @Test func anExplodingObjectiveCountsAsDiverged() throws {
        let guardrail = DivergenceGuard(explosionFactor: 100)
        let x = try SharedParameters(count: 2)
        #expect(guardrail.problem(objective: 50, initialObjective: 1, parameters: x.memory) == nil)
        #expect(guardrail.problem(objective: 101, initialObjective: 1, parameters: x.memory)?.contains("exceeds") == true)
        #expect(guardrail.problem(objective: .infinity, initialObjective: 1, parameters: x.memory) != nil)
        #expect(throws: TrainingError.self) { try DivergenceGuard(explosionFactor: 0.5).validate() }
        #expect(throws: TrainingError.self) { try DivergenceGuard(policy: .backoff(retries: 0)).validate() }
    }
}
