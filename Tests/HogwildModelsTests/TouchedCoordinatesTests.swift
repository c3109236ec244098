import HogwildCore
import HogwildData
import HogwildTestSupport
import Testing

@testable import HogwildModels

/// What the workers record for a distributed exchange (``TouchedKeys``) covers every
/// coordinate a round changed, in the parameters and in the shared optimizer state, at
/// several threads and with every scheme that writes from its own copies.
@Suite struct TouchedCoordinatesTests {
    /// After every round: which coordinates changed since the last, and which of those
    /// the drained ranges leave out.
    final class CheckingExchange: ParameterExchange, @unchecked Sendable {
        var before: [[Float]] = []
        var changed = 0
        var missed: [String] = []
        /// The most coordinates one round recorded.
        var mostRecorded = 0
        var rounds = 400
        var recordsTouchedKeys: Bool { true }
        func roundsPerEpoch(terms: Int, workers: Int) -> Int { rounds }
        func snapshot(_ buffers: ExchangedBuffers) {
            before = buffers.segments.map { segment in
                var values = [Float](repeating: 0, count: segment.count)
                values.withUnsafeMutableBufferPointer { segment.copy(into: $0) }
                return values
            }
        }
        func begin(_ buffers: ExchangedBuffers) {
            snapshot(buffers)
            var ranges: [Range<Int>] = []
            _ = buffers.touched?.drainRanges(into: &ranges)
        }
        func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) {
            guard let touched = buffers.touched else {
                missed.append("no record")
                return
            }
            var ranges: [Range<Int>] = []
            guard touched.drainRanges(into: &ranges) else {
                missed.append("everything")
                return
            }
            var covered = Set<Int>()
            for range in ranges { covered.formUnion(range) }
            mostRecorded = max(mostRecorded, covered.count)
            for (s, segment) in buffers.segments.enumerated() {
                for j in 0..<segment.count where segment.load(j).bitPattern != before[s][j].bitPattern {
                    changed += 1
                    if !covered.contains(j), missed.count < 10 { missed.append("segment \(s) coordinate \(j)") }
                }
            }
            snapshot(buffers)
        }
        func settle(_ buffers: ExchangedBuffers) {}
        func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) -> Double { local }
        func annotate(_ report: inout EpochReport) {}
        func end(_ buffers: ExchangedBuffers) {}
    }

    static let rows = try! RCV1Generator(rows: 2_000, features: 1_500, meanNonZeros: 15, zipfExponent: 1.1, seed: 5)
        .generate()
    static let ratings = try! RatingsGenerator(
        users: 400, items: 150, ratings: 6_000, rank: 4, userExponent: 0.3, itemExponent: 1.0, noise: 0.1, seed: 6
    ).generate()

    static func check<O: Objective>(
        _ objective: O, scheme: SchemeChoice, optimizer: OptimizerChoice, threads: Int, step: Float,
        start: () throws -> SharedParameters
    ) throws -> CheckingExchange {
        let exchange = CheckingExchange()
        var config = TrainingConfiguration(threads: threads, epochs: 2, schedule: .constant(step), seed: 3)
        config.optimizerState = .shared
        let x = try start()
        let state = try OptimizerState(for: optimizer, layout: x.layout, workers: threads, placement: .shared)
        _ = try AnyTrainer(objective: objective, scheme: scheme, optimizer: optimizer, configuration: config)
            .run(on: x, state: state, hooks: RunHooks(exchange: exchange))
        return exchange
    }

    static let schemes: [SchemeChoice] = [
        .hogwild, .hotReplicas(HotReplicaSettings(hotCoordinates: 64, mergeInterval: 16)),
        .conflictFree(ConflictFreeSettings(batchTerms: 40, hotKeys: 10)),
    ]

    @Test(arguments: [1, 3], schemes)
    func everyChangedCoordinateOfASparseModelIsRecorded(threads: Int, scheme: SchemeChoice) throws {
        let svm = try SparseSVM(data: Self.rows, regularization: LinearRegularization(l2: 1e-4), intercept: true)
        let linear = try Self.check(svm, scheme: scheme, optimizer: OptimizerChoice(AdaGrad()), threads: threads, step: 0.1) {
            try SharedParameters(count: svm.dimension)
        }
        let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
        let factors = try Self.check(mc, scheme: scheme, optimizer: OptimizerChoice(AdaGrad()), threads: threads, step: 0.05) {
            try mc.makeParameters(seed: 1)
        }
        func bound<O: Objective>(_ objective: O, _ run: CheckingExchange) -> Int {
            // A round's terms (its share of every worker, rounded up) times the most
            // coordinates one term's keys cover: what a round can have touched.
            var most = 0
            for term in 0..<objective.termCount {
                var covered = 0
                objective.forEachConflictKey(of: term) { key in
                    objective.forEachCoordinate(ofConflictKey: key) { covered += $0.count }
                }
                most = max(most, covered)
            }
            return (objective.termCount / run.rounds + threads) * most
        }
        for (name, run, limit, dimension) in [
            ("svm", linear, bound(svm, linear), svm.dimension), ("mc", factors, bound(mc, factors), mc.dimension),
        ] {
            #expect(run.missed.isEmpty, "\(name), \(scheme), \(threads) threads: \(run.missed)")
            #expect(run.changed > 0, "\(name): nothing changed")
            // Recorded is what the round touched, not everything: within what its terms'
            // keys cover, which is well under the dimension.
            #expect(limit < dimension / 2, "\(name): the bound \(limit) says nothing against \(dimension)")
            #expect(run.mostRecorded <= limit, "\(name): a round recorded \(run.mostRecorded) > \(limit)")
        }
    }
}
