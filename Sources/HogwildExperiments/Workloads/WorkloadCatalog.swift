import HogwildCore
import HogwildData
import HogwildModels
import HogwildSupport

/// Builds ``Workload``s from ``WorkloadSpec``s: reads or generates the data, renumbers
/// its coordinates by frequency (hot first, for ``HotReplicas``; the same layout for
/// every scheme, so comparisons stay fair), splits off a test set, and picks the
/// model's default schedule. The one place a model is registered with the harness.
///
/// ```swift
/// let workload = try WorkloadCatalog.make(WorkloadSpec(kind: .cuts, source: .synthetic(.dblife, scale: 0.1)))
/// ```
public enum WorkloadCatalog {
    /// The step schedules that work for each model (the paper's γ ← 0.9γ per epoch).
    public static func defaultSchedule(for kind: WorkloadSpec.Kind) -> StepSchedule {
        switch kind {
        case .svm, .logistic: return .epochDecay(initial: 0.05, factor: 0.9)
        case .leastSquares: return .epochDecay(initial: 0.02, factor: 0.9)
        case .mc: return .epochDecay(initial: 0.03, factor: 0.9)
        case .cuts: return .epochDecay(initial: 0.05, factor: 0.9)
        // Networks with plain SGD on minibatches of 64: pytorch/examples' 0.01 is slow to
        // start; 0.05 decaying gently trains the zoo's classifiers in a few epochs.
        case .mlp, .cnn, .softmax: return .epochDecay(initial: 0.05, factor: 0.95)
        // A sigmoid output under squared error has small gradients: at 0.05 twenty epochs
        // of Fashion-MNIST's class 0 moved the loss from 0.153 to 0.129 (AUC 0.76); at 1,
        // to 0.045 (AUC 0.91).
        case .autoencoder: return .epochDecay(initial: 1, factor: 0.95)
        case .lstm, .gru, .rnn: return .epochDecay(initial: 0.5, factor: 0.95)
        }
    }

    /// Builds the workload of `spec`; with a `group`, only this rank's part of the data
    /// (its lines of a file, its blocks of a generated set, its range of a graph's edges
    /// or of the training images or text), numbered as the whole group agrees (see
    /// ``ShardGroup``).
    public static func make(_ spec: WorkloadSpec, group: (any ShardGroup)? = nil) throws -> any Workload {
        let schedule = defaultSchedule(for: spec.kind)
        guard spec.testFraction >= 0, spec.testFraction < 1 else {
            throw WorkloadError.invalidSetting(
                name: "test fraction", value: "\(spec.testFraction)", expected: "in [0, 1)")
        }
        switch spec.settings {
        case .svm(let settings), .logistic(let settings), .leastSquares(let settings):
            return try linear(spec, settings, schedule, group)
        case .mc(let configuration):
            let (train, test, summary) = try ratings(spec, group)
            return try MatrixCompletionWorkload(
                spec: spec, summary: summary, train: train, test: test,
                configuration: configuration, schedule: schedule,
                wholeData: try group.map { try RatingsDataset.wholeDegrees($0, train) })
        case .cuts(let settings):
            let (graph, summary) = try cutGraph(spec, settings, group)
            return try GraphCutWorkload(spec: spec, summary: summary, graph: graph, schedule: schedule)
        case .network(let kind, let settings):
            return try network(spec, kind, settings, schedule, shard: group?.shard ?? .whole)
        }
    }

    /// Refuses a scale that is not a positive number, or whose data would not fit in
    /// the memory this process may use (before generating any of it).
    static func checkScale(_ scale: Double?, of data: SyntheticData) throws {
        if let scale, !(scale.isFinite && scale > 0) { throw WorkloadError.invalidScale(scale) }
        let size = scale ?? data.quickScale
        try MemoryBudget.check(
            bytes: data.estimatedPeakBytes(scale: size),
            for: "the \(data.paperName)-shaped set at scale \(size)")
    }

    static func linear(
        _ spec: WorkloadSpec, _ settings: LinearSettings, _ schedule: StepSchedule,
        _ group: (any ShardGroup)?
    ) throws -> any Workload {
        var train: SparseDataset
        var test: SparseDataset?
        var summary: String
        var fileNumbering: Renumbering?
        var fileBase: LibSVMReader.IndexBase?
        var options = LibSVMReader.Options()
        options.labels = spec.kind == .leastSquares ? .real : .binary
        switch spec.source {
        case .synthetic(let data, let scale):
            guard data.fits(spec.kind) else {
                throw WorkloadError.dataDoesNotFitModel(data: data.rawValue, model: spec.kind.rawValue)
            }
            try checkScale(scale, of: data)
            let rows = SyntheticData.rcv1Rows(scale: scale ?? data.quickScale)
            let generator = data.rcv1Generator(rows: rows, seed: spec.seed)!
            if let group {
                train = try generator.generate(shard: group.shard)
                _ = try SparseDataset.renumberAcross(group, &train)
            } else {
                train = try generator.generate()
                _ = try SparseDataset.renumberByFrequencyInPlace(&train)
            }
            summary =
                "RCV1-shaped synthetic\(data == .rcv1Hot ? " (hot: word-frequency skew)" : ""): "
                + "\(train.rowCount) rows × \(train.columnCount) features, \(train.nonZeroCount) non-zeros"
        case .libsvm(let path, let testPath):
            var trainOptions = options
            trainOptions.renumberByFrequency = group == nil
            trainOptions.shard = group?.shard ?? .whole
            trainOptions.indexBase = spec.indexBase ?? .automatic
            var renumbering: Renumbering?
            var base = LibSVMReader.IndexBase.one
            (train, renumbering, base) = try { () throws -> (SparseDataset, Renumbering?, LibSVMReader.IndexBase) in
                let loaded = try LibSVMReader.read(path, options: trainOptions)
                return (loaded.dataset, loaded.renumbering, loaded.indexBase)
            }()
            // The part read is the only reference here: renumbered in place.
            if let group { renumbering = try SparseDataset.renumberAcross(group, &train) }
            fileNumbering = renumbering
            fileBase = base
            summary = "\(path): \(train.rowCount) rows × \(train.columnCount) features, \(train.nonZeroCount) non-zeros"
            if base == .zero { summary += " (0-based indices)" }
            if let testPath, let renumbering {
                var testOptions = options
                testOptions.columnCount = train.columnCount
                testOptions.indexBase = base
                testOptions.dropFeaturesBeyondColumnCount = true
                let loaded = try LibSVMReader.read(testPath, options: testOptions)
                test = try loaded.dataset.renumbered(by: renumbering)
                summary += "; test \(testPath): \(test!.rowCount) rows"
                if loaded.droppedFeatures > 0 {
                    summary +=
                        " (\(loaded.droppedFeatures) values of features the training file lacks dropped: the model "
                        + "gives them weight 0)"
                }
            }
        case .ratings, .edges, .images, .text:
            throw WorkloadError.dataDoesNotFitModel(data: "this file", model: spec.kind.rawValue)
        }
        if test == nil, spec.testFraction > 0 {
            (train, test) = try train.split(testFraction: spec.testFraction, seed: spec.seed)
            summary += "; \(Int(spec.testFraction * 100))% held out for test"
        }
        // A part's degree weighting is the whole data's, so the parts' objectives add up to it.
        let whole = try group.map { try SparseDataset.wholeDegrees($0, train) }
        let penalty = settings.penalty(rows: whole?.rows ?? train.rowCount)
        if settings.lambdaFromRows { summary += "; λ = 1/\(whole?.rows ?? train.rowCount) = \(penalty.l2)" }
        let objective: LinearWorkload.Objective
        switch spec.kind {
        case .logistic:
            objective = .logistic(
                try SparseLogisticRegression(
                    data: train, regularization: penalty, intercept: settings.intercept, wholeData: whole))
        case .leastSquares:
            objective = .leastSquares(
                try SparseLeastSquares(
                    data: train, regularization: penalty, intercept: settings.intercept, wholeData: whole))
        default:
            objective = .svm(
                try SparseSVM(
                    data: train, regularization: penalty, intercept: settings.intercept, wholeData: whole))
        }
        var workload = try LinearWorkload(
            spec: spec, summary: summary, objective: objective, test: test, schedule: schedule,
            renumbering: fileNumbering)
        workload.indexBase = fileBase
        return workload
    }

    static func ratings(
        _ spec: WorkloadSpec, _ group: (any ShardGroup)?
    ) throws -> (RatingsDataset, RatingsDataset?, String) {
        var train: RatingsDataset
        var test: RatingsDataset?
        var summary: String
        switch spec.source {
        case .synthetic(let data, let scale):
            guard data.fits(.mc) else { throw WorkloadError.dataDoesNotFitModel(data: data.rawValue, model: "mc") }
            try checkScale(scale, of: data)
            let size = scale ?? data.quickScale
            let shape =
                switch data {
                case .jumbo: RatingsGenerator.jumbo(scale: size, seed: spec.seed)
                case .kdd: RatingsGenerator.kdd(scale: size, seed: spec.seed)
                default: RatingsGenerator.netflix(scale: size, seed: spec.seed)
                }
            if let group {
                train = try shape.generate(shard: group.shard)
                try RatingsDataset.renumberAcross(group, &train)
            } else {
                train = try shape.generate()
                _ = try RatingsDataset.renumberByDegreeInPlace(&train)
            }
            summary =
                "\(data.paperName)-shaped synthetic: \(train.userCount) users × \(train.itemCount) items, "
                + "\(train.count) ratings, rank \(shape.rank) + noise"
        case .ratings(let path, let testPath):
            if let group {
                var options = RatingsReader.Options()
                options.shard = group.shard
                train = try RatingsReader.read(path, options: options).dataset
                try RatingsDataset.renumberIDsAcross(group, &train, path: path)
            } else {
                train = try RatingsReader.read(path).dataset  // the only reference: renumbered in place
                _ = try RatingsDataset.renumberByDegreeInPlace(&train)
            }
            summary = "\(path): \(train.userCount) users × \(train.itemCount) items, \(train.count) ratings"
            if let testPath {
                // Re-index the test file by the training file's ids (a model knows no others).
                let other = try RatingsReader.read(testPath).dataset
                summary += "; test \(testPath): \(other.count) ratings"
                test = try remap(other, onto: train, path: testPath)
            }
        case .libsvm, .edges, .images, .text:
            throw WorkloadError.dataDoesNotFitModel(data: "this file", model: "mc")
        }
        if test == nil, spec.testFraction > 0 {
            (train, test) = try train.split(testFraction: spec.testFraction, seed: spec.seed)
            summary += "; \(Int(spec.testFraction * 100))% held out for test"
        }
        return (train, test, summary)
    }

    /// Re-indexes a test file's ratings by the training file's ids; a user or item the
    /// training data never saw is an error (a factor model cannot predict it).
    static func remap(_ test: RatingsDataset, onto train: RatingsDataset, path: String) throws -> RatingsDataset {
        guard let trainUsers = train.userIDs, let trainItems = train.itemIDs,
            let testUsers = test.userIDs, let testItems = test.itemIDs
        else { return test }
        let userIndex = Dictionary(uniqueKeysWithValues: trainUsers.enumerated().map { ($1, Int32($0)) })
        let itemIndex = Dictionary(uniqueKeysWithValues: trainItems.enumerated().map { ($1, Int32($0)) })
        var entries: [Rating] = []
        for k in 0..<test.count {
            let entry = test[k]
            let uid = testUsers[Int(entry.user)], iid = testItems[Int(entry.item)]
            guard let a = userIndex[uid] else {
                throw FormatError.invalidData(path: path, problem: "user '\(uid)' does not occur in the training data")
            }
            guard let b = itemIndex[iid] else {
                throw FormatError.invalidData(path: path, problem: "item '\(iid)' does not occur in the training data")
            }
            entries.append(Rating(user: a, item: b, value: entry.value))
        }
        return try RatingsDataset(
            entries: OwnedBuffer(entries), userCount: train.userCount, itemCount: train.itemCount,
            userIDs: trainUsers, itemIDs: trainItems)
    }

    /// The cut problem, or with a `group` this rank's part of its edges over all its
    /// nodes: a file's byte range, renumbered as the group agrees; a generated graph's
    /// contiguous share of edges (the generators draw the whole graph from one random
    /// stream, so each rank generates it whole and keeps its part).
    static func cutGraph(
        _ spec: WorkloadSpec, _ settings: GraphCutSettings,
        _ group: (any ShardGroup)?
    ) throws -> (CutGraph, String) {
        switch spec.source {
        case .synthetic(let data, let scale):
            guard data.fits(.cuts) else { throw WorkloadError.dataDoesNotFitModel(data: data.rawValue, model: "cuts") }
            try checkScale(scale, of: data)
            guard settings.labels >= 2 else {
                throw WorkloadError.invalidSetting(
                    name: "labels", value: "\(settings.labels)", expected: "an integer ≥ 2")
            }
            let shape =
                data == .dblife
                ? CutGraphGenerator.dblife(scale: scale ?? data.quickScale, labels: settings.labels, seed: spec.seed)
                : CutGraphGenerator.abdomen(scale: scale ?? data.quickScale, seed: spec.seed)
            // A rank makes only its part of the edges (over every node).
            let graph = try shape.generate(part: group?.shard ?? .whole)
            let kind: String
            switch shape.kind {
            case .grid(let x, let y, let z): kind = "\(x) × \(y) × \(z) voxel grid, 6-connected"
            case .entities(let m, let k): kind = "\(m) mentions, \(k)-way"
            }
            return (
                graph,
                "\(data.paperName)-shaped synthetic: \(kind), \(graph.edgeCount) edges, \(graph.terminalCount) "
                    + "terminals"
            )
        case .edges(let path, let terminals):
            var graph = try EdgeListReader.read(edges: path, terminals: terminals, shard: group?.shard ?? .whole)
            if let group { try CutGraph.renumberIDsAcross(group, &graph, path: path) }
            return (
                graph,
                "\(path): \(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(graph.labelCount) labels, "
                    + "\(graph.terminalCount) terminals"
            )
        case .libsvm, .ratings, .images, .text:
            throw WorkloadError.dataDoesNotFitModel(data: "this file", model: "cuts")
        }
    }
}
