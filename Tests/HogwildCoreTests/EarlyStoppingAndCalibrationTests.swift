import HogwildCore
import HogwildTestSupport
import Testing

/// Early stopping (scikit-learn's rule, keeping the best epoch) and Bottou's step
/// calibration, the defaults a user's data gets.
@Suite struct EarlyStoppingAndCalibrationTests {
    @Test func stopsAfterPatienceEpochsWithoutProgressRelativeToTheStart() {
        let rule = EarlyStopping(tolerance: 1e-2, patience: 2)
        // From 1: falls of 0.5 and 0.2 are progress; 0.005 and a rise are not.
        #expect(!rule.shouldStop(after: [1, 0.5, 0.3]))
        #expect(!rule.shouldStop(after: [1, 0.5, 0.3, 0.295]))
        #expect(rule.shouldStop(after: [1, 0.5, 0.3, 0.295, 0.31]))
        // Progress resets the count; an unevaluated epoch does not count.
        #expect(!rule.shouldStop(after: [1, 0.5, 0.3, 0.295, 0.2, 0.199]))
        #expect(!rule.shouldStop(after: [1, 0.5, nil, 0.499]))
    }

    @Test func aRunThatStopsEarlyKeepsItsBestEpoch() throws {
        // A step that grows 1.6× an epoch: it converges, then, past 2 (where each step
        // overshoots more than it corrects), the objective climbs. The run must end at
        // the lowest objective seen, not at the last.
        let objective = MeanObjective(targets: [[0, 4], [4, 0], [1, 1], [3, 3]])
        var config = TrainingConfiguration(threads: 1, epochs: 50, schedule: .epochDecay(initial: 0.05, factor: 1.6))
        config.earlyStopping = EarlyStopping(tolerance: 1e-3, patience: 3)
        let x = try SharedParameters(count: 2)
        let report = try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: config).run(on: x)
        #expect(report.stoppedEarly && report.epochs.count < 50)
        let lowest = report.epochs.compactMap(\.objective).min()!
        #expect(report.finalObjective == lowest)
        #expect(abs(objective.evaluate(parameters: x.memory) - lowest) < 1e-9)
        let kept = try #require(report.keptEpoch, "the last epoch was the best: nothing restored")
        #expect(kept < report.epochs.count && report.epochs[kept - 1].objective == lowest)
    }

    @Test func calibrationPicksTheStepThatLowersTheSampleMost() throws {
        let objective = MeanObjective(targets: (0..<64).map { [Float($0 % 8), Float($0 % 5)] })
        let result = try StepCalibration.calibrate(objective, candidates: [1.0 / 1024, 1.0 / 64, 0.25, 1, 4])
        // Step 4 diverges (|1 − 4| > 1 each term); 1/1024 barely moves; the winner is the lowest objective.
        #expect(result.tried.count == 5)
        #expect(result.tried.last!.objective == nil)
        let best = result.tried.compactMap { t in t.objective.map { ($0, t.step) } }.min { $0.0 < $1.0 }!
        #expect(result.step == best.1 && result.step != 1.0 / 1024 && result.step != 4)
        // The recorded objectives are the runs' own: one pass at 1/1024 from zero, redone here.
        var config = TrainingConfiguration(threads: 1, epochs: 1, schedule: .constant(1.0 / 1024), epochObjective: .evaluated)
        config.divergence.policy = .stop
        let x = try SharedParameters(count: 2)
        let again = try Trainer(objective: objective, scheme: RelaxedHogwild(), configuration: config).run(on: x)
        #expect(result.tried[0].objective == again.finalObjective)
        #expect(result.tried[0].objective! > result.tried[1].objective!, "a larger small step goes further")
    }

    @Test func theSamplesBestStepIsScaledToTheEpoch() throws {
        let objective = MeanObjective(targets: (0..<64).map { [Float($0 % 8), Float($0 % 5)] })
        let alone = try StepCalibration.calibrate(objective, candidates: [1.0 / 64, 0.25, 1])
        let scaled = try StepCalibration.calibrate(objective, epochTerms: 64 * 16, candidates: [1.0 / 64, 0.25, 1])
        #expect(scaled.bestOnSample == alone.step && scaled.step == alone.step / 4)
    }

    @Test func calibrationWithNoUsefulStepSaysSo() {
        let objective = MeanObjective(targets: [[1, 1], [1, 1]])
        #expect(throws: TrainingError.noCalibratedStep(smallest: 8, largest: 16)) {
            try StepCalibration.calibrate(objective, candidates: [8, 16])
        }
    }
}
