@testable import HogwildCore
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct TrainerTests {
    static let targets: [[Float]] = (0..<500).map { i in [Float(i % 7), Float(i % 11) - 5, 1] }
    var mean: MeanObjective { MeanObjective(targets: Self.targets) }

    @Test func oneThreadRunIsBitForBitReproducibleForASeed() throws {
        for sampling in Sampling.allCases {
            let config = TrainingConfiguration(threads: 1, epochs: 3, schedule: .constant(0.05), sampling: sampling, seed: 42)
            let (a, xa) = try train(mean, .hogwild, config)
            let (b, xb) = try train(mean, .hogwild, config)
            #expect(xa.copyOut().map(\.bitPattern) == xb.copyOut().map(\.bitPattern))
            #expect(a.finalObjective == b.finalObjective)
            var other = config
            other.seed = 43
            let (_, xc) = try train(mean, .hogwild, other)
            #expect(xa.copyOut() != xc.copyOut(), "a different seed gives a different order")
        }
    }

    @Test func lockstepRunsAreReproducibleAndInterleaveTheWorkersTermByTerm() throws {
        for sampling in Sampling.allCases {
            var config = TrainingConfiguration(threads: 1, epochs: 3, schedule: .constant(0.05), sampling: sampling,
                                               seed: 42)
            let (_, threaded) = try train(mean, .hogwild, config)
            config.lockstep = true
            let (_, one) = try train(mean, .hogwild, config)
            #expect(one.copyOut().map(\.bitPattern) == threaded.copyOut().map(\.bitPattern),
                    "one worker in lockstep is the serial run")
            config.threads = 4
            // Every coordinate of this objective is hot: the automatic scheme replicates.
            let counting = CountingObjective(termCount: 2_000, dimension: 16, width: 3)
            for scheme in [SchemeChoice.hotReplicas(HotReplicaSettings(hotCoordinates: 2, mergeInterval: 3)), .automatic] {
                let (reportA, a) = try train(counting, scheme, config)
                let (_, b) = try train(counting, scheme, config)
                #expect(a.copyOut().map(\.bitPattern) == b.copyOut().map(\.bitPattern), "no timing in a lockstep run")
                #expect(reportA.schemeParameters["plainEpochMicroseconds"] == nil, "the automatic scheme times nothing")
                #expect(reportA.schemeParameters["hotCoordinates"]! > 0, "and replicates throughout")
            }
        }
        // Each worker steps its own term of each tick: CountingObjective's +1 per term per
        // coordinate all land (one thread, no race), in any interleaving.
        let counting = CountingObjective(termCount: 1_000, dimension: 5, width: 2)
        let config = TrainingConfiguration(threads: 3, epochs: 2, schedule: .constant(1), lockstep: true)
        let (report, x) = try train(counting, .hogwild, config)
        #expect(x.copyOut().reduce(0, +) == 4_000 && report.updates == 2_000)
    }

    @Test(arguments: SchemeChoice.all)
    func everySchemeConvergesToTheKnownOptimum(_ scheme: SchemeChoice) throws {
        let config = TrainingConfiguration(threads: 4, epochs: 20, schedule: .epochDecay(initial: 0.05, factor: 0.8))
        let (report, x) = try train(mean, scheme, config)
        let optimum = mean.optimum
        for v in 0..<3 { #expect(abs(x[v] - optimum[v]) < 0.1, "coordinate \(v)") }
        #expect(report.finalObjective < report.initialObjective)
    }

    @Test func reportCountsEveryEpochAndUpdate() throws {
        let config = TrainingConfiguration(threads: 3, epochs: 4, schedule: .constant(0.01))
        let (report, _) = try train(mean, .hogwild, config)
        #expect(report.epochs.map(\.epoch) == [1, 2, 3, 4])
        #expect(report.updates == 4 * 500)
        #expect(report.samples == report.updates, "one sample a term unless the objective says otherwise")
        #expect(report.epochs.allSatisfy { $0.objective != nil && $0.updates == 500 && $0.seconds > 0 })
        // Elapsed time is the running sum of the epochs' training seconds.
        var sum = 0.0
        for epoch in report.epochs {
            sum += epoch.seconds
            #expect(abs(epoch.elapsed - sum) <= 1e-12 * sum, "epoch \(epoch.epoch)")
        }
        #expect(!report.stoppedEarly)
    }

    @Test func epochDecayStepsAreReported() throws {
        let config = TrainingConfiguration(threads: 1, epochs: 3, schedule: .epochDecay(initial: 0.5, factor: 0.5))
        let (report, _) = try train(mean, .hogwild, config)
        #expect(report.epochs.map(\.stepSize) == [0.5, 0.25, 0.125])
    }

    @Test func evaluationCanBeLeftToTheEnd() throws {
        var config = TrainingConfiguration(threads: 2, epochs: 3)
        config.evaluateEveryEpoch = false
        let (report, _) = try train(mean, .hogwild, config)
        #expect(report.epochs.map { $0.objective == nil } == [true, true, false])
    }

    @Test func stopSignalEndsTheRunAfterTheCurrentEpoch() throws {
        let stop = StopSignal()
        let x = try SharedParameters(count: 3)
        let report = try Trainer(objective: mean, scheme: RelaxedHogwild(), configuration: .init(threads: 2, epochs: 10))
            .run(on: x, hooks: RunHooks(stop: stop)) { epoch in if epoch.epoch == 2 { stop.requestStop() } }
        #expect(report.epochs.count == 2)
        #expect(report.stoppedEarly)
    }

    @Test func cancelledTaskStopsBeforeTheNextEpoch() async throws {
        let objective = mean
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            let x = try SharedParameters(count: 3)
            return try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1, epochs: 5)).run(on: x)
        }
        let report = try await task.value
        #expect(report.epochs.isEmpty)
        #expect(report.stoppedEarly)
    }

    @Test func artificialDelayIsSpentOnEveryGradient() throws {
        // A lower bound only (never flaky): 200 gradients × 200 µs on 1 thread ≥ 40 ms.
        let objective = MeanObjective(targets: Array(Self.targets.prefix(200)))
        var config = TrainingConfiguration(threads: 1, epochs: 1)
        config.delayNanoseconds = 200_000
        let (report, _) = try train(objective, .hogwild, config)
        #expect(report.seconds >= 0.04)
    }

    @Test func perUpdateScheduleShrinksWithinTheEpoch() {
        let s = StepSchedule.inverseTime(initial: 1, decay: 0.5)
        #expect(s.isPerUpdate)
        #expect(s.stepSize(epoch: 0, update: 0) == 1)
        #expect(s.stepSize(epoch: 0, update: 2) == 0.5)
        #expect(s.stepSize(epoch: 3, update: 6) == 0.25)
        let p = StepSchedule.inverseScaling(initial: 1, power: 0.5)
        #expect(abs(p.stepSize(epoch: 0, update: 3) - 0.5) < 1e-6)
        let e = StepSchedule.epochDecay(initial: 0.05, factor: 0.9)
        #expect(!e.isPerUpdate)
        #expect(abs(e.stepSize(epoch: 2, update: 99) - 0.0405) < 1e-7)
    }

    @Test func perUpdateScheduleTrainsThroughTheTrainer() throws {
        let config = TrainingConfiguration(threads: 2, epochs: 5, schedule: .inverseTime(initial: 0.1, decay: 0.001))
        let (report, _) = try train(mean, .hogwildAtomic, config)
        #expect(report.finalObjective < report.initialObjective)
    }
}

@Suite struct TrainingValidationTests {
    let objective = MeanObjective(targets: [[1, 2]])

    @Test(arguments: [0, -1, -100])
    func threadCountBelowOneIsRejected(_ threads: Int) {
        #expect(throws: TrainingError.invalidThreadCount(threads)) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: threads))
        }
    }

    @Test func epochCountBelowOneIsRejected() {
        #expect(throws: TrainingError.invalidEpochCount(0)) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1, epochs: 0))
        }
    }

    @Test(arguments: [Float.nan, .infinity, 0, -0.1])
    func badStepSizeIsRejected(_ step: Float) {
        #expect(throws: TrainingError.self) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1, schedule: .constant(step)))
        }
        #expect(throws: TrainingError.self) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1, schedule: .epochDecay(initial: step, factor: 0.9)))
        }
    }

    @Test func nanDecayAndNegativeDelayAreRejected() {
        #expect(throws: TrainingError.self) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1, schedule: .epochDecay(initial: 0.1, factor: .nan)))
        }
        #expect(throws: TrainingError.self) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1, delayNanoseconds: -5))
        }
    }

    @Test func parameterBufferOfTheWrongSizeIsRejected() throws {
        let x = try SharedParameters(count: 3)
        #expect(throws: TrainingError.dimensionMismatch(objective: 2, parameters: 3)) {
            try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: .init(threads: 1)).run(on: x)
        }
    }

    @Test func emptyObjectiveIsRejected() {
        #expect(throws: TrainingError.noTerms) {
            try Trainer(objective: CountingObjective(termCount: 0, dimension: 1, width: 1), scheme: RelaxedHogwild(),
                        configuration: .init(threads: 1))
        }
    }

    @Test func errorsSayWhatWasWrong() {
        #expect(TrainingError.invalidThreadCount(-2).description.contains("-2"))
        #expect(TrainingError.unknownScheme("hogwlid").description.contains("coordinateLocks"))
    }

    @Test func schemeNamesParseWithAliases() throws {
        #expect(try SchemeKind(parsing: "AIG") == .coordinateLocks)
        #expect(try SchemeKind(parsing: "rr") == .roundRobin)
        #expect(try SchemeKind(parsing: "hogwildAtomic") == .hogwildAtomic)
        #expect(throws: TrainingError.unknownScheme("nope")) { try SchemeKind(parsing: "nope") }
    }
}

@Suite struct ArtificialDelayTests {
    @Test func shortDelaysSpinAboutAsLongAsAsked() {
        // 10,000 short waits of 500 ns: at least 2.5 ms (half the ask, never flaky on a
        // loaded machine, which only adds time), and the calibration is positive.
        let delay = ArtificialDelay(nanoseconds: 500)
        let start = MonotonicClock.nanoseconds()
        for _ in 0..<10_000 { delay.wait() }
        #expect(MonotonicClock.seconds(since: start) >= 0.0025)
        #expect(SpinCalibration.iterationsPerNanosecond > 0)
    }
}
