import Testing
import HogwildCore
import HogwildData
@testable import HogwildModels

/// HotReplicas on skewed data: the objective stays within 2% of serial SGD's.
@Suite struct HotReplicasConvergenceTests {
    static let skewed = try! RCV1Shape(rows: 6_000, features: 5_000, meanNonZeros: 30, zipfExponent: 1.1, seed: 17)
        .generate().renumberedByFrequency().dataset

    @Test(arguments: [nil, 64, 1_024] as [Int?])
    func svmOnSkewedDataMatchesSerialAtSeveralThreadCounts(_ hot: Int?) throws {
        let svm = try SparseSVM(data: Self.skewed, lambda: 1e-4)
        // Run until the step is small, so the comparison is of converged objectives: a
        // loaded machine (the test suite runs in parallel) preempts workers holding
        // unmerged deltas, which adds lag on top of the scheme's own.
        let config = TrainingConfiguration(threads: 1, epochs: 12, schedule: .epochDecay(initial: 0.2, factor: 0.8), seed: 3)
        let serial = try SharedParameters(count: svm.dimension)
        let reference = try Trainer(objective: svm, scheme: PlainHogwild(), configuration: config).run(on: serial).finalObjective
        for threads in [2, 3, 4] {
            var parallel = config
            parallel.threads = threads
            let x = try SharedParameters(count: svm.dimension)
            let report = try Trainer(objective: svm, scheme: HotReplicas(hotCoordinates: hot, mergeInterval: nil),
                                     configuration: parallel).run(on: x)
            #expect(report.schemeParameters["hotCoordinates"]! > 0, "the skewed data has hot features")
            #expect(abs(report.finalObjective - reference) <= 0.02 * reference,
                    "K \(hot.map(String.init) ?? "auto") at \(threads) threads: \(report.finalObjective) vs \(reference)")
        }
    }

    @Test func renumberingPutsTheMostFrequentFeaturesFirst() throws {
        let svm = try SparseSVM(data: Self.skewed)
        let degrees = try #require(svm.coordinateDegrees())
        #expect(zip(degrees, degrees.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func matrixCompletionReplicatesPopularItems() throws {
        let ratings = try RatingsShape(users: 400, items: 150, ratings: 20_000, rank: 4, userExponent: 0.3,
                                       itemExponent: 1.0, noise: 0.1, seed: 5).generate().renumberedByDegree().dataset
        let mc = try MatrixCompletion(data: ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
        let config = TrainingConfiguration(epochs: 30, schedule: .epochDecay(initial: 0.04, factor: 0.9), seed: 2)
        let serial = try mc.makeParameters(seed: 1)
        let reference = try Trainer(objective: mc, scheme: PlainHogwild(), configuration: config).run(on: serial).finalObjective
        var parallel = config
        parallel.threads = 3
        let x = try mc.makeParameters(seed: 1)
        let report = try Trainer(objective: mc, scheme: HotReplicas(), configuration: parallel).run(on: x)
        // Items come first in the layout and are renumbered by popularity: the hot block is theirs.
        let hot = report.schemeParameters["hotCoordinates"]!
        let itemRows = try mc.layout.range(of: "R").count
        #expect(hot > 0 && hot <= itemRows + 16)
        #expect(abs(report.finalObjective - reference) <= 0.02 * reference, "\(report.finalObjective) vs \(reference)")
    }
}
