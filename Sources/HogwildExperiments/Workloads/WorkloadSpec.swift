import HogwildCore
import HogwildData
import HogwildModels
import HogwildSupport

/// What to train, as the command line and the experiment recipes describe it: the
/// model with its settings, where its data comes from, and how much to hold out.
///
/// ```swift
/// var spec = WorkloadSpec(kind: .mc)                                // Netflix-shaped synthetic data
/// spec.settings = .mc(MatrixCompletion.Configuration(rank: 30))
/// spec.source = .ratings(path: "ratings.csv", test: nil)            // or a real file
/// let workload = try WorkloadCatalog.make(spec)
/// ```
public struct WorkloadSpec: Sendable, Hashable, Codable {
    /// The models by name.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case svm, logistic, leastSquares, mc, cuts
        /// The networks of the model zoo (dense steps): image classifiers, recurrent
        /// models (a character model on text, a row-by-row classifier on images) and the
        /// autoencoder.
        case mlp, cnn, softmax, lstm, gru, rnn, autoencoder

        /// The synthetic data this model trains on by default.
        public var defaultData: SyntheticData {
            switch self {
            case .svm, .logistic, .leastSquares: return .rcv1
            case .mc: return .netflix
            case .cuts: return .abdomen
            case .mlp, .cnn, .softmax, .autoencoder: return .images
            case .lstm, .gru, .rnn: return .text
            }
        }

        /// Whether this is a neural network (dense gradient steps).
        public var isNetwork: Bool {
            switch self {
            case .svm, .logistic, .leastSquares, .mc, .cuts: return false
            case .mlp, .cnn, .softmax, .lstm, .gru, .rnn, .autoencoder: return true
            }
        }
    }

    /// What is trained and its settings: one settings value per kind of workload.
    public enum Settings: Sendable, Hashable, Codable {
        case svm(LinearSettings)
        case logistic(LinearSettings)
        case leastSquares(LinearSettings)
        case mc(MatrixCompletion.Configuration)
        case cuts(GraphCutSettings)
        /// A network of the model zoo (`kind.isNetwork`).
        case network(Kind, NetworkSettings)

        /// `kind` with its default settings.
        public init(kind: Kind) {
            switch kind {
            case .svm: self = .svm(LinearSettings())
            case .logistic: self = .logistic(LinearSettings())
            case .leastSquares: self = .leastSquares(LinearSettings())
            case .mc: self = .mc(MatrixCompletion.Configuration())
            case .cuts: self = .cuts(GraphCutSettings())
            case .mlp, .cnn, .softmax, .lstm, .gru, .rnn, .autoencoder: self = .network(kind, NetworkSettings())
            }
        }

        public var kind: Kind {
            switch self {
            case .svm: return .svm
            case .logistic: return .logistic
            case .leastSquares: return .leastSquares
            case .mc: return .mc
            case .cuts: return .cuts
            case .network(let kind, _): return kind
            }
        }

        /// Written as one object: `{"model": "mc", "rank": 10, …}`.
        public func encode(to encoder: Encoder) throws {
            switch self {
            case .svm(let p), .logistic(let p), .leastSquares(let p):
                try encoder.encodeNamed(kind.rawValue, key: "model", settings: p)
            case .mc(let c): try encoder.encodeNamed(kind.rawValue, key: "model", settings: c)
            case .cuts(let c): try encoder.encodeNamed(kind.rawValue, key: "model", settings: c)
            case .network(let kind, let settings):
                try encoder.encodeNamed(kind.rawValue, key: "model", settings: settings)
            }
        }

        public init(from decoder: Decoder) throws {
            let name = try decoder.decodeName(key: "model")
            switch Kind(rawValue: name) {
            case .svm: self = .svm(try LinearSettings(from: decoder))
            case .logistic: self = .logistic(try LinearSettings(from: decoder))
            case .leastSquares: self = .leastSquares(try LinearSettings(from: decoder))
            case .mc: self = .mc(try MatrixCompletion.Configuration(from: decoder))
            case .cuts: self = .cuts(try GraphCutSettings(from: decoder))
            case .some(let kind): self = .network(kind, try NetworkSettings(from: decoder))
            case nil:
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "unknown model '\(name)'"))
            }
        }
    }

    /// Where the data comes from.
    public enum Source: Sendable, Hashable, Codable {
        /// A generator with the shape of one of the paper's data sets; `scale` nil
        /// takes the generator's quick default.
        case synthetic(SyntheticData, scale: Double?)
        /// A LIBSVM/svmlight file, and optionally a separate test file.
        case libsvm(path: String, test: String?)
        /// A ratings-triples file, and optionally a separate test file.
        case ratings(path: String, test: String?)
        /// An edge list and a terminals file.
        case edges(path: String, terminals: String)
        /// A directory of MNIST-format IDX files (Fashion-MNIST, MNIST), plain or .gz.
        case images(directory: String)
        /// A text corpus (any UTF-8 or byte text, plain or .gz).
        case text(path: String)

        private enum Keys: String, CodingKey {
            case synthetic, scale, libsvm, ratings, edges, test, terminals, images, text
        }

        /// Written as one object: `{"synthetic": "rcv1", "scale": 0.1}`, `{"libsvm": PATH, "test": PATH}`, …
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            switch self {
            case .synthetic(let data, let scale):
                try c.encode(data, forKey: .synthetic)
                try c.encodeIfPresent(scale, forKey: .scale)
            case .libsvm(let path, let test):
                try c.encode(path, forKey: .libsvm)
                try c.encodeIfPresent(test, forKey: .test)
            case .ratings(let path, let test):
                try c.encode(path, forKey: .ratings)
                try c.encodeIfPresent(test, forKey: .test)
            case .edges(let path, let terminals):
                try c.encode(path, forKey: .edges)
                try c.encode(terminals, forKey: .terminals)
            case .images(let directory): try c.encode(directory, forKey: .images)
            case .text(let path): try c.encode(path, forKey: .text)
            }
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            if let data = try c.decodeIfPresent(SyntheticData.self, forKey: .synthetic) {
                self = .synthetic(data, scale: try c.decodeIfPresent(Double.self, forKey: .scale))
            } else if let path = try c.decodeIfPresent(String.self, forKey: .libsvm) {
                self = .libsvm(path: path, test: try c.decodeIfPresent(String.self, forKey: .test))
            } else if let path = try c.decodeIfPresent(String.self, forKey: .ratings) {
                self = .ratings(path: path, test: try c.decodeIfPresent(String.self, forKey: .test))
            } else if let directory = try c.decodeIfPresent(String.self, forKey: .images) {
                self = .images(directory: directory)
            } else if let path = try c.decodeIfPresent(String.self, forKey: .text) {
                self = .text(path: path)
            } else {
                self = .edges(
                    path: try c.decode(String.self, forKey: .edges),
                    terminals: try c.decode(String.self, forKey: .terminals))
            }
        }
    }

    public var settings: Settings
    public var source: Source
    /// Share of the training data held out as a test set when no test file is given.
    public var testFraction: Double
    /// Seed of the generator and of the split.
    public var seed: UInt64
    /// Where a LIBSVM file's feature numbers start (nil: told from the file, see
    /// ``LibSVMReader/IndexBase/automatic``).
    public var indexBase: LibSVMReader.IndexBase?

    /// Result files name the settings `model`, as they always have.
    enum CodingKeys: String, CodingKey {
        case settings = "model"
        case source, testFraction, seed, indexBase
    }

    /// `kind` with its default settings, on `source` (default: its synthetic data).
    public init(kind: Kind, source: Source? = nil, testFraction: Double = 0, seed: UInt64 = 1) {
        self.init(settings: Settings(kind: kind), source: source, testFraction: testFraction, seed: seed)
    }

    public init(settings: Settings, source: Source? = nil, testFraction: Double = 0, seed: UInt64 = 1) {
        self.settings = settings
        self.source = source ?? .synthetic(settings.kind.defaultData, scale: nil)
        self.testFraction = testFraction
        self.seed = seed
    }

    /// The workload's name.
    public var kind: Kind { settings.kind }

    /// The generated data set, or nil for data read from files.
    public var syntheticData: SyntheticData? {
        if case .synthetic(let data, _) = source { return data }
        return nil
    }
}

/// Settings of the graph-cut workload.
public struct GraphCutSettings: Sendable, Hashable, Codable {
    /// Labels of a generated DBLife-shaped multiway cut (≥ 2).
    public var labels: Int

    public init(labels: Int = 8) { self.labels = labels }
}

/// Settings of the network workloads; nil takes the model's default (see
/// ``WorkloadCatalog``), so a spec records only what the user chose.
public struct NetworkSettings: Sendable, Hashable, Codable {
    /// Hidden layer sizes (MLP, autoencoder encoder), the recurrent state size, or the CNN's fully connected width.
    public var hidden: [Int]?
    /// The CNN's two convolution widths (default 10, 20: mnist_hogwild's network).
    public var channels: [Int]?
    /// Dropout probability (CNN default 0.5, as mnist_hogwild; MLP default 0).
    public var dropout: Float?
    /// Samples per minibatch (a term); characters models: windows per minibatch.
    public var batch: Int
    /// Characters per window of the character model (the truncation of backpropagation through time).
    public var sequenceLength: Int
    /// Width of the character embedding.
    public var embedding: Int
    /// The autoencoder's normal class: it trains on that class and scores the test set.
    public var normalClass: Int
    /// The autoencoder's code size.
    public var code: Int

    public init(
        hidden: [Int]? = nil, channels: [Int]? = nil, dropout: Float? = nil, batch: Int = 64,
        sequenceLength: Int = 64, embedding: Int = 32, normalClass: Int = 0, code: Int = 32
    ) {
        self.hidden = hidden
        self.channels = channels
        self.dropout = dropout
        self.batch = batch
        self.sequenceLength = sequenceLength
        self.embedding = embedding
        self.normalClass = normalClass
        self.code = code
    }
}
