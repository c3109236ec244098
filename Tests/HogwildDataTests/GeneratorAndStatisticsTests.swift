import Testing
import HogwildCore
import HogwildTestSupport
@testable import HogwildData

@Suite struct GeneratorTests {
    @Test func netflixShapeKeepsDensityAndSkewsItems() throws {
        let shape = RatingsGenerator.netflix(scale: 0.0005)
        let data = try shape.generate()
        #expect(data.count == Int(100_198_805 * 0.0005))
        #expect(data.userCount == shape.users && data.itemCount == shape.items)
        let density = Double(data.count) / Double(data.userCount * data.itemCount)
        #expect(abs(density / (100_198_805.0 / (480_189.0 * 17_770)) - 1) < 0.05)
        let (_, items) = data.degrees()
        let mean = Double(data.count) / Double(data.itemCount)
        #expect(Double(items.max()!) > 3 * mean, "power-law popularity")
        #expect(abs(data.meanRating - 3.6) < 0.1)
    }

    @Test func jumboShapeIsUniform() throws {
        let data = try RatingsGenerator.jumbo(scale: 1e-5).generate()
        let (users, _) = data.degrees()
        let mean = Double(data.count) / Double(data.userCount)
        #expect(Double(users.max()!) < mean + 8 * mean.squareRoot() + 5)
    }

    @Test func abdomenShapeIsASixConnectedGridWithTLinksAndBoundedCapacities() throws {
        let graph = try CutGraphGenerator(kind: .grid(x: 5, y: 4, z: 3)).generate()
        #expect(graph.nodeCount == 60 + 2 && graph.terminalCount == 2 && graph.labelCount == 2)
        // n-links along x, y, z: (4·4·3) + (5·3·3) + (5·4·2); two t-links a voxel.
        #expect(graph.edgeCount == 48 + 45 + 40 + 2 * 60)
        #expect((0..<graph.edgeCount).allSatisfy { graph.weights[$0] > 0 && graph.weights[$0] <= 10 })
    }

    @Test func dblifeShapeHasOneTerminalPerLabelAndEvidenceForEveryMention() throws {
        let graph = try CutGraphGenerator.dblife(scale: 0.01, labels: 6).generate()
        #expect(graph.labelCount == 6 && graph.terminalCount == 6)
        #expect(graph.nodeCount == 1_801 + 6)
        var evidence = Set<Int32>()
        for e in 0..<graph.edgeCount where graph.targets[e] >= 1_801 { evidence.insert(graph.sources[e]) }
        #expect(evidence.count == 1_801)
    }

    @Test func splitsAreDisjointCompleteAndReproducible() throws {
        let (train, test) = try RandomSplit.indices(count: 1_000, testFraction: 0.2, seed: 3)
        #expect(test.count == 200 && train.count == 800)
        #expect(Set(train).isDisjoint(with: test) && Set(train + test).count == 1_000)
        #expect(try RandomSplit.indices(count: 1_000, testFraction: 0.2, seed: 3).test == test)
        #expect(throws: DatasetError.self) { try RandomSplit.indices(count: 10, testFraction: 1, seed: 1) }
    }
}

@Suite struct SparsityStatisticsTests {
    @Test func handWorkedExample() throws {
        // Rows {0,1}, {1,2}, {3}, {1}: Ω 2, feature 1 in 3 of 4 rows, row 0 meets rows 1 and 3.
        let data = try SparseDataset(rowOffsets: [0, 2, 4, 5, 6], columns: [0, 1, 1, 2, 3, 1],
                                     values: [1, 1, 1, 1, 1, 1], labels: [1, 1, 1, 1])
        let stats = SparsityStatistics(of: data)
        #expect(stats.omega == 2 && stats.incidences == 6)
        #expect(stats.delta == 0.75)
        #expect(stats.rho == 0.5 && stats.rhoIsExact)
        #expect(stats.maxDegree == 3)
        // The top 1% of 4 features is feature 1: 3 of 6 incidences, in 3 of 4 rows.
        #expect(stats.topOnePercentIncidenceShare == 0.5 && stats.topOnePercentTermShare == 0.75)
    }

    @Test func ratingsRhoCountsTheUsersAndItemsRatings() throws {
        // User 0 rated items 0,1,2; item 0 was rated by users 0,1: rating (0,0) meets 3 others.
        let data = try RatingsDataset(users: [0, 0, 0, 1, 2], items: [0, 1, 2, 0, 3], ratings: [1, 1, 1, 1, 1])
        let stats = SparsityStatistics(of: data)
        #expect(stats.rho == 3.0 / 5 && stats.delta == 3.0 / 5 && stats.omega == 2)
    }

    @Test func sampledRhoAgreesWithExactWithinItsError() throws {
        let data = try RCV1Generator(rows: 3_000, features: 5_000, meanNonZeros: 10, zipfExponent: 0.8, seed: 4).generate()
        let exact = SparsityStatistics(of: data)
        let sampled = SparsityStatistics(of: data, budget: 0, samples: 20_000)
        #expect(exact.rhoIsExact && !sampled.rhoIsExact)
        #expect(abs(sampled.rho - exact.rho) <= 2 * sampled.rhoError + 0.01, "\(sampled.rho) vs \(exact.rho) ± \(sampled.rhoError)")
        #expect(sampled.delta == exact.delta && sampled.omega == exact.omega)
    }

    @Test func cutEdgesToTerminalsTouchOneVertex() throws {
        let graph = try CutGraph(nodeCount: 3, labelCount: 2, terminals: [0: 0, 2: 1], edges: [(0, 1, 1), (1, 2, 1)])
        let stats = SparsityStatistics(of: graph)
        #expect(stats.omega == 1 && stats.vertices == 3 && stats.delta == 1)
    }
}
