/// What happened in one epoch; the trainer hands one to its observer after each.
public struct EpochReport: Sendable, Equatable, Codable {
    /// 1 for the first epoch.
    public var epoch: Int
    /// γ at the start of the epoch.
    public var stepSize: Float
    /// Wall-clock seconds of this epoch's updates (objective evaluation excluded).
    public var seconds: Double
    /// Training seconds so far, this epoch included.
    public var elapsed: Double
    /// Updates (terms processed) this epoch.
    public var updates: Int
    /// Training samples in those terms (more than `updates` when a term is a minibatch).
    public var samples: Int
    /// The objective after the epoch, or `nil` when not evaluated.
    public var objective: Double?
    /// Held-out metrics measured after the epoch by the workload (`test_accuracy`,
    /// `test_bits_per_char`, `test_auc`, …); empty when it measures none per epoch.
    public var metrics: [String: Double]
    /// A distributed run's exchanges this epoch (then `updates` and `samples` count
    /// every rank's); nil in one process.
    public var exchange: ExchangeReport?

    public init(
        epoch: Int, stepSize: Float, seconds: Double, elapsed: Double, updates: Int, samples: Int,
        objective: Double?, metrics: [String: Double] = [:], exchange: ExchangeReport? = nil
    ) {
        self.metrics = metrics
        self.exchange = exchange
        self.epoch = epoch
        self.stepSize = stepSize
        self.seconds = seconds
        self.elapsed = elapsed
        self.updates = updates
        self.samples = samples
        self.objective = objective
    }

    private enum CodingKeys: String, CodingKey {
        case epoch, stepSize, seconds, elapsed, updates, samples, objective, metrics, exchange
    }

    // Files written before per-epoch metrics existed have none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            epoch: try c.decode(Int.self, forKey: .epoch), stepSize: try c.decode(Float.self, forKey: .stepSize),
            seconds: try c.decode(Double.self, forKey: .seconds), elapsed: try c.decode(Double.self, forKey: .elapsed),
            updates: try c.decode(Int.self, forKey: .updates), samples: try c.decode(Int.self, forKey: .samples),
            objective: try c.decodeIfPresent(Double.self, forKey: .objective),
            metrics: try c.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:],
            exchange: try c.decodeIfPresent(ExchangeReport.self, forKey: .exchange))
    }

    /// `updates / seconds`.
    public var updatesPerSecond: Double { seconds > 0 ? Double(updates) / seconds : 0 }
    /// `samples / seconds`.
    public var samplesPerSecond: Double { seconds > 0 ? Double(samples) / seconds : 0 }
}

/// The outcome of a run.
public struct TrainingReport: Sendable, Equatable, Codable {
    public var scheme: SchemeKind
    /// The optimizer's name (`sgd`, `adam`, …).
    public var optimizer: String
    public var configuration: TrainingConfiguration
    /// One entry per completed epoch.
    public var epochs: [EpochReport]
    /// The objective before the first update.
    public var initialObjective: Double
    /// The objective after the last completed epoch.
    public var finalObjective: Double
    /// True when a stop request ended the run before its last epoch.
    public var stoppedEarly: Bool
    /// What the scheme chose for the run (``HotReplicas``: `hotCoordinates`, `mergeInterval`).
    public var schemeParameters: [String: Int]
    /// The divergence that ended the run under ``DivergenceGuard/Policy/record``.
    public var divergence: Divergence?
    /// The retries of ``DivergenceGuard/Policy/backoff(retries:)``, in order.
    public var backoffs: [Backoff]
    /// Under ``EarlyStopping``: the epoch (1-based) whose parameters the run kept, the
    /// one with the lowest objective, when that is not the last epoch run.
    public var keptEpoch: Int?

    public init(
        scheme: SchemeKind, optimizer: String, configuration: TrainingConfiguration, epochs: [EpochReport],
        initialObjective: Double, finalObjective: Double, stoppedEarly: Bool,
        schemeParameters: [String: Int] = [:], divergence: Divergence? = nil, backoffs: [Backoff] = []
    ) {
        self.scheme = scheme
        self.optimizer = optimizer
        self.configuration = configuration
        self.epochs = epochs
        self.initialObjective = initialObjective
        self.finalObjective = finalObjective
        self.stoppedEarly = stoppedEarly
        self.schemeParameters = schemeParameters
        self.divergence = divergence
        self.backoffs = backoffs
    }

    private enum CodingKeys: String, CodingKey {
        case scheme, optimizer, configuration, epochs, initialObjective, finalObjective, stoppedEarly, schemeParameters
        case divergence, backoffs, keptEpoch
    }

    // Records written before the divergence guard or early stopping existed lack their fields.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            scheme: try c.decode(SchemeKind.self, forKey: .scheme),
            optimizer: try c.decode(String.self, forKey: .optimizer),
            configuration: try c.decode(TrainingConfiguration.self, forKey: .configuration),
            epochs: try c.decode([EpochReport].self, forKey: .epochs),
            initialObjective: try c.decode(Double.self, forKey: .initialObjective),
            finalObjective: try c.decode(Double.self, forKey: .finalObjective),
            stoppedEarly: try c.decode(Bool.self, forKey: .stoppedEarly),
            schemeParameters: try c.decode([String: Int].self, forKey: .schemeParameters),
            divergence: try c.decodeIfPresent(Divergence.self, forKey: .divergence),
            backoffs: try c.decodeIfPresent([Backoff].self, forKey: .backoffs) ?? [])
        keptEpoch = try c.decodeIfPresent(Int.self, forKey: .keptEpoch)
    }

    /// Training seconds, all epochs together.
    public var seconds: Double { epochs.last?.elapsed ?? 0 }
    /// Updates, all epochs together.
    public var updates: Int { epochs.reduce(0) { $0 + $1.updates } }
    /// Updates per second over the whole run.
    public var updatesPerSecond: Double { seconds > 0 ? Double(updates) / seconds : 0 }
    /// Samples, all epochs together.
    public var samples: Int { epochs.reduce(0) { $0 + $1.samples } }
    /// Samples per second over the whole run.
    public var samplesPerSecond: Double { seconds > 0 ? Double(samples) / seconds : 0 }
}
