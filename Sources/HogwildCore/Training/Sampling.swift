/// How workers pick terms.
///
/// ```swift
/// var config = TrainingConfiguration()
/// config.sampling = .withReplacement
/// ```
public enum Sampling: String, Sendable, Equatable, Codable, CaseIterable {
    /// A fresh random permutation of all terms every epoch, cut into one contiguous
    /// share per worker: each term is visited exactly once an epoch (the paper's
    /// experiments, without replacement).
    case epochPermutation
    /// Each worker draws its share of terms uniformly at random with replacement
    /// (the paper's analysis).
    case withReplacement
}
