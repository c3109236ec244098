import HogwildCore
import HogwildData
@testable import HogwildModels
import HogwildSupport
import HogwildTestSupport
import Testing

/// Finite-difference and convergence checks for the linear models.
@Suite struct SparseLinearObjectiveTests {
    static let data = try! RCV1Generator(rows: 3_000, features: 2_000, meanNonZeros: 20, seed: 11).generate()

    func checkGradient<L: MarginLoss>(_ model: SparseLinearObjective<L>) throws {
        let x = try SharedParameters(count: model.dimension)
        var rng = Xoshiro256(seed: 3)
        for j in 0..<x.count { x[j] = Float(rng.nextGaussian()) * 0.3 }
        for term in [0, 7, 123, 2_999] {
            let (gradient, duplicates) = termGradient(model, term: term, at: x)
            let row = Self.data.row(term)
            let visited = row.columns.map { Int($0) }
            #expect(Set(gradient.keys) == Set(visited) && duplicates.isEmpty, "the gradient names exactly the row's features, once each")
            for j in visited.prefix(6) {
                let numeric = centralDifference(model, term: term, coordinate: j, x: x)
                #expect(abs(numeric - gradient[j]!) < 2e-3 * max(1, abs(numeric)), "term \(term) coordinate \(j)")
            }
        }
    }

    @Test func logisticStepMatchesFiniteDifferences() throws {
        try checkGradient(SparseLogisticRegression(data: Self.data, lambda: 1e-3))
    }

    @Test func leastSquaresStepMatchesFiniteDifferences() throws {
        try checkGradient(SparseLeastSquares(data: Self.data, lambda: 1e-3))
    }

    @Test func hingeStepMatchesFiniteDifferencesAwayFromTheKink() throws {
        // At x = 0 every margin is 0 < 1: the hinge is smooth (linear) there.
        let svm = try SparseSVM(data: Self.data, lambda: 1e-3)
        let x = try SharedParameters(count: svm.dimension)
        for term in [1, 50] {
            let g = termGradient(svm, term: term, at: x).values
            let row = Self.data.row(term)
            for k in 0..<row.columns.count {
                #expect(abs(g[Int(row.columns[k])]! - Double(-row.label * row.values[k])) < 1e-6)
            }
        }
    }

    @Test func meanTermLossIsHingePlusHalfLambdaNormSquared() throws {
        let svm = try SparseSVM(data: Self.data, lambda: 0.01)
        let x = try SharedParameters(count: svm.dimension)
        var rng = Xoshiro256(seed: 5)
        var used = Set<Int>()
        for k in 0..<Self.data.nonZeroCount { used.insert(Int(Self.data.columns[k])) }
        for j in 0..<x.count { x[j] = Float(rng.nextGaussian()) * 0.1 }
        let norm = used.reduce(0.0) { $0 + Double(x[$1]) * Double(x[$1]) }
        let expected = svm.meanLoss(on: Self.data, parameters: x) + 0.005 * norm
        #expect(abs(x.withMemory { svm.evaluate(parameters: $0) } - expected) < 1e-4 * expected)
    }

    @Test func serialSGDDrivesTheSVMObjectiveDownAndClassifies() throws {
        let svm = try SparseSVM(data: Self.data, lambda: 1e-4)
        let x = try SharedParameters(count: svm.dimension)
        let report = try Trainer(objective: svm, scheme: RelaxedHogwild(),
                                 configuration: .init(threads: 1, epochs: 10, schedule: .epochDecay(initial: 0.2, factor: 0.9)))
            .run(on: x)
        #expect(report.finalObjective < 0.7 * report.initialObjective)
        #expect(zip(report.epochs, report.epochs.dropFirst()).filter { $1.objective! > $0.objective! * 1.02 }.isEmpty,
                "no epoch makes the objective clearly worse")
        #expect(svm.errorRate(on: Self.data, parameters: x) < 0.2)
    }

    @Test(arguments: SchemeChoice.all.map { $0.kind == .hotReplicas ? .hotReplicas(HotReplicaSettings(mergeInterval: 32)) : $0 })
    func everySchemeReachesWithinTwoPercentOfSerial(_ scheme: SchemeChoice) throws {
        let svm = try SparseSVM(data: Self.data, lambda: 1e-4)
        // Hot replicas merge every 32 updates: on 3,000 rows the automatic M lets a worker
        // preempted by the parallel test run hold its deltas for much of an epoch.
        let config = TrainingConfiguration(threads: 1, epochs: 8, schedule: .epochDecay(initial: 0.2, factor: 0.9), seed: 9)
        let serial = try SharedParameters(count: svm.dimension)
        let reference = try Trainer(objective: svm, scheme: RelaxedHogwild(), configuration: config).run(on: serial).finalObjective
        for threads in [2, 4] {
            var parallel = config
            parallel.threads = threads
            let x = try SharedParameters(count: svm.dimension)
            let result = try AnyTrainer(objective: svm, scheme: scheme, configuration: parallel).run(on: x).finalObjective
            #expect(abs(result - reference) <= 0.02 * reference, "\(scheme) at \(threads) threads: \(result) vs serial \(reference)")
        }
    }

    @Test func invalidLambdaIsATypedError() {
        #expect(throws: ModelError.self) { try SparseSVM(data: Self.data, lambda: -1) }
        #expect(throws: ModelError.self) { try SparseSVM(data: Self.data, lambda: .nan) }
    }

    @Test func classifierRejectsNonBinaryLabels() throws {
        let data = try SparseDataset(rowOffsets: [0, 1, 2], columns: [0, 1], values: [1, 1], labels: [1, 0.5])
        #expect(throws: ModelError.self) { try SparseSVM(data: data) }
        _ = try SparseLeastSquares(data: data)
    }

    @Test func featuresNoRowUsesAreNeverShrunk() throws {
        let data = try SparseDataset(rowOffsets: [0, 1], columns: [0], values: [1], labels: [1], columnCount: 3)
        let svm = try SparseSVM(data: data, lambda: 0.5)
        let x = try SharedParameters(count: 3, initialValue: 1)
        _ = try Trainer(objective: svm, scheme: RelaxedHogwild(), configuration: .init(threads: 1, epochs: 3)).run(on: x)
        #expect(x[1] == 1 && x[2] == 1)
    }
}
