import HogwildCore
import HogwildData
import HogwildModels

/// What to train, as the command line and the experiment recipes describe it: the
/// model, where its data comes from, and the model's settings.
///
/// ```swift
/// var spec = WorkloadSpec(kind: .mc)                       // Netflix-shaped synthetic data
/// spec.source = .ratings(path: "ratings.csv", test: nil)    // or a real file
/// let workload = try WorkloadCatalog.make(spec)
/// ```
public struct WorkloadSpec: Sendable, Hashable {
    /// The model.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case svm, logistic, leastSquares, mc, cuts

        /// The synthetic data this model trains on by default.
        public var defaultData: SyntheticData {
            switch self {
            case .svm, .logistic, .leastSquares: return .rcv1
            case .mc: return .netflix
            case .cuts: return .abdomen
            }
        }
    }

    /// Where the data comes from.
    public enum Source: Sendable, Hashable {
        /// A generator with the shape of one of the paper's data sets; `scale` nil
        /// takes the generator's quick default.
        case synthetic(SyntheticData, scale: Double?)
        /// A LIBSVM/svmlight file, and optionally a separate test file.
        case libsvm(path: String, test: String?)
        /// A ratings-triples file, and optionally a separate test file.
        case ratings(path: String, test: String?)
        /// An edge list and a terminals file.
        case edges(path: String, terminals: String)
    }

    public var kind: Kind
    public var source: Source
    /// Share of the training data held out as a test set when no test file is given.
    public var testFraction: Double
    /// Seed of the generator and of the split.
    public var seed: UInt64
    /// Linear models' penalty.
    public var regularization: LinearRegularization
    /// Matrix completion's settings.
    public var matrixCompletion: MatrixCompletion.Configuration
    /// Labels of the DBLife-shaped multiway cut.
    public var labels: Int

    public init(kind: Kind, source: Source? = nil, testFraction: Double = 0, seed: UInt64 = 1,
                regularization: LinearRegularization = LinearRegularization(),
                matrixCompletion: MatrixCompletion.Configuration = MatrixCompletion.Configuration(),
                labels: Int = 8) {
        self.kind = kind
        self.source = source ?? .synthetic(kind.defaultData, scale: nil)
        self.testFraction = testFraction
        self.seed = seed
        self.regularization = regularization
        self.matrixCompletion = matrixCompletion
        self.labels = labels
    }
}

/// The synthetic data sets, named after the paper's data whose shape they copy.
public enum SyntheticData: String, Sendable, CaseIterable, Codable {
    case rcv1, netflix, kdd, jumbo, abdomen, dblife

    /// The paper's data set.
    public var paperName: String {
        switch self {
        case .rcv1: return "RCV1"
        case .netflix: return "Netflix"
        case .kdd: return "KDD"
        case .jumbo: return "Jumbo"
        case .abdomen: return "Abdomen"
        case .dblife: return "DBLife"
        }
    }

    /// The scale that makes a run take seconds on 2 cores.
    public var quickScale: Double {
        switch self {
        case .rcv1: return 0.128        // 100,000 rows
        case .netflix: return 0.01      // 1.0 M ratings, 48,018 × 1,777
        case .kdd: return 0.004         // 1.0 M ratings, 63,308 × 39,526
        case .jumbo: return 0.0005      // 1.0 M ratings, 223,606 × 223,606
        case .abdomen: return 0.002     // 52 × 52 × 56 voxels, 0.45 M edges
        case .dblife: return 1          // 180,110 mentions, ~0.7 M edges
        }
    }

    /// Which models can train on it.
    public func fits(_ kind: WorkloadSpec.Kind) -> Bool {
        switch self {
        case .rcv1: return [.svm, .logistic, .leastSquares].contains(kind)
        case .netflix, .kdd, .jumbo: return kind == .mc
        case .abdomen, .dblife: return kind == .cuts
        }
    }
}

/// What can be wrong with a workload description.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    case dataDoesNotFitModel(data: String, model: String)
    case invalidScale(Double)

    public var description: String {
        switch self {
        case .dataDoesNotFitModel(let data, let model):
            return "\(data) data cannot train the \(model) model (svm/logistic/leastSquares take rcv1 or a LIBSVM file; mc takes netflix, kdd, jumbo or a ratings file; cuts take abdomen, dblife or an edge list)"
        case .invalidScale(let s):
            return "scale must be a finite number > 0, got \(s)"
        }
    }
}
