/// The synthetic data sets, named after the paper's data whose shape they copy.
///
/// ```swift
/// let spec = WorkloadSpec(kind: .mc, source: .synthetic(.netflix, scale: 0.01))
/// ```
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

    /// Rows of the real RCV1 training set: what `--scale 1` generates.
    public static let rcv1FullRows = 781_265

    /// RCV1-shaped rows at `scale`, to the nearest row (so `rcv1Scale(rows: n)` gives n).
    public static func rcv1Rows(scale: Double) -> Int {
        max(1, Int((Double(rcv1FullRows) * scale).rounded()))
    }

    /// The scale that generates `rows` RCV1-shaped rows.
    public static func rcv1Scale(rows: Int) -> Double { Double(rows) / Double(rcv1FullRows) }

    /// The scale that makes a run take seconds on 2 cores.
    public var quickScale: Double {
        switch self {
        case .rcv1: return Self.rcv1Scale(rows: 100_000)   // 100,000 rows
        case .netflix: return 0.01      // 1.0 M ratings, 48,018 × 1,777
        case .kdd: return 0.004         // 1.0 M ratings, 63,308 × 39,526
        case .jumbo: return 0.0005      // 1.0 M ratings, 223,606 × 223,606
        case .abdomen: return 0.002     // 64 × 64 × 69 voxels, 1.4 M edges
        case .dblife: return 1          // 180,110 mentions, 1.08 M edges
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

    /// The model the data is for (the SVM for RCV1).
    public var model: WorkloadSpec.Kind { WorkloadSpec.Kind.allCases.first { fits($0) }! }
}

/// What can be wrong with a workload description.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    case dataDoesNotFitModel(data: String, model: String)
    case invalidScale(Double)
    case invalidSetting(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .dataDoesNotFitModel(let data, let model):
            return "\(data) data cannot train the \(model) model (svm/logistic/leastSquares take rcv1 or a LIBSVM file; mc takes netflix, kdd, jumbo or a ratings file; cuts take abdomen, dblife or an edge list)"
        case .invalidScale(let s):
            return "scale must be a finite number > 0, got \(s)"
        case .invalidSetting(let name, let value, let expected):
            return "\(name) must be \(expected), got \(value)"
        }
    }
}
