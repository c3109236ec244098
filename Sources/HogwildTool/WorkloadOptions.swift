import Hogwild
import HogwildCommandLine
import HogwildPlatform

/// The options that say what to train: model, data source, model settings.
struct WorkloadOptions {
    var spec: WorkloadSpec

    static let help = """
          --workload NAME      svm | logistic | leastSquares | mc | cuts, or a network:
                               mlp | cnn | softmax | lstm | gru | rnn | autoencoder
                               (default svm, or the model that fits --synthetic)
          --synthetic NAME     rcv1 | netflix | kdd | jumbo | abdomen | dblife: data with the shape of
                               the paper's set (the default: rcv1, netflix or abdomen by model);
                               rcv1-hot: RCV1-shaped rows with real text's skew (a feature in 99%
                               of rows, as the Debian text set); images | text: stand-ins for the networks
          --scale S            size of the synthetic set relative to the paper's (default: a
                               quick size, e.g. 100,000 rows for rcv1, whose scale 1 is 781,265)
          --data FILE          LIBSVM file (svm, logistic, leastSquares) or ratings triples (mc); .gz ok;
                               networks: a directory of MNIST-format IDX files (Fashion-MNIST:
                               /usr/share/datasets/fashion-mnist), or a text file (lstm, gru, rnn:
                               a character language model; given a directory they classify
                               images row by row)
          --test FILE          a separate test file of the same kind (LIBSVM: features the training
                               file lacks are dropped, as the model gives them weight 0)
          --index-base B       auto (default: 0-based when the file has an index 0, as scikit-learn's
                               zero_based="auto"; 1-based otherwise) | 0 | 1: where a LIBSVM file's
                               feature numbers start
          --edges FILE --terminals FILE
                               an edge list 'u v w' and a terminals file 'node label' (cuts)
          --test-fraction F    hold out F of the data for test when no --test (default 0)
          --data-seed S        seed of the generator and the split (default 1)
          --lambda L           L2 strength of the linear models (default: 1/rows on a --data file,
                               LIBLINEAR's C = 1; the paper's 1e-4 on generated data)
          --intercept, --no-intercept
                               learn an intercept b in xᵀw + b (default: on for a --data file, off on
                               generated data, as in the paper)
          --l1 L               L1 strength of the linear models (default 0)
          --uniform-l2         apply the full penalty on every step (default: the paper's degree weighting)
          --rank R --mu M      matrix completion rank (default 10) and penalty (default 0.01)
          --biases             matrix completion: learn user and item biases
          --global-mean        matrix completion: predict around the mean rating
          --labels K           labels of the dblife multiway cut (default 8)
        networks:
          --batch B            samples per minibatch (default 64; character model: windows)
          --hidden H[,H…]      hidden sizes: MLP layers (default 128), autoencoder encoder layers
                               (default 256), CNN fully connected width (default 50), recurrent
                               state (default 128)
          --channels C1,C2     the CNN's convolution widths (default 10,20: mnist_hogwild's net)
          --dropout P          dropout probability (CNN default 0.5, MLP 0)
          --sequence-length T  characters per window of the character model (default 64)
          --embedding E        character embedding width (default 32)
          --normal-class K     the autoencoder's normal class (default 0); it is trained on that
                               class and scores the test set (ROC AUC, the rest as anomalies)
          --code C             the autoencoder's code size (default 32)
        """

    init(arguments args: inout Arguments) throws(UsageError) {
        let kindNames = WorkloadSpec.Kind.allCases.map(\.rawValue).joined(separator: " | ")
        let explicitKind = try args.optionalOption("--workload", expected: kindNames) {
            WorkloadSpec.Kind(rawValue: $0)
        }
        let synthetic = try args.optionalOption(
            "--synthetic", expected: SyntheticData.allCases.map(\.rawValue).joined(separator: " | ")
        ) {
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
        let network = try NetworkOptions(arguments: &args)
        guard sources <= 1 else { throw .conflict("give one data source: --synthetic, --data or --edges") }
        let source = try Self.source(
            kind: kind, synthetic: synthetic, scale: scale, data: data, test: test, edges: edges, terminals: terminals)
        var spec = WorkloadSpec(kind: kind, source: source)
        spec.testFraction = try args.option("--test-fraction", default: 0, expected: "a number in [0, 1)") {
            Parse.double($0).flatMap { $0 >= 0 && $0 < 1 ? $0 : nil }
        }
        spec.seed = try args.option("--data-seed", default: 1, expected: "a non-negative integer", Parse.uint64)
        spec.indexBase = try Self.indexBase(&args)
        if spec.indexBase != nil, !(kind == .svm || kind == .logistic || kind == .leastSquares) || data == nil {
            throw .conflict("--index-base is for LIBSVM files (--data with svm, logistic or leastSquares)")
        }
        spec.settings = try Self.settings(kind: kind, network: network, data: data, &args)
        self.spec = spec
    }

    /// `--index-base`: nil for auto (or absent).
    static func indexBase(_ args: inout Arguments) throws(UsageError) -> LibSVMReader.IndexBase? {
        try args.option("--index-base", default: nil, expected: "auto | 0 | 1") { text -> LibSVMReader.IndexBase?? in
            switch text {
            case "auto": return .some(nil)
            case "0": return .zero
            case "1": return .one
            default: return nil
            }
        }
    }

    /// Where `kind`'s data come from: a file (`--data`, `--edges`) or a generator.
    static func source(
        kind: WorkloadSpec.Kind, synthetic: SyntheticData?, scale: Double?, data: String?, test: String?,
        edges: String?, terminals: String?
    ) throws(UsageError) -> WorkloadSpec.Source {
        if scale != nil, synthetic == nil, data != nil || edges != nil {
            throw .conflict("--scale sizes synthetic data; it has no effect on --data or --edges")
        }
        if let data {
            switch kind {
            case .svm, .logistic, .leastSquares: return .libsvm(path: data, test: test)
            case .mc: return .ratings(path: data, test: test)
            case .cuts: throw .conflict("--workload cuts reads --edges FILE --terminals FILE, not --data")
            case .mlp, .cnn, .softmax, .autoencoder, .lstm, .gru, .rnn:
                if test != nil {
                    throw .conflict("--test is for LIBSVM and ratings files; an IDX directory holds its own test set")
                }
                var status = stat()
                guard stat(data, &status) == 0 else {
                    throw .invalidValue(
                        flag: "--data", value: data,
                        expected: "an existing "
                            + ([.lstm, .gru, .rnn].contains(kind) ? "text file or " : "")
                            + "directory of MNIST-format IDX files (nothing is at that path)")
                }
                if (status.st_mode & S_IFMT) == S_IFDIR { return .images(directory: data) }
                if [.lstm, .gru, .rnn].contains(kind) { return .text(path: data) }
                throw .invalidValue(
                    flag: "--data", value: data,
                    expected:
                        "a directory of MNIST-format IDX files for --workload \(kind.rawValue), not a file (the "
                        + "character models lstm, gru and rnn read a text file)")
            }
        }
        if let edges {
            guard kind == .cuts else { throw .conflict("--edges is for --workload cuts") }
            guard let terminals else {
                throw .missingArgument(name: "--terminals", expected: "the terminals file that goes with --edges")
            }
            return .edges(path: edges, terminals: terminals)
        }
        let name = synthetic ?? kind.defaultData
        guard name.fits(kind) else {
            throw .conflict(WorkloadError.dataDoesNotFitModel(data: name.rawValue, model: kind.rawValue).description)
        }
        if test != nil { throw .conflict("--test goes with --data") }
        return .synthetic(name, scale: scale)
    }

    /// `kind`'s settings from its own flags; a flag of another workload is refused.
    static func settings(
        kind: WorkloadSpec.Kind, network: NetworkOptions, data: String?, _ args: inout Arguments
    ) throws(UsageError) -> WorkloadSpec.Settings {
        let lambda = try args.optionalOption("--lambda", expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let l1 = try args.optionalOption("--l1", expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let uniform = args.flag("--uniform-l2")
        let intercept = args.flag("--intercept"), noIntercept = args.flag("--no-intercept")
        if intercept, noIntercept { throw .conflict("give --intercept or --no-intercept, not both") }
        let rank = try args.optionalOption("--rank", expected: "a positive integer", Parse.positiveInt)
        let mu = try args.optionalOption("--mu", expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let biases = args.flag("--biases"), globalMean = args.flag("--global-mean")
        let labels = try args.optionalOption("--labels", expected: "an integer ≥ 2") {
            Parse.int($0).flatMap { $0 >= 2 ? $0 : nil }
        }
        let linearFlags = [
            lambda != nil ? "--lambda" : nil, l1 != nil ? "--l1" : nil, uniform ? "--uniform-l2" : nil,
            intercept ? "--intercept" : nil, noIntercept ? "--no-intercept" : nil,
        ]
        let mcFlags = [
            rank != nil ? "--rank" : nil, mu != nil ? "--mu" : nil, biases ? "--biases" : nil,
            globalMean ? "--global-mean" : nil,
        ]
        let cutFlags = [labels != nil ? "--labels" : nil]
        let settings: WorkloadSpec.Settings
        let foreign: [String?]
        switch kind {
        case .svm, .logistic, .leastSquares:
            // A user's file gets a user's defaults (an intercept, λ = 1/rows); the
            // paper's shapes keep the paper's (no intercept, λ = 1e-4).
            let userData = data != nil
            let penalty = LinearRegularization(l2: lambda ?? 1e-4, l1: l1 ?? 0, weighting: uniform ? .uniform : .degree)
            let linear = LinearSettings(
                penalty: penalty, intercept: intercept || (userData && !noIntercept),
                lambdaFromRows: userData && lambda == nil)
            settings = kind == .svm ? .svm(linear) : kind == .logistic ? .logistic(linear) : .leastSquares(linear)
            foreign = mcFlags + cutFlags + network.given
        case .mc:
            let configuration = MatrixCompletion.Configuration(
                rank: rank ?? 10, mu: mu ?? 0.01, biases: biases, globalMean: globalMean)
            settings = .mc(configuration)
            foreign = linearFlags + cutFlags + network.given
        case .cuts:
            settings = .cuts(GraphCutSettings(labels: labels ?? 8))
            foreign = linearFlags + mcFlags + network.given
        case .mlp, .cnn, .softmax, .autoencoder, .lstm, .gru, .rnn:
            settings = .network(kind, network.settings)
            foreign = linearFlags + mcFlags + cutFlags + network.foreign(to: kind)
        }
        if let flag = foreign.compactMap({ $0 }).first {
            throw .conflict("\(flag) does not apply to --workload \(kind.rawValue)")
        }
        return settings
    }
}

/// The network workloads' settings from the command line, and which flags were given
/// (so that a flag of another model is reported, not ignored).
struct NetworkOptions {
    var settings = NetworkSettings()
    var given: [String?] = []
    private var flags: Set<String> = []

    init(arguments args: inout Arguments) throws(UsageError) {
        func note(_ flag: String, _ present: Bool) {
            if present {
                flags.insert(flag)
                given.append(flag)
            }
        }
        let sizes: (String) -> [Int]? = { text in
            let parts = text.split(separator: ",").map { Parse.positiveInt(String($0)) }
            return parts.isEmpty || parts.contains(nil) ? nil : parts.map { $0! }
        }
        if let batch = try args.optionalOption("--batch", expected: "a positive integer", Parse.positiveInt) {
            settings.batch = batch
            note("--batch", true)
        }
        settings.hidden = try args.optionalOption(
            "--hidden", expected: "positive sizes separated by commas, e.g. 256,128", sizes)
        note("--hidden", settings.hidden != nil)
        settings.channels = try args.optionalOption("--channels", expected: "two positive widths, e.g. 32,64") { text in
            sizes(text).flatMap { $0.count == 2 ? $0 : nil }
        }
        note("--channels", settings.channels != nil)
        settings.dropout = try args.optionalOption("--dropout", expected: "a probability in [0, 1)") {
            Parse.float($0).flatMap { $0 >= 0 && $0 < 1 ? $0 : nil }
        }
        note("--dropout", settings.dropout != nil)
        if let t = try args.optionalOption("--sequence-length", expected: "a positive integer", Parse.positiveInt) {
            settings.sequenceLength = t
            note("--sequence-length", true)
        }
        if let e = try args.optionalOption("--embedding", expected: "a positive integer", Parse.positiveInt) {
            settings.embedding = e
            note("--embedding", true)
        }
        if let k = try args.optionalOption("--normal-class", expected: "a class number ≥ 0", Parse.nonNegativeInt) {
            settings.normalClass = k
            note("--normal-class", true)
        }
        if let c = try args.optionalOption("--code", expected: "a positive integer", Parse.positiveInt) {
            settings.code = c
            note("--code", true)
        }
    }

    /// The given network flags that `kind` does not use.
    func foreign(to kind: WorkloadSpec.Kind) -> [String?] {
        let uses: Set<String>
        switch kind {
        case .softmax: uses = ["--batch"]
        case .mlp: uses = ["--batch", "--hidden", "--dropout"]
        case .cnn: uses = ["--batch", "--hidden", "--channels", "--dropout"]
        case .autoencoder: uses = ["--batch", "--hidden", "--normal-class", "--code"]
        default: uses = ["--batch", "--hidden", "--sequence-length", "--embedding"]
        }
        return flags.subtracting(uses).sorted()
    }
}
