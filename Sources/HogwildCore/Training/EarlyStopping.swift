/// Ends a run before its last epoch once the objective stops falling, as
/// scikit-learn's `SGDClassifier(tol=1e-3, n_iter_no_change=5)` does: an epoch that
/// does not lower the best objective so far by more than `tolerance` × |the objective
/// before the first epoch| counts against it, one that does resets the count, and
/// `patience` such epochs in a row end the run. (scikit-learn's `tol` is absolute; a
/// linear model's objective starts at 1 for the hinge loss, so the two agree there,
/// and this one does not depend on the loss's scale.) `epochs` is then a budget, not a count. The objective judged is the one the
/// run reports each epoch (``EpochObjective``).
///
/// ```swift
/// var config = TrainingConfiguration(threads: 2, epochs: 100)
/// config.earlyStopping = EarlyStopping(tolerance: 1e-3, patience: 5)
/// ```
public struct EarlyStopping: Sendable, Hashable, Codable {
    /// The least fall of the best objective, relative to the first, that counts as progress.
    public var tolerance: Double
    /// Epochs in a row without progress that end the run.
    public var patience: Int

    public init(tolerance: Double = 1e-3, patience: Int = 5) {
        self.tolerance = tolerance
        self.patience = patience
    }

    /// Whether a run whose objectives were `objectives` (before the first epoch, then
    /// after each; nil where an epoch was not evaluated) should stop now.
    public func shouldStop(after objectives: [Double?]) -> Bool {
        let known = objectives.compactMap { $0 }
        guard let first = known.first else { return false }
        let threshold = tolerance * abs(first)
        var best = first
        var stale = 0
        for objective in known.dropFirst() {
            stale = objective < best - threshold ? 0 : stale + 1
            best = min(best, objective)
        }
        return stale >= patience
    }

    public func validate() throws(TrainingError) {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw .invalidParameter(name: "early-stopping tolerance", value: tolerance, expected: "finite and ≥ 0")
        }
        guard patience >= 1 else {
            throw .invalidParameter(name: "early-stopping patience", value: Double(patience), expected: "≥ 1 epoch")
        }
    }
}
