import HogwildCore
import HogwildData
import HogwildTestSupport
import Synchronization
import Testing

@testable import HogwildModels

/// ConflictFree: the same parameters, optimizer state and objectives, bit for bit, at
/// any thread count; plain serial SGD when no key is hot; the serial reference (hot
/// parts applied in order at each batch's end) when some are.
@Suite struct ConflictFreeTests {
    static let rows = try! RCV1Generator(rows: 3_000, features: 2_000, meanNonZeros: 20, zipfExponent: 1.1, seed: 23)
        .generate().renumberedByFrequency().dataset
    static let ratings = try! RatingsGenerator(
        users: 300, items: 120, ratings: 12_000, rank: 4, userExponent: 0.3, itemExponent: 1.0, noise: 0.1, seed: 4
    ).generate().renumberedByDegree().dataset
    static let graph = try! CutGraphGenerator.dblife(scale: 0.01, labels: 4, seed: 2).generate()

    /// A run's final parameters, optimizer state and per-epoch objectives.
    struct Outcome: Equatable {
        var parameters: [UInt32]
        var state: [[UInt32]]
        var objectives: [Double?]
    }

    static func train<O: Objective>(
        _ objective: O, scheme: SchemeChoice, optimizer: OptimizerChoice = .sgd, threads: Int, epochs: Int = 3,
        step: Float, sampling: Sampling = .epochPermutation, start: () throws -> SharedParameters
    ) throws -> Outcome {
        var config = TrainingConfiguration(
            threads: threads, epochs: epochs, schedule: .epochDecay(initial: step, factor: 0.8), sampling: sampling,
            seed: 9)
        config.evaluateEveryEpoch = true
        config.optimizerState = .shared
        let x = try start()
        let state = try OptimizerState(for: optimizer, layout: x.layout, workers: threads, placement: .shared)
        let report = try AnyTrainer(objective: objective, scheme: scheme, optimizer: optimizer, configuration: config)
            .run(on: x, state: state)
        return Outcome(
            parameters: x.copyOut().map(\.bitPattern),
            state: state.buffers().map { $0.copyOut().map(\.bitPattern) },
            objectives: report.epochs.map(\.objective))
    }

    /// Every workload, with the settings that exercise it: automatic, and hot keys with
    /// small batches (many batches and windows, deferred runs and projections).
    enum Workload: String, CaseIterable {
        case svm, logistic, logisticL1, mc, cut
    }

    static func outcomes(
        _ workload: Workload, _ settings: ConflictFreeSettings, optimizer: OptimizerChoice, threads: [Int],
        sampling: Sampling = .epochPermutation
    ) throws -> [Outcome] {
        let scheme = SchemeChoice.conflictFree(settings)
        return try threads.map { t in
            switch workload {
            case .svm:
                let svm = try SparseSVM(data: rows, regularization: LinearRegularization(l2: 1e-4), intercept: true)
                return try train(svm, scheme: scheme, optimizer: optimizer, threads: t, step: 0.1, sampling: sampling) {
                    try SharedParameters(count: svm.dimension)
                }
            case .logistic, .logisticL1:
                let penalty = LinearRegularization(l2: 1e-4, l1: workload == .logisticL1 ? 1e-4 : 0)
                let model = try SparseLogisticRegression(data: rows, regularization: penalty)
                return try train(model, scheme: scheme, optimizer: optimizer, threads: t, step: 0.2, sampling: sampling)
                { try SharedParameters(count: model.dimension) }
            case .mc:
                let mc = try MatrixCompletion(data: ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
                return try train(mc, scheme: scheme, optimizer: optimizer, threads: t, step: 0.02, sampling: sampling) {
                    try mc.makeParameters(seed: 1)
                }
            case .cut:
                let cut = try GraphCut(graph: graph)
                return try train(cut, scheme: scheme, optimizer: optimizer, threads: t, step: 0.05, sampling: sampling) {
                    try cut.makeParameters()
                }
            }
        }
    }

    @Test(arguments: Workload.allCases, [ConflictFreeSettings(), ConflictFreeSettings(batchTerms: 48, hotKeys: 12)])
    func everyThreadCountGivesTheSameRunBitForBit(_ workload: Workload, _ settings: ConflictFreeSettings) throws {
        let optimizer: OptimizerChoice =
            switch workload {
            case .svm: .sgd
            case .logistic: OptimizerChoice(Adam())
            case .logisticL1: OptimizerChoice(Momentum())
            case .mc: OptimizerChoice(AdaGrad())
            case .cut: .sgd
            }
        let runs = try Self.outcomes(workload, settings, optimizer: optimizer, threads: [1, 2, 3, 8])
        #expect(runs[0].objectives.allSatisfy { $0.map(\.isFinite) ?? false }, "\(runs[0].objectives)")
        for (threads, run) in zip([2, 3, 8], runs.dropFirst()) {
            #expect(run == runs[0], "\(workload) at \(threads) threads differs from 1 thread")
        }
    }

    @Test func lockstepGivesTheThreadsResult() throws {
        let svm = try SparseSVM(data: Self.rows, regularization: LinearRegularization(l2: 1e-4), intercept: true)
        func run(threads: Int, lockstep: Bool) throws -> [UInt32] {
            let config = TrainingConfiguration(
                threads: threads, epochs: 2, schedule: .constant(0.1), seed: 3, lockstep: lockstep)
            let x = try SharedParameters(count: svm.dimension)
            _ = try Trainer(objective: svm, scheme: ConflictFree(settings: .init(batchTerms: 64, hotKeys: 30)),
                            configuration: config).run(on: x)
            return x.copyOut().map(\.bitPattern)
        }
        let threads = try run(threads: 4, lockstep: false)
        #expect(try run(threads: 4, lockstep: true) == threads)
        #expect(try run(threads: 1, lockstep: false) == threads)
    }

    /// Runs that span hot and cold keys, or several hot keys, are split the same way at
    /// every thread count; no step is lost or doubled.
    @Test func runsAcrossKeysAreSplitAlikeAtEveryThreadCount() throws {
        let counting = CountingObjective(termCount: 600, dimension: 40, width: 4, asRuns: true)
        func run(threads: Int) throws -> [Float] {
            let config = TrainingConfiguration(threads: threads, epochs: 2, schedule: .constant(1), seed: 4)
            let x = try SharedParameters(count: counting.dimension)
            let report = try Trainer(
                objective: counting, scheme: ConflictFree(settings: .init(batchTerms: 16, hotKeys: 10)),
                configuration: config
            ).run(on: x)
            #expect(report.schemeParameters["hotKeys"] == 10)
            return x.copyOut()
        }
        let one = try run(threads: 1)
        #expect(one.reduce(0, +) == 600 * 4 * 2, "every step of every term landed once")
        for threads in [2, 3, 8] {
            #expect(try run(threads: threads).map(\.bitPattern) == one.map(\.bitPattern), "\(threads) threads")
        }
    }

    @Test func drawsWithReplacementAreReproducibleToo() throws {
        let runs = try Self.outcomes(
            .mc, ConflictFreeSettings(batchTerms: 64, hotKeys: 8), optimizer: .sgd, threads: [1, 3],
            sampling: .withReplacement)
        #expect(runs[0] == runs[1])
    }

    /// Without hot keys, a batch is its terms in the epoch's order: plain serial SGD,
    /// which runs a different code path (steps written as the gradient is made).
    @Test(arguments: [Workload.svm, .logisticL1, .mc, .cut])
    func withoutHotKeysItIsSerialSGD(_ workload: Workload) throws {
        let conflictFree = try Self.outcomes(
            workload, ConflictFreeSettings(batchTerms: 100, hotKeys: 0), optimizer: .sgd, threads: [3])[0]
        let serial: Outcome
        switch workload {
        case .svm:
            let svm = try SparseSVM(data: Self.rows, regularization: LinearRegularization(l2: 1e-4), intercept: true)
            serial = try Self.train(svm, scheme: .hogwild, threads: 1, step: 0.1) {
                try SharedParameters(count: svm.dimension)
            }
        case .logisticL1:
            let model = try SparseLogisticRegression(data: Self.rows, regularization: LinearRegularization(l2: 1e-4, l1: 1e-4))
            serial = try Self.train(model, scheme: .hogwild, threads: 1, step: 0.2) {
                try SharedParameters(count: model.dimension)
            }
        case .mc:
            let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
            serial = try Self.train(mc, scheme: .hogwild, threads: 1, step: 0.02) { try mc.makeParameters(seed: 1) }
        default:
            let cut = try GraphCut(graph: Self.graph)
            serial = try Self.train(cut, scheme: .hogwild, threads: 1, step: 0.05) { try cut.makeParameters() }
        }
        #expect(conflictFree == serial)
    }

    /// With hot keys: one epoch against a reference written here from the definition
    /// (terms in the epoch's order; each term's hot part kept and applied, in order, at
    /// the end of its batch), on the epoch's order as serial SGD met it.
    @Test(arguments: [Workload.svm, .mc, .cut])
    func withHotKeysItIsTheDeferredSerialRun(_ workload: Workload) throws {
        switch workload {
        case .svm:
            let svm = try SparseSVM(data: Self.rows, regularization: LinearRegularization(l2: 1e-4), intercept: true)
            try Self.compareWithReference(svm, step: 0.1) { try SharedParameters(count: svm.dimension) }
        case .mc:
            let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
            try Self.compareWithReference(mc, step: 0.02) { try mc.makeParameters(seed: 1) }
        default:
            let cut = try GraphCut(graph: Self.graph)
            try Self.compareWithReference(cut, step: 0.05) { try cut.makeParameters() }
        }
    }

    static func compareWithReference<O: Objective>(
        _ objective: O, step: Float, start: () throws -> SharedParameters
    ) throws {
        let batch = 40, hotCount = 10
        // The epoch's order, as one thread of plain HOGWILD! takes it.
        let recorder = OrderRecorder(objective)
        _ = try train(recorder, scheme: .hogwild, threads: 1, epochs: 1, step: step, start: start)
        let order = recorder.log.order.withLock { $0 }
        #expect(order.count == objective.termCount)

        var degrees = [Int](repeating: 0, count: objective.conflictKeyCount)
        for e in 0..<objective.termCount { objective.forEachConflictKey(of: e) { degrees[$0] += 1 } }
        let hotKeys = ConflictFreePlan.choose(
            degrees: degrees, terms: objective.termCount, batchTerms: batch, hotKeys: hotCount
        ).hotKeys
        #expect(hotKeys.count == hotCount)
        var isHot = [Bool](repeating: false, count: objective.dimension)
        for key in hotKeys { objective.forEachCoordinate(ofConflictKey: key) { for j in $0 { isHot[j] = true } } }

        let x = try start()
        let state = try OptimizerState(for: SGD(), layout: x.layout, workers: 1, placement: .shared)
        var stepper = WorkerStepper(soleWorkerOf: objective, optimizer: SGD(), state: state)
        defer { stepper.gradient.deallocate() }
        let writer = RelaxedStoreWriter(memory: x.memory)
        var deferred: [(entries: [(Int, Float, Float)], runs: [(Int, [Float])])] = []
        func apply(entries: [(Int, Float, Float)], runs: [(Int, [Float])]) {
            stepper.gradient.removeAll()
            for (j, value, decay) in entries { stepper.gradient.add(j, value, decay: decay) }
            for (start, values) in runs {
                let buffer = stepper.gradient.addRun(start: start, count: values.count)
                for k in values.indices { buffer[k] = values[k] }
            }
            stepper.applyStep(stepSize: step, writer: writer)
        }
        for (position, term) in order.enumerated() {
            stepper.computeGradient(of: term, reading: x.memory)
            let g = stepper.gradient
            var cold: ([(Int, Float, Float)], [(Int, [Float])]) = ([], [])
            var hot: ([(Int, Float, Float)], [(Int, [Float])]) = ([], [])
            for i in 0..<g.count {
                let entry = g.entry(i)
                if isHot[entry.coordinate] {
                    hot.0.append(entry)
                } else {
                    cold.0.append(entry)
                }
            }
            for r in 0..<g.runCount {
                let run = g.run(r)
                let values = Array(run.values)
                if isHot[run.coordinates.lowerBound] { hot.1.append((run.coordinates.lowerBound, values)) } else {
                    cold.1.append((run.coordinates.lowerBound, values))
                }
                #expect(run.coordinates.allSatisfy { isHot[$0] == isHot[run.coordinates.lowerBound] })
            }
            apply(entries: cold.0, runs: cold.1)
            deferred.append((hot.0, hot.1))
            if (position + 1) % batch == 0 || position + 1 == order.count {
                for part in deferred { apply(entries: part.entries, runs: part.runs) }
                deferred.removeAll()
            }
        }
        let reference = x.copyOut().map(\.bitPattern)
        var config = TrainingConfiguration(
            threads: 2, epochs: 1, schedule: .epochDecay(initial: step, factor: 0.8), seed: 9)
        config.optimizerState = .shared
        let y = try start()
        let report = try Trainer(
            objective: objective, scheme: ConflictFree(settings: .init(batchTerms: batch, hotKeys: hotCount)),
            configuration: config
        ).run(on: y)
        #expect(report.schemeParameters["hotKeys"] == hotCount && report.schemeParameters["batchTerms"] == batch)
        let differing = zip(reference, y.copyOut().map(\.bitPattern)).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(reference.count) coordinates differ from the reference")
    }

    @Test func aResumedRunEndsWhereAnUninterruptedOneEnds() throws {
        let mc = try MatrixCompletion(data: Self.ratings, configuration: .init(rank: 4, mu: 0.05, globalMean: true))
        let scheme = ConflictFree(settings: .init(batchTerms: 64, hotKeys: 6))
        var config = TrainingConfiguration(threads: 3, epochs: 4, schedule: .epochDecay(initial: 0.02, factor: 0.8), seed: 5)
        config.evaluateEveryEpoch = true
        let whole = try mc.makeParameters(seed: 1)
        let wholeState = try OptimizerState(for: AdaGrad(), layout: whole.layout, workers: 3, placement: .shared)
        let wholeReport = try Trainer(objective: mc, scheme: scheme, optimizer: AdaGrad(), configuration: config)
            .run(on: whole, state: wholeState)

        let part = try mc.makeParameters(seed: 1)
        let partState = try OptimizerState(for: AdaGrad(), layout: part.layout, workers: 3, placement: .shared)
        let stop = StopSignal()
        let saved = Mutex<TrainingProgress?>(nil)
        _ = try Trainer(objective: mc, scheme: scheme, optimizer: AdaGrad(), configuration: config).run(
            on: part, state: partState,
            hooks: RunHooks(
                stop: stop,
                onProgress: ProgressObserver { progress in
                    saved.withLock { $0 = progress }
                    if progress.epochsCompleted == 2 { stop.requestStop() }
                }))
        // Resumed with two threads instead of three: the result does not care.
        config.threads = 2
        let resumedState = try OptimizerState(for: AdaGrad(), layout: part.layout, workers: 2, placement: .shared)
        for (to, from) in zip(resumedState.buffers(), partState.buffers()) { try to.copyIn(from.copyOut()) }
        guard let checkpoint = saved.withLock({ $0 }) else {
            Issue.record("the run saved no progress")
            return
        }
        #expect(checkpoint.epochsCompleted == 2)
        let resumed = try Trainer(objective: mc, scheme: scheme, optimizer: AdaGrad(), configuration: config)
            .run(on: part, state: resumedState, hooks: RunHooks(resume: checkpoint))
        #expect(resumed.epochs.map(\.objective) == wholeReport.epochs.map(\.objective))
        #expect(part.copyOut().map(\.bitPattern) == whole.copyOut().map(\.bitPattern))
    }

    @Test func theAutomaticSettingsFollowTheConflictsOfTheData() {
        // 5,000 terms over 5,000 keys of degree 2: B = ½·n²/Σ d(d − 1) = 1,250, nothing hot.
        let even = ConflictFreePlan.choose(
            degrees: [Int](repeating: 2, count: 5_000), terms: 5_000, batchTerms: nil, hotKeys: nil)
        #expect(even.hotKeys.isEmpty && even.batchTerms == 1_250)
        // One key in every term (text's commonest word): no batch above 1 without it hot.
        var skewed = [Int](repeating: 3, count: 3_000)
        skewed[7] = 4_000
        let text = ConflictFreePlan.choose(degrees: skewed, terms: 4_000, batchTerms: nil, hotKeys: nil)
        #expect(text.hotKeys == [7], "the word in every term is hot, and only it")
        #expect(text.batchTerms == 250, "at most 1/16 of the terms when keys are hot")
        // B·Σ d(d − 1)/n² ≤ ½ for what is left cold.
        #expect(Double(text.batchTerms) * 3_000 * 6 / (4_000.0 * 4_000) <= 0.5 + 1e-9)
        let given = ConflictFreePlan.choose(degrees: skewed, terms: 4_000, batchTerms: 100, hotKeys: 2)
        #expect(given.batchTerms == 100 && given.hotKeys.count == 2 && given.hotKeys[0] == 7)
    }

    @Test func networksPerWorkerStateAndKeylessObjectivesAreRefused() throws {
        let config = TrainingConfiguration(threads: 2, epochs: 1, schedule: .constant(0.1))
        func reason(_ body: () throws -> Void) -> String {
            do {
                try body()
                return ""
            } catch let error as TrainingError {
                return error.description
            } catch { return "\(error)" }
        }
        let dense = MeanObjective(targets: [[1, 2], [3, 4]], stepsAreDense: true)
        #expect(
            reason { _ = try AnyTrainer(objective: dense, scheme: .conflictFree(), configuration: config) }
                .contains("every step of this objective touches every coordinate"))
        #expect(
            reason {
                let keyless = LeastSquaresObjective.consistent(solution: [1, 2], count: 10)
                _ = try AnyTrainer(objective: keyless, scheme: .conflictFree(), configuration: config)
            }
                .contains("does not name the coordinate blocks"))
        var perWorker = config
        perWorker.optimizerState = .perWorker
        let svm = try SparseSVM(data: Self.rows)
        #expect(
            reason { _ = try Trainer(objective: svm, scheme: ConflictFree(), optimizer: AdaGrad(), configuration: perWorker) }
                .contains("per-worker optimizer state"))
        #expect(throws: TrainingError.self) { try ConflictFree(settings: .init(batchTerms: 0)).validate() }
    }
}

/// An objective that records the order its terms' gradients are asked for (one thread).
struct OrderRecorder<Base: Objective>: Objective {
    typealias Workspace = Base.Workspace
    let base: Base
    let log = OrderLog()
    init(_ base: Base) { self.base = base }
    var termCount: Int { base.termCount }
    var dimension: Int { base.dimension }
    var projectsSteps: Bool { base.projectsSteps }
    func makeWorkspace() -> Base.Workspace { base.makeWorkspace() }
    func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at parameters: R, into gradient: inout G, context: inout WorkerContext<Base.Workspace>
    ) {
        log.order.withLock { $0.append(term) }
        base.gradient(of: term, at: parameters, into: &gradient, context: &context)
    }
    func project(term: Int, step: inout ProposedStep, stepSize: Float, context: inout WorkerContext<Base.Workspace>) {
        base.project(term: term, step: &step, stepSize: stepSize, context: &context)
    }
    func loss(term: Int, at parameters: UnsafeParameterMemory, context: inout WorkerContext<Base.Workspace>) -> Double {
        base.loss(term: term, at: parameters, context: &context)
    }
}

/// Where ``OrderRecorder`` writes.
final class OrderLog: Sendable {
    let order = Mutex<[Int]>([])
}
