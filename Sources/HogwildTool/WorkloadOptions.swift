import Hogwild
import HogwildCommandLine

/// The options that say what to train: model, data source, model settings.
struct WorkloadOptions {
    var spec: WorkloadSpec

    static let help = """
      --workload NAME      svm | logistic | leastSquares | mc | cuts (default svm,
                           or the model that fits --synthetic)
      --synthetic NAME     rcv1 | netflix | kdd | jumbo | abdomen | dblife: data with the shape of
                           the paper's set (the default: rcv1, netflix or abdomen by model)
      --scale S            size of the synthetic set relative to the paper's (default: a
                           quick size, e.g. 100,000 rows for rcv1, whose scale 1 is 781,265)
      --data FILE          LIBSVM file (svm, logistic, leastSquares) or ratings triples (mc); .gz ok
      --test FILE          a separate test file of the same kind
      --edges FILE --terminals FILE
                           an edge list 'u v w' and a terminals file 'node label' (cuts)
      --test-fraction F    hold out F of the data for test when no --test (default 0)
      --data-seed S        seed of the generator and the split (default 1)
      --lambda L           L2 strength of the linear models (default 1e-4)
      --l1 L               L1 strength of the linear models (default 0)
      --uniform-l2         apply the full penalty on every step (default: the paper's degree weighting)
      --rank R --mu M      matrix completion rank (default 10) and penalty (default 0.01)
      --biases             matrix completion: learn user and item biases
      --global-mean        matrix completion: predict around the mean rating
      --labels K           labels of the dblife multiway cut (default 8)
    """

    init(arguments args: inout Arguments) throws(UsageError) {
        let kindNames = WorkloadSpec.Kind.allCases.map(\.rawValue).joined(separator: " | ")
        let explicitKind = try args.optionalOption("--workload", expected: kindNames) { WorkloadSpec.Kind(rawValue: $0) }
        let synthetic = try args.optionalOption("--synthetic", expected: SyntheticData.allCases.map(\.rawValue).joined(separator: " | ")) {
            SyntheticData(rawValue: $0)
        }
        let scale = try args.optionalOption("--scale", expected: "a number > 0", Parse.double)
        if let scale, scale <= 0 { throw .invalidValue(flag: "--scale", value: "\(scale)", expected: "a number > 0") }
        let data = try args.optionalOption("--data", expected: "a file path", Parse.string)
        let test = try args.optionalOption("--test", expected: "a file path", Parse.string)
        let edges = try args.optionalOption("--edges", expected: "an edge-list file", Parse.string)
        let terminals = try args.optionalOption("--terminals", expected: "a terminals file", Parse.string)

        let kind: WorkloadSpec.Kind
        if let explicitKind {
            kind = explicitKind
        } else if let synthetic {
            kind = WorkloadSpec.Kind.allCases.first { synthetic.fits($0) }!
        } else if edges != nil {
            kind = .cuts
        } else {
            kind = .svm
        }
        let sources = [synthetic != nil, data != nil, edges != nil].filter { $0 }.count
        guard sources <= 1 else { throw .conflict("give one data source: --synthetic, --data or --edges") }
        let source: WorkloadSpec.Source
        if let data {
            switch kind {
            case .svm, .logistic, .leastSquares: source = .libsvm(path: data, test: test)
            case .mc: source = .ratings(path: data, test: test)
            case .cuts: throw .conflict("--workload cuts reads --edges FILE --terminals FILE, not --data")
            }
        } else if let edges {
            guard kind == .cuts else { throw .conflict("--edges is for --workload cuts") }
            guard let terminals else { throw .missingArgument(name: "--terminals", expected: "the terminals file that goes with --edges") }
            source = .edges(path: edges, terminals: terminals)
        } else {
            let name = synthetic ?? kind.defaultData
            guard name.fits(kind) else {
                throw .conflict(WorkloadError.dataDoesNotFitModel(data: name.rawValue, model: kind.rawValue).description)
            }
            if test != nil { throw .conflict("--test goes with --data") }
            source = .synthetic(name, scale: scale)
        }
        if scale != nil, synthetic == nil, data != nil || edges != nil {
            throw .conflict("--scale sizes synthetic data; it has no effect on --data or --edges")
        }
        var spec = WorkloadSpec(kind: kind, source: source)
        spec.testFraction = try args.option("--test-fraction", default: 0, expected: "a number in [0, 1)") {
            Parse.double($0).flatMap { $0 >= 0 && $0 < 1 ? $0 : nil }
        }
        spec.seed = try args.option("--data-seed", default: 1, expected: "a non-negative integer", Parse.uint64)
        let lambda = try args.optionalOption("--lambda", expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let l1 = try args.optionalOption("--l1", expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let uniform = args.flag("--uniform-l2")
        let rank = try args.optionalOption("--rank", expected: "a positive integer", Parse.positiveInt)
        let mu = try args.optionalOption("--mu", expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let biases = args.flag("--biases"), globalMean = args.flag("--global-mean")
        let labels = try args.optionalOption("--labels", expected: "an integer ≥ 2") { Parse.int($0).flatMap { $0 >= 2 ? $0 : nil } }
        // Each model takes its own settings; another model's flag is a mistake worth saying.
        let linearFlags = [lambda != nil ? "--lambda" : nil, l1 != nil ? "--l1" : nil, uniform ? "--uniform-l2" : nil]
        let mcFlags = [rank != nil ? "--rank" : nil, mu != nil ? "--mu" : nil, biases ? "--biases" : nil,
                       globalMean ? "--global-mean" : nil]
        let cutFlags = [labels != nil ? "--labels" : nil]
        let foreign: [String?]
        switch kind {
        case .svm, .logistic, .leastSquares:
            let penalty = LinearRegularization(l2: lambda ?? 1e-4, l1: l1 ?? 0, weighting: uniform ? .uniform : .degree)
            spec.model = kind == .svm ? .svm(penalty) : kind == .logistic ? .logistic(penalty) : .leastSquares(penalty)
            foreign = mcFlags + cutFlags
        case .mc:
            spec.model = .mc(MatrixCompletion.Configuration(rank: rank ?? 10, mu: mu ?? 0.01, biases: biases,
                                                            globalMean: globalMean))
            foreign = linearFlags + cutFlags
        case .cuts:
            spec.model = .cuts(GraphCutSettings(labels: labels ?? 8))
            foreign = linearFlags + mcFlags
        }
        if let flag = foreign.compactMap({ $0 }).first {
            throw .conflict("\(flag) does not apply to --workload \(kind.rawValue)")
        }
        self.spec = spec
    }
}
