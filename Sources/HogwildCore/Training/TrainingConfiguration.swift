/// Everything a run needs besides the objective, the scheme and the parameters.
///
/// The defaults are the paper's experimental protocol: 20 epochs, a fresh permutation
/// split across workers each epoch, γ0 = 0.05 multiplied by 0.9 after every epoch; and
/// ``defaultThreads`` workers, as `hogwild train` uses.
///
/// ```swift
/// var config = TrainingConfiguration(threads: 4, epochs: 10)
/// config.schedule = .constant(0.01)
/// try config.validate()
/// ```
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Worker threads (1 = serial SGD).
    public var threads: Int
    /// Passes over the terms (each pass makes `termCount` updates in all).
    public var epochs: Int
    /// The step size γ over epochs and updates.
    public var schedule: StepSchedule
    /// How workers pick terms.
    public var sampling: Sampling
    /// The run's seed: the permutations and every worker's generator derive from it.
    public var seed: UInt64
    /// Busy-wait added to every gradient, in nanoseconds (the paper's delay experiment).
    public var delayNanoseconds: Int
    /// Whether to compute the full objective after every epoch (off the clock);
    /// when false only after the last.
    public var evaluateEveryEpoch: Bool
    /// Where the optimizer's per-coordinate state lives (``OptimizerStatePlacement/automatic``
    /// by default: per worker for dense steps, shared for sparse ones).
    public var optimizerState: OptimizerStatePlacement
    /// Limits on each term's gradient before the optimizer (none by default).
    public var clipping: GradientClipping
    /// What happens when an epoch ends diverged (by default the run stops with
    /// ``TrainingError/diverged(_:partial:)``).
    public var divergence: DivergenceGuard
    /// What an epoch reports as its objective (see ``EpochObjective``).
    public var epochObjective: EpochObjective
    /// Ends the run once the objective stops falling (none by default: every epoch runs).
    public var earlyStopping: EarlyStopping?
    /// Runs the workers in lockstep on the calling thread instead of on threads: at
    /// each tick every worker processes the next term of its share, in worker order.
    /// That is T workers on T idle cores at one speed, with the hardware's own lag
    /// taken out: what is left is the lag the scheme introduces (a hot replica's
    /// unmerged steps), deterministically, so a scheme's stability at 32 workers can be
    /// studied on a 2-core machine (where threads would take turns). Off by default;
    /// its times are one core's.
    public var lockstep: Bool

    /// Workers when none are asked for, here and on the command line: 2, so a run is
    /// parallel (HOGWILD!) from the start on any machine. Serial SGD is `threads: 1`.
    public static let defaultThreads = 2

    public init(
        threads: Int = defaultThreads, epochs: Int = 20,
        schedule: StepSchedule = .epochDecay(initial: 0.05, factor: 0.9),
        sampling: Sampling = .epochPermutation, seed: UInt64 = 1,
        delayNanoseconds: Int = 0, evaluateEveryEpoch: Bool = true,
        optimizerState: OptimizerStatePlacement = .automatic, clipping: GradientClipping = GradientClipping(),
        divergence: DivergenceGuard = DivergenceGuard(), epochObjective: EpochObjective = .automatic,
        earlyStopping: EarlyStopping? = nil, lockstep: Bool = false
    ) {
        self.threads = threads
        self.epochs = epochs
        self.schedule = schedule
        self.sampling = sampling
        self.seed = seed
        self.delayNanoseconds = delayNanoseconds
        self.evaluateEveryEpoch = evaluateEveryEpoch
        self.optimizerState = optimizerState
        self.clipping = clipping
        self.divergence = divergence
        self.epochObjective = epochObjective
        self.earlyStopping = earlyStopping
        self.lockstep = lockstep
    }

    private enum CodingKeys: String, CodingKey {
        case threads, epochs, schedule, sampling, seed, delayNanoseconds, evaluateEveryEpoch, optimizerState, clipping,
            divergence, epochObjective, earlyStopping, lockstep
    }

    // Records written before the divergence guard, the epoch objective or lockstep
    // runs existed have none: they get the defaults.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            threads: try c.decode(Int.self, forKey: .threads), epochs: try c.decode(Int.self, forKey: .epochs),
            schedule: try c.decode(StepSchedule.self, forKey: .schedule),
            sampling: try c.decode(Sampling.self, forKey: .sampling),
            seed: try c.decode(UInt64.self, forKey: .seed),
            delayNanoseconds: try c.decode(Int.self, forKey: .delayNanoseconds),
            evaluateEveryEpoch: try c.decode(Bool.self, forKey: .evaluateEveryEpoch),
            optimizerState: try c.decode(OptimizerStatePlacement.self, forKey: .optimizerState),
            clipping: try c.decode(GradientClipping.self, forKey: .clipping),
            divergence: try c.decodeIfPresent(DivergenceGuard.self, forKey: .divergence) ?? DivergenceGuard(),
            epochObjective: try c.decodeIfPresent(EpochObjective.self, forKey: .epochObjective) ?? .automatic,
            earlyStopping: try c.decodeIfPresent(EarlyStopping.self, forKey: .earlyStopping),
            lockstep: try c.decodeIfPresent(Bool.self, forKey: .lockstep) ?? false)
    }

    /// Throws a ``TrainingError`` naming the first setting out of range.
    public func validate() throws(TrainingError) {
        guard threads >= 1 else { throw .invalidThreadCount(threads) }
        guard epochs >= 1 else { throw .invalidEpochCount(epochs) }
        try schedule.validate()
        guard delayNanoseconds >= 0 else {
            throw .invalidParameter(name: "delay", value: Double(delayNanoseconds), expected: "≥ 0 nanoseconds")
        }
        try clipping.validate()
        try divergence.validate()
        try earlyStopping?.validate()
    }
}

/// What an epoch reports as its objective, which the divergence guard checks.
///
/// - `evaluated`: the objective over every term at the epoch's end parameters, computed
///   off the clock (a full pass over the data: the paper's objective).
/// - `trainingLoss`: the mean of the losses the epoch's own steps computed on the way
///   (no extra pass: what PyTorch training loops print; parameters move during the
///   epoch, and dropout is on), for objectives that record them (the networks).
/// - `automatic` (the default): `trainingLoss` where the objective records its losses,
///   `evaluated` otherwise. The objective before the first epoch is always evaluated.
///
/// ```swift
/// var config = TrainingConfiguration(threads: 2, epochs: 15)
/// config.epochObjective = .evaluated      // a network's full training loss every epoch
/// ```
public enum EpochObjective: String, Sendable, Hashable, Codable, CaseIterable {
    case automatic
    case evaluated
    case trainingLoss
}
