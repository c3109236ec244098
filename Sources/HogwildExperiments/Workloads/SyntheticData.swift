import HogwildData

/// The synthetic data sets, named after the paper's data whose shape they copy.
///
/// ```swift
/// let spec = WorkloadSpec(kind: .mc, source: .synthetic(.netflix, scale: 0.01))
/// ```
public enum SyntheticData: String, Sendable, CaseIterable, Codable {
    /// RCV1-shaped rows with the paper's sparsity (ρ ≈ 0.44; ``RCV1Generator/paper(rows:seed:)``).
    case rcv1
    /// RCV1-shaped rows with real text's word-frequency skew: a feature in 99% of rows
    /// (``RCV1Generator/hot(rows:seed:)``; the `rcv1` of results before 2026-12-06).
    case rcv1Hot = "rcv1-hot"
    case netflix, kdd, jumbo, abdomen, dblife
    /// Fashion-MNIST-shaped images (28×28, 10 classes of blob patterns): scale 1 is
    /// 60,000 training and 10,000 test images, as the real set.
    case images
    /// Generated text (made-up words in sentences): scale 1 is 4 MB.
    case text

    /// The paper's data set.
    public var paperName: String {
        switch self {
        case .rcv1: return "RCV1"
        case .rcv1Hot: return "RCV1 (hot)"
        case .netflix: return "Netflix"
        case .kdd: return "KDD"
        case .jumbo: return "Jumbo"
        case .abdomen: return "Abdomen"
        case .dblife: return "DBLife"
        case .images: return "Fashion-MNIST"
        case .text: return "Text"
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

    /// Memory the generated set needs at `scale` while it is made, with a margin: the
    /// data (8 bytes a non-zero or 12 a rating or edge, 4 a pixel) twice over, as the
    /// generators and the renumbering peak below that.
    public func estimatedPeakBytes(scale: Double) -> Double {
        let bytes: Double
        switch self {
        case .rcv1, .rcv1Hot: bytes = Double(Self.rcv1FullRows) * scale * (75 * 1.05 * 8 + 16)
        case .netflix: bytes = 100_198_805 * scale * 12
        case .kdd: bytes = 252_800_275 * scale * 12
        case .jumbo: bytes = 2e9 * scale * 12
        case .abdomen: bytes = 7e8 * scale * 16
        case .dblife: bytes = 1.08e6 * scale * 16
        case .images: bytes = 70_000 * scale * 785 * 4
        case .text: bytes = 4e6 * scale * 8
        }
        return 2 * bytes
    }

    /// The scale that makes a run take seconds on 2 cores.
    public var quickScale: Double {
        switch self {
        case .rcv1, .rcv1Hot: return Self.rcv1Scale(rows: 100_000)  // 100,000 rows
        case .netflix: return 0.01  // 1.0 M ratings, 48,018 × 1,777
        case .kdd: return 0.004  // 1.0 M ratings, 63,308 × 39,526
        case .jumbo: return 0.0005  // 1.0 M ratings, 223,606 × 223,606
        case .abdomen: return 0.002  // 64 × 64 × 69 voxels, 1.4 M edges
        case .dblife: return 1  // 180,110 mentions, 1.08 M edges
        case .images: return 0.1  // 6,000 + 1,000 images
        case .text: return 0.05  // 200 kB
        }
    }

    /// The generator of this RCV1 shape (nil for the other data).
    public func rcv1Generator(rows: Int, seed: UInt64) -> RCV1Generator? {
        switch self {
        case .rcv1: return .paper(rows: rows, seed: seed)
        case .rcv1Hot: return .hot(rows: rows, seed: seed)
        default: return nil
        }
    }

    /// Which models can train on it.
    public func fits(_ kind: WorkloadSpec.Kind) -> Bool {
        switch self {
        case .rcv1, .rcv1Hot: return [.svm, .logistic, .leastSquares].contains(kind)
        case .netflix, .kdd, .jumbo: return kind == .mc
        case .abdomen, .dblife: return kind == .cuts
        case .images: return [.mlp, .cnn, .softmax, .lstm, .gru, .rnn, .autoencoder].contains(kind)
        case .text: return [.lstm, .gru, .rnn].contains(kind)
        }
    }

    /// The workload the data is for (the SVM for RCV1).
    public var workload: WorkloadSpec.Kind { WorkloadSpec.Kind.allCases.first { fits($0) }! }
}

/// What can be wrong with a workload description.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    case dataDoesNotFitModel(data: String, model: String)
    case invalidScale(Double)
    case invalidSetting(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .dataDoesNotFitModel(let data, let model):
            return
                "\(data) data cannot train the \(model) model (svm/logistic/leastSquares take rcv1, rcv1-hot or a LIBSVM file; "
                + "mc takes netflix, kdd, jumbo or a ratings file; cuts take abdomen, dblife or an edge list; "
                + "mlp, cnn, softmax and autoencoder take images or an IDX directory; lstm, gru and rnn take "
                + "text or a text file (a character model), or images or an IDX directory (a row-by-row "
                + "classifier))"
        case .invalidScale(let s):
            return "scale must be a finite number > 0, got \(s)"
        case .invalidSetting(let name, let value, let expected):
            return "\(name) must be \(expected), got \(value)"
        }
    }
}
