/// A trainer whose scheme and optimizer are chosen at run time (by name, from a
/// setting): what the command line, sweeps and comparisons use. ``run(on:state:hooks:onEpoch:)``
/// dispatches once to the generic ``Trainer``, so the hot loop is specialized for the
/// chosen scheme, and for plain SGD, AdaGrad and momentum for the optimizer too; other rules run
/// through ``OptimizerChoice``.
///
/// Use ``Trainer`` when the scheme and optimizer are known where the code is written.
///
/// ```swift
/// let trainer = try AnyTrainer(objective: svm, scheme: .coordinateLocks, optimizer: OptimizerChoice(AdaGrad()),
///                              configuration: TrainingConfiguration(threads: 4))
/// let report = try trainer.run(on: x)
/// ```
public struct AnyTrainer<O: Objective>: Sendable {
    public let objective: O
    public let scheme: SchemeChoice
    public let optimizer: OptimizerChoice
    public let configuration: TrainingConfiguration

    /// Validates the choices and `configuration` against `objective`; throws
    /// ``TrainingError`` naming the first problem.
    @inlinable
    public init(
        objective: O, scheme: SchemeChoice, optimizer: OptimizerChoice = .sgd,
        configuration: TrainingConfiguration
    ) throws(TrainingError) {
        try scheme.validate()
        try scheme.scheme.checkSupport(for: objective, configuration: configuration)
        // The generic trainer's checks, made now rather than when the run starts.
        _ = try Trainer(
            objective: objective, scheme: RelaxedHogwild(), optimizer: optimizer, configuration: configuration)
        self.objective = objective
        self.scheme = scheme
        self.optimizer = optimizer
        self.configuration = configuration
    }

    /// Trains `parameters` in place and reports, as ``Trainer/run(on:state:hooks:onEpoch:)``.
    @inlinable
    public func run(
        on parameters: SharedParameters, state: OptimizerState? = nil, hooks: RunHooks = RunHooks(),
        onEpoch: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> TrainingReport {
        // The one switch over rules: the paper's SGD, AdaGrad (the rule for sparse data)
        // and momentum, specialized all the way down; the others step through
        // `OptimizerChoice` (one indirect call per term's entries: sparse momentum ran
        // 0.86× through it, AdaGrad 0.80×). Each case here costs a specialized trainer
        // per objective and scheme in every build.
        switch optimizer.rule {
        case let rule as SGD: return try run(rule: rule, on: parameters, state: state, hooks: hooks, onEpoch: onEpoch)
        case let rule as AdaGrad:
            return try run(rule: rule, on: parameters, state: state, hooks: hooks, onEpoch: onEpoch)
        case let rule as Momentum:
            return try run(rule: rule, on: parameters, state: state, hooks: hooks, onEpoch: onEpoch)
        default: break
        }
        return try run(rule: optimizer, on: parameters, state: state, hooks: hooks, onEpoch: onEpoch)
    }

    @inlinable
    func run<Opt: Optimizer>(
        rule: Opt, on parameters: SharedParameters, state: OptimizerState?, hooks: RunHooks,
        onEpoch: (EpochReport) -> Void
    ) throws(TrainingError) -> TrainingReport {
        func start<S: UpdateScheme>(_ scheme: S) throws(TrainingError) -> TrainingReport {
            try Trainer(objective: objective, scheme: scheme, optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, hooks: hooks, onEpoch: onEpoch)
        }
        // The one switch over schemes: each case specializes the hot loop for its scheme.
        // A scheme of the catalog without a case here runs too, unspecialized.
        switch scheme.scheme {
        case let s as RelaxedHogwild: return try start(s)
        case let s as AtomicHogwild: return try start(s)
        case let s as CoordinateLocks: return try start(s)
        case let s as RoundRobin: return try start(s)
        case let s as GlobalLock: return try start(s)
        case let s as HotReplicas: return try start(s)
        case let s as AutomaticScheme: return try start(s)
        case let s as ConflictFree: return try start(s)
        case let other: return try start(other)
        }
    }
}
