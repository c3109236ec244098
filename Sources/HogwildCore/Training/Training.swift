/// Run-time choice of scheme and optimizer: the entry point for the command line and
/// for callers that pick them from a setting. Dispatches once to the generic
/// ``Trainer``, so the hot loop is specialized for the chosen scheme (and, for plain
/// SGD, the paper's rule, for the optimizer too; other rules run through
/// ``OptimizerChoice``, one switch per coordinate).
///
/// ```swift
/// let x = try SharedParameters(count: svm.dimension)
/// let report = try Training.run(svm, scheme: .coordinateLocks, optimizer: .adagrad(AdaGrad()),
///                               configuration: TrainingConfiguration(threads: 4), parameters: x)
/// ```
public enum Training {
    @inlinable
    public static func run<O: Objective>(
        _ objective: O, scheme: SchemeChoice, optimizer: OptimizerChoice = .sgd(SGD()),
        configuration: TrainingConfiguration, parameters: SharedParameters, state: OptimizerState? = nil,
        stop: StopSignal? = nil, onEpoch: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> TrainingReport {
        if case .sgd(let sgd) = optimizer {
            return try run(objective, scheme: scheme, rule: sgd, configuration: configuration, parameters: parameters,
                           state: state, stop: stop, onEpoch: onEpoch)
        }
        return try run(objective, scheme: scheme, rule: optimizer, configuration: configuration, parameters: parameters,
                       state: state, stop: stop, onEpoch: onEpoch)
    }

    @inlinable
    static func run<O: Objective, Opt: Optimizer>(
        _ objective: O, scheme: SchemeChoice, rule: Opt, configuration: TrainingConfiguration,
        parameters: SharedParameters, state: OptimizerState?, stop: StopSignal?, onEpoch: (EpochReport) -> Void
    ) throws(TrainingError) -> TrainingReport {
        try scheme.validate()
        switch scheme {
        case .hogwild:
            return try Trainer(objective: objective, scheme: PlainHogwild(), optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, stop: stop, onEpoch: onEpoch)
        case .hogwildAtomic:
            return try Trainer(objective: objective, scheme: HogwildAtomic(), optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, stop: stop, onEpoch: onEpoch)
        case .coordinateLocks:
            return try Trainer(objective: objective, scheme: CoordinateLocks(), optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, stop: stop, onEpoch: onEpoch)
        case .roundRobin:
            return try Trainer(objective: objective, scheme: RoundRobin(), optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, stop: stop, onEpoch: onEpoch)
        case .globalLock:
            return try Trainer(objective: objective, scheme: GlobalLock(), optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, stop: stop, onEpoch: onEpoch)
        case .hotReplicas(let settings):
            return try Trainer(objective: objective, scheme: HotReplicas(settings: settings), optimizer: rule,
                               configuration: configuration)
                .run(on: parameters, state: state, stop: stop, onEpoch: onEpoch)
        }
    }
}
