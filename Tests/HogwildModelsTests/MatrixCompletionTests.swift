import HogwildCore
import HogwildData
@testable import HogwildModels
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct MatrixCompletionTests {
    static let ratings = try! RatingsGenerator(users: 300, items: 120, ratings: 12_000, rank: 4, noise: 0.1, seed: 3).generate()

    @Test(arguments: [false, true])
    func stepMatchesFiniteDifferencesOfTheTermLoss(_ biases: Bool) throws {
        let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 4, mu: 0.5, biases: biases, globalMean: biases))
        let x = try mc.makeParameters(seed: 2)
        if biases { for i in try mc.layout.range(of: "userBias") { x[i] = 0.1 } }
        for term in [0, 5, 11_999] {
            let (gradient, duplicates) = termGradient(mc, term: term, at: x)
            let entry = Self.ratings[term]
            let u = Int(entry.user), v = Int(entry.item)
            var expected = Set((try mc.layout.range(of: "L")).lowerBound + 4 * u ..< (try mc.layout.range(of: "L")).lowerBound + 4 * u + 4)
            expected.formUnion((try mc.layout.range(of: "R")).lowerBound + 4 * v ..< (try mc.layout.range(of: "R")).lowerBound + 4 * v + 4)
            if biases {
                expected.insert((try mc.layout.range(of: "userBias")).lowerBound + u)
                expected.insert((try mc.layout.range(of: "itemBias")).lowerBound + v)
            }
            #expect(Set(gradient.keys) == expected && duplicates.isEmpty, "the gradient names exactly L_u, R_v (and the biases)")
            for (j, value) in gradient {
                let numeric = centralDifference(mc, term: term, coordinate: j, x: x)
                #expect(abs(numeric - value) < 1e-2 * max(1, abs(numeric)), "term \(term) coordinate \(j)")
            }
        }
    }

    @Test func serialSGDFitsTheLowRankTruth() throws {
        let (train, test) = try Self.ratings.split(testFraction: 0.1, seed: 1)
        let mc = try MatrixCompletion(data: train, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
        let x = try mc.makeParameters(seed: 1)
        let before = try mc.rootMeanSquaredError(on: test, parameters: x)
        let report = try Trainer(objective: mc, scheme: RelaxedHogwild(),
                                 configuration: .init(threads: 1, epochs: 30, schedule: .epochDecay(initial: 0.02, factor: 0.95)))
            .run(on: x)
        #expect(report.finalObjective < 0.2 * report.initialObjective)
        let after = try mc.rootMeanSquaredError(on: test, parameters: x)
        #expect(after < 0.6 * before, "test RMSE \(before) → \(after)")
    }

    @Test(arguments: SchemeChoice.all.map { $0.kind == .hotReplicas ? .hotReplicas(HotReplicaSettings(mergeInterval: 32)) : $0 })
    func everySchemeReachesWithinTwoPercentOfSerial(_ scheme: SchemeChoice) throws {
        let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
        // Long enough that serial SGD has converged: orderings then differ by < 0.5%.
        // Hot replicas merge every 32 updates here: on 12,000 ratings the automatic M
        // (12,000 / 16T) lets a worker preempted by the parallel test run hold its
        // deltas for a large share of an epoch.
        let config = TrainingConfiguration(threads: 1, epochs: 30, schedule: .epochDecay(initial: 0.04, factor: 0.9), seed: 4)
        let serial = try mc.makeParameters(seed: 1)
        let reference = try Trainer(objective: mc, scheme: RelaxedHogwild(), configuration: config).run(on: serial).finalObjective
        for threads in [2, 4] {
            var parallel = config
            parallel.threads = threads
            let x = try mc.makeParameters(seed: 1)
            let result = try AnyTrainer(objective: mc, scheme: scheme, configuration: parallel).run(on: x).finalObjective
            #expect(abs(result - reference) <= 0.02 * reference, "\(scheme) at \(threads): \(result) vs \(reference)")
        }
    }

    @Test func parametersAreOneBufferWithNamedFactorSegments() throws {
        let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 3, biases: true))
        #expect(mc.layout.segments.map(\.name) == ["R", "L", "itemBias", "userBias"])
        #expect(try mc.layout.range(of: "L").count == 300 * 3)
        #expect(mc.dimension == mc.layout.count)
    }

    @Test func badSettingsAreTypedErrors() {
        #expect(throws: ModelError.self) { try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 0)) }
        #expect(throws: ModelError.self) { try MatrixCompletion(data: Self.ratings, configuration: .init(mu: -1)) }
    }
}

@Suite struct GraphCutTests {
    @Test func simplexProjectionIsFeasibleAndIdempotent() {
        var rng = Xoshiro256(seed: 1)
        let sortBuffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: 8)
        defer { sortBuffer.deallocate() }
        for _ in 0..<200 {
            var v = (0..<8).map { _ in Float(rng.nextGaussian()) }
            v.withUnsafeMutableBufferPointer { SimplexProjection.project($0, sortBuffer: sortBuffer) }
            #expect(v.allSatisfy { $0 >= 0 } && abs(v.reduce(0, +) - 1) < 1e-5)
            let once = v
            v.withUnsafeMutableBufferPointer { SimplexProjection.project($0, sortBuffer: sortBuffer) }
            #expect(zip(v, once).allSatisfy { abs($0 - $1) < 1e-6 })
        }
        var w: [Float] = [0.9, 0.8, -0.3]
        w.withUnsafeMutableBufferPointer { SimplexProjection.project($0, sortBuffer: sortBuffer) }
        #expect(abs(w[0] - 0.55) < 1e-6 && abs(w[1] - 0.45) < 1e-6 && w[2] == 0)
    }

    @Test func pathBetweenTwoTerminalsIsCutAtItsWeakestEdge() throws {
        // 0 ─5─ 1 ─1─ 2 ─5─ 3, with 0 fixed to label 0 and 3 to label 1: the min cut is the middle edge.
        let graph = try CutGraph(nodeCount: 4, labelCount: 2, terminals: [0: 0, 3: 1],
                                 edges: [(0, 1, 5), (1, 2, 1), (2, 3, 5)])
        let cut = try GraphCut(graph: graph)
        let x = try cut.makeParameters()
        let report = try Trainer(objective: cut, scheme: RelaxedHogwild(),
                                 configuration: .init(threads: 1, epochs: 60, schedule: .epochDecay(initial: 0.05, factor: 0.95)))
            .run(on: x)
        #expect(cut.roundedLabels(parameters: x) == [0, 0, 1, 1])
        #expect(cut.cutValue(parameters: x) == 1)
        #expect(report.finalObjective < report.initialObjective)
        #expect(abs(report.finalObjective - 2) < 0.1, "relaxed cut ≈ 2·1 (‖e_0 − e_1‖₁ = 2)")
    }

    @Test func stepsStayOnTheSimplexAndTouchOnlyFreeEnds() throws {
        let graph = try CutGraphGenerator(kind: .grid(x: 4, y: 4, z: 3)).generate()
        let cut = try GraphCut(graph: graph)
        let x = try cut.makeParameters()
        _ = try Trainer(objective: cut, scheme: RelaxedHogwild(), configuration: .init(threads: 1, epochs: 3)).run(on: x)
        for b in 0..<cut.freeCount {
            let block = (0..<2).map { x[b * 2 + $0] }
            #expect(block.allSatisfy { $0 >= 0 } && abs(block.reduce(0, +) - 1) < 1e-4)
        }
    }

    @Test(arguments: SchemeChoice.all.map { $0.kind == .hotReplicas ? .hotReplicas(HotReplicaSettings(mergeInterval: 32)) : $0 })
    func everySchemeReachesWithinTwoPercentOfSerial(_ scheme: SchemeChoice) throws {
        let graph = try CutGraphGenerator(kind: .grid(x: 12, y: 12, z: 10), seed: 2).generate()
        let cut = try GraphCut(graph: graph)
        // Projected subgradient converges slowly: 60 epochs bring orderings within ~1%.
        let config = TrainingConfiguration(threads: 1, epochs: 60, schedule: .epochDecay(initial: 0.05, factor: 0.9), seed: 3)
        let serial = try cut.makeParameters()
        let reference = try Trainer(objective: cut, scheme: RelaxedHogwild(), configuration: config).run(on: serial).finalObjective
        for threads in [2, 4] {
            var parallel = config
            parallel.threads = threads
            let x = try cut.makeParameters()
            let result = try AnyTrainer(objective: cut, scheme: scheme, configuration: parallel).run(on: x).finalObjective
            #expect(abs(result - reference) <= 0.02 * reference, "\(scheme) at \(threads): \(result) vs \(reference)")
        }
    }
}

@Suite struct LinearRegularizationTests {
    static let data = try! RCV1Generator(rows: 2_000, features: 3_000, meanNonZeros: 15, seed: 21).generate()

    @Test func l1StepSetsSmallWeightsExactlyToZero() throws {
        let model = try SparseLogisticRegression(data: Self.data, regularization: .init(l2: 0, l1: 1e-3))
        let x = try SharedParameters(count: model.dimension)
        _ = try Trainer(objective: model, scheme: RelaxedHogwild(), configuration: .init(threads: 1, epochs: 5, schedule: .constant(0.1))).run(on: x)
        let zeros = x.copyOut().filter { $0 == 0 }.count
        let dense = try SharedParameters(count: model.dimension)
        let plain = try SparseLogisticRegression(data: Self.data, regularization: .init(l2: 0))
        _ = try Trainer(objective: plain, scheme: RelaxedHogwild(), configuration: .init(threads: 1, epochs: 5, schedule: .constant(0.1))).run(on: dense)
        #expect(zeros > dense.copyOut().filter { $0 == 0 }.count + 100, "L1 makes the solution sparser")
    }

    @Test func l1LossTermMatchesItsDefinition() throws {
        let model = try SparseLeastSquares(data: Self.data, regularization: .init(l2: 0, l1: 0.01, weighting: .uniform))
        let x = try SharedParameters(count: model.dimension, initialValue: -0.5)
        let row = Self.data.row(0)
        var prediction: Float = 0
        for k in 0..<row.columns.count { prediction += -0.5 * row.values[k] }
        let expected = 0.5 * Double((prediction - row.label) * (prediction - row.label)) + 0.01 * 0.5 * Double(row.columns.count)
        var context = model.evaluationContext()
        #expect(abs(x.withMemory { model.loss(term: 0, at: $0, context: &context) } - expected) < 1e-5)
    }

    @Test func negativeStrengthsAreRejected() {
        #expect(throws: ModelError.self) { try SparseSVM(data: Self.data, regularization: .init(l1: -1)) }
    }
}
