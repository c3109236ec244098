import HogwildSupport

/// What the trainer does when a run diverges: an epoch that ends with a non-finite
/// objective or parameter, or an objective that has grown `explosionFactor` times past
/// where it started.
///
/// The check runs after every epoch, off the clock: the objective when the epoch
/// evaluates it, and always a scan of the parameters for NaN and ±∞ (one pass over the
/// buffer, cheap beside an epoch), so a run that evaluates only at the end still stops
/// in the epoch that broke it.
///
/// ```swift
/// var config = TrainingConfiguration(threads: 4)
/// config.divergence = DivergenceGuard(policy: .backoff(retries: 3))   // halve γ and retry the epoch
/// ```
public struct DivergenceGuard: Sendable, Hashable, Codable {
    public enum Policy: Sendable, Hashable, Codable {
        /// Stop at once: ``Trainer/run(on:state:hooks:onEpoch:)`` throws
        /// ``TrainingError/diverged(_:partial:)`` with the epochs run so far.
        case stop
        /// Restore the parameters and optimizer state from before the epoch, halve the
        /// step size for the rest of the run and run the epoch again; after `retries`
        /// such retries in one run, stop as ``stop`` does.
        case backoff(retries: Int)
        /// End the run at the diverged epoch and return its report with
        /// ``TrainingReport/divergence`` set: for sweeps, where one diverged run must not
        /// lose the others.
        case record

        /// Whether the trainer must keep the state from before each epoch.
        public var restores: Bool {
            if case .backoff = self { return true }
            return false
        }
    }

    public var policy: Policy
    /// An objective above this multiple of the starting one (or of 1, when the start is
    /// smaller) counts as diverged.
    public var explosionFactor: Double

    public init(policy: Policy = .stop, explosionFactor: Double = 1e4) {
        self.policy = policy
        self.explosionFactor = explosionFactor
    }

    public func validate() throws(TrainingError) {
        guard explosionFactor.isFinite, explosionFactor > 1 else {
            throw .invalidParameter(name: "explosion factor", value: explosionFactor, expected: "a finite number > 1")
        }
        if case .backoff(let retries) = policy, retries < 1 || retries > 30 {
            throw .invalidParameter(
                name: "divergence retries", value: Double(retries), expected: "an integer in 1...30")
        }
    }

    /// Why the state after an epoch counts as diverged, or nil when it does not.
    public func problem(objective: Double?, initialObjective: Double, parameters: UnsafeParameterMemory) -> String? {
        if let objective {
            if !objective.isFinite { return "the objective is \(objective.isNaN ? "nan" : "\(objective)")" }
            let limit = explosionFactor * max(abs(initialObjective), 1)
            if objective > limit {
                return
                    "the objective \(Number.readable(objective)) exceeds \(Number.readable(explosionFactor))× the "
                    + "starting \(Number.readable(initialObjective))"
            }
        }
        if let bad = Self.firstNonFinite(parameters) {
            return "parameter \(bad.index) is \(bad.value.isNaN ? "nan" : "\(bad.value)")"
        }
        return nil
    }

    /// The first NaN or infinite coordinate, if any.
    static func firstNonFinite(_ memory: UnsafeParameterMemory) -> (index: Int, value: Float)? {
        // Between epochs no worker writes: plain reads are race-free here.
        let base = memory.floats
        // Summing x·0 makes every non-finite coordinate a NaN in the sum: one vectorizable
        // pass, and a second to find which only when there is one.
        var probe: Float = 0
        for i in 0..<memory.count { probe += base[i] * 0 }
        guard probe.isNaN else { return nil }
        for i in 0..<memory.count where !base[i].isFinite { return (i, base[i]) }
        return nil
    }
}

/// A diverged epoch, as the trainer found it.
public struct Divergence: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The epoch (from 1) after which the check failed.
    public var epoch: Int
    public var scheme: SchemeKind
    public var optimizer: String
    /// γ in that epoch.
    public var stepSize: Float
    /// The last finite objective before it (the starting one if none).
    public var lastFiniteObjective: Double
    /// What was wrong ("the objective is nan", "parameter 17 is inf", …).
    public var problem: String

    public init(
        epoch: Int, scheme: SchemeKind, optimizer: String, stepSize: Float, lastFiniteObjective: Double, problem: String
    ) {
        self.epoch = epoch
        self.scheme = scheme
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.lastFiniteObjective = lastFiniteObjective
        self.problem = problem
    }

    public var description: String {
        "diverged in epoch \(epoch) (scheme \(scheme.rawValue), optimizer \(optimizer), step size \(Number.readable(Double(stepSize)))): "
            + "\(problem); the last finite objective was \(Number.readable(lastFiniteObjective))"
    }
}

/// One retry of ``DivergenceGuard/Policy/backoff(retries:)``: the epoch that diverged,
/// why, and the step-size multiplier from then on.
public struct Backoff: Sendable, Hashable, Codable {
    public var epoch: Int
    public var problem: String
    public var stepScale: Float

    public init(epoch: Int, problem: String, stepScale: Float) {
        self.epoch = epoch
        self.problem = problem
        self.stepScale = stepScale
    }
}
