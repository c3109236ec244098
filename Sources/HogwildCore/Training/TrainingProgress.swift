/// Where a run stands between two epochs: everything besides the parameters and the
/// optimizer state that a resumed run needs to go on exactly as if it had never
/// stopped.
///
/// The random streams are not in it because they need not be: the trainer derives each
/// worker's sampling and context generator of epoch k from the run's seed and k, and
/// its update count from k and its share, and replays the k permutation shuffles before
/// epoch k (cheap beside training), so the epoch count *is* the streams' position. A checkpoint is
/// this value, the configuration, the parameters and the optimizer state
/// (``TrainingCheckpoint``).
///
/// ```swift
/// var saved: TrainingProgress?
/// _ = try trainer.run(on: x, state: state, hooks: RunHooks(onProgress: ProgressObserver { saved = $0 }))
/// // later, with x and state restored:
/// let report = try trainer.run(on: x, state: state, hooks: RunHooks(resume: saved))
/// ```
public struct TrainingProgress: Sendable, Equatable, Codable {
    /// Epochs finished (and passed by the divergence guard).
    public var epochsCompleted: Int
    /// Their reports, in order.
    public var epochs: [EpochReport]
    /// The objective before the first update of the whole run.
    public var initialObjective: Double
    /// The step-size multiplier left by divergence backoffs (1 when none).
    public var stepScale: Float
    /// Every backoff so far.
    public var backoffs: [Backoff]

    public init(
        epochsCompleted: Int, epochs: [EpochReport], initialObjective: Double, stepScale: Float = 1,
        backoffs: [Backoff] = []
    ) {
        self.epochsCompleted = epochsCompleted
        self.epochs = epochs
        self.initialObjective = initialObjective
        self.stepScale = stepScale
        self.backoffs = backoffs
    }

    /// Training seconds so far.
    public var elapsed: Double { epochs.last?.elapsed ?? 0 }

    /// The last finite objective measured (the starting one if none).
    public var lastFiniteObjective: Double {
        epochs.reversed().lazy.compactMap(\.objective).first(where: \.isFinite) ?? initialObjective
    }

    /// Checks it against a run of `configuration`: throws when it has more epochs than
    /// the run asks for, or is not a progress a trainer could have made.
    public func validate(for configuration: TrainingConfiguration) throws(TrainingError) {
        guard epochsCompleted >= 0, epochs.count == epochsCompleted else {
            throw .stateMismatch("the saved progress lists \(epochs.count) epochs but claims \(epochsCompleted)")
        }
        guard epochsCompleted <= configuration.epochs else {
            throw .stateMismatch(
                "the saved run has already done \(epochsCompleted) epochs, more than the \(configuration.epochs) "
                    + "asked for"
            )
        }
        guard stepScale.isFinite, stepScale > 0, stepScale <= 1 else {
            throw .stateMismatch("the saved step-size multiplier \(stepScale) is not in (0, 1]")
        }
    }
}

/// Sees a run's ``TrainingProgress`` after every good epoch (and every backoff), on the
/// trainer's thread while no worker runs: where checkpoints are written. A type rather
/// than a bare closure so that a trailing closure after `run(…)` stays the epoch
/// observer.
///
/// ```swift
/// let observer = ProgressObserver { progress in try? checkpoint(progress) }
/// ```
public struct ProgressObserver {
    public let body: (TrainingProgress) -> Void
    public init(_ body: @escaping (TrainingProgress) -> Void) { self.body = body }
}
