import Testing
import HogwildCore
import HogwildData
import HogwildTestSupport
@testable import HogwildModels

/// HotReplicas on skewed data: the objective stays within 2% of serial SGD's. The
/// workers run in lockstep on one thread (`LockstepTraining`: every worker steps at once,
/// as on idle cores), so the verdict does not depend on how a loaded machine schedules
/// threads; that real threads lose no merged update is `HotReplicasTests`' exact count.
@Suite struct HotReplicasConvergenceTests {
    static let skewed = try! RCV1Generator(rows: 6_000, features: 5_000, meanNonZeros: 30, zipfExponent: 1.1, seed: 17)
        .generate().renumberedByFrequency().dataset

    @Test(arguments: [nil, 64, 1_024] as [Int?])
    func svmOnSkewedDataMatchesSerialAtSeveralThreadCounts(_ hot: Int?) throws {
        let svm = try SparseSVM(data: Self.skewed, lambda: 1e-4)
        let schedule = StepSchedule.epochDecay(initial: 0.2, factor: 0.8)
        let reference = try LockstepTraining.run(svm, scheme: RelaxedHogwild(), workers: 1, epochs: 12, schedule: schedule,
                                                 seed: 3, parameters: SharedParameters(count: svm.dimension)).last!
        for workers in [2, 3, 4] {
            let m = HotReplicaSettings.automaticMergeInterval(workers: workers, terms: svm.termCount)
            let k = hot ?? HotReplicaSettings.automaticHotCoordinates(
                degrees: svm.coordinateDegrees(), terms: svm.termCount, workers: workers, mergeInterval: m)
            #expect(k > 0, "the skewed data has hot features")
            let final = try LockstepTraining.run(svm, scheme: HotReplicas(hotCoordinates: hot, mergeInterval: nil),
                                                 workers: workers, epochs: 12, schedule: schedule, seed: 3,
                                                 parameters: SharedParameters(count: svm.dimension)).last!
            #expect(abs(final - reference) <= 0.02 * reference,
                    "K \(hot.map(String.init) ?? "auto") at \(workers) workers: \(final) vs \(reference)")
        }
    }

    @Test func theAutomaticSchemeMeasuresOnlyWhereItReplicates() throws {
        let svm = try SparseSVM(data: Self.skewed, lambda: 1e-4)
        func run(_ scheme: SchemeChoice, threads: Int) throws -> [String: Int] {
            let config = TrainingConfiguration(threads: threads, epochs: 3, schedule: .constant(0.05), seed: 1)
            return try AnyTrainer(objective: svm, scheme: scheme, optimizer: .sgd, configuration: config)
                .run(on: SharedParameters(count: svm.dimension)).schemeParameters
        }
        let automatic = try run(.automatic, threads: 2)
        #expect(automatic["replicaEpochMicroseconds"] != nil && automatic["plainEpochMicroseconds"] != nil,
                "two workers on skewed data: replicas and plain HOGWILD! timed, \(automatic)")
        #expect(automatic["measuredEpochsUnfinished"] == 1 && automatic["hotCoordinates"]! > 0,
                "three of four measured epochs (the third still untimed): no choice yet, the replicas reported")
        let fixed = try run(.hotReplicas(HotReplicaSettings()), threads: 2)
        #expect(fixed["hotCoordinates"]! > 0 && fixed["plainEpochMicroseconds"] == nil, "hotReplicas never measures")
        #expect(try run(.automatic, threads: 1) == ["hotCoordinates": 0, "mergeInterval": 256], "one worker: plain")
    }

    @Test func renumberingPutsTheMostFrequentFeaturesFirst() throws {
        let svm = try SparseSVM(data: Self.skewed)
        let degrees = try #require(svm.coordinateDegrees())
        #expect(zip(degrees, degrees.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func matrixCompletionReplicatesPopularItems() throws {
        let ratings = try RatingsGenerator(users: 400, items: 150, ratings: 20_000, rank: 4, userExponent: 0.3,
                                       itemExponent: 1.0, noise: 0.1, seed: 5).generate().renumberedByDegree().dataset
        let mc = try MatrixCompletion(data: ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
        let schedule = StepSchedule.epochDecay(initial: 0.04, factor: 0.9)
        let reference = try LockstepTraining.run(mc, scheme: RelaxedHogwild(), workers: 1, epochs: 30, schedule: schedule,
                                                 seed: 2, parameters: mc.makeParameters(seed: 1)).last!
        let final = try LockstepTraining.run(mc, scheme: HotReplicas(), workers: 3, epochs: 30, schedule: schedule,
                                             seed: 2, parameters: mc.makeParameters(seed: 1)).last!
        // Items come first in the layout and are renumbered by popularity: the hot block is theirs.
        let m = HotReplicaSettings.automaticMergeInterval(workers: 3, terms: mc.termCount)
        let hot = HotReplicaSettings.automaticHotCoordinates(
            degrees: mc.coordinateDegrees(), terms: mc.termCount, workers: 3, mergeInterval: m)
        let itemRows = try mc.layout.range(of: "R").count
        #expect(hot > 0 && hot <= itemRows + 16)
        #expect(abs(final - reference) <= 0.02 * reference, "\(final) vs \(reference)")
    }

    // Workers in lockstep (every worker steps at once, as on idle cores) with the
    // automatic K and M: summed replica deltas must not overshoot. With the first
    // automatic settings (T·M = 4,096, K the coordinates touched once per M) matrix
    // completion and the cut diverged in the first epoch at 4 and 8 workers, in this
    // simulation and on a 16-core Xeon alike; at T·M = 256 each family stays with serial
    // SGD. One test per family.

    @Test(arguments: [4, 8])
    func matrixCompletionStaysWithSerialWithEveryWorkerStepping(_ workers: Int) throws {
        let ratings = try RatingsGenerator.netflix(scale: 0.003, seed: 1).generate().renumberedByDegree().dataset
        let mc = try MatrixCompletion(data: ratings, configuration: .init(rank: 30))
        let k = try expectLockstepMatchesSerial(mc, parameters: { try mc.makeParameters(seed: 1) },
                                                schedule: .epochDecay(initial: 0.03, factor: 0.9), workers: workers,
                                                within: 0.05)
        #expect(k > 0, "popular items are replicated at \(workers) workers")
    }

    @Test(arguments: [4, 8])
    func graphCutStaysWithSerialWithEveryWorkerStepping(_ workers: Int) throws {
        let cut = try GraphCut(graph: try CutGraphGenerator.dblife(scale: 0.3, seed: 1).generate())
        let k = try expectLockstepMatchesSerial(cut, parameters: { try cut.makeParameters() },
                                                schedule: .epochDecay(initial: 0.05, factor: 0.9), workers: workers,
                                                within: 0.05)
        #expect(k > 0, "the busiest entities' nodes are replicated at \(workers) workers")
    }

    @Test(arguments: [4, 8])
    func skewedSVMStaysWithSerialWithEveryWorkerStepping(_ workers: Int) throws {
        let svm = try SparseSVM(data: Self.skewed, lambda: 1e-4)
        let k = try expectLockstepMatchesSerial(svm, parameters: { try SharedParameters(count: svm.dimension) },
                                                schedule: .epochDecay(initial: 0.2, factor: 0.8), workers: workers,
                                                within: 0.02)
        #expect(k > 0, "the skewed SVM has features hot enough to replicate at \(workers) workers")
    }

    /// Trains two epochs serially and in lockstep with automatic hot replicas; returns K.
    @discardableResult
    func expectLockstepMatchesSerial<O: Objective>(_ objective: O, parameters: () throws -> SharedParameters,
                                                   schedule: StepSchedule, workers: Int, within tolerance: Double) throws -> Int {
        let serial = try LockstepTraining.run(objective, scheme: RelaxedHogwild(), workers: 1, epochs: 2,
                                              schedule: schedule, parameters: parameters())
        let hot = try LockstepTraining.run(objective, scheme: HotReplicas(), workers: workers, epochs: 2,
                                           schedule: schedule, parameters: parameters())
        let m = HotReplicaSettings.automaticMergeInterval(workers: workers, terms: objective.termCount)
        let k = HotReplicaSettings.automaticHotCoordinates(degrees: objective.coordinateDegrees(), terms: objective.termCount,
                                                           workers: workers, mergeInterval: m)
        // A diverged run ends at the epoch it diverged in (fewer objectives than serial's).
        #expect(hot.count == serial.count && abs(hot.last! - serial.last!) <= tolerance * serial.last!,
                "\(O.self), \(workers) workers, K \(k), M \(m): \(hot) vs serial \(serial)")
        return k
    }
}
