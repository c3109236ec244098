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
        resume: TrainingProgress? = nil, stop: StopSignal? = nil, exchange: (any ParameterExchange)? = nil,
        onProgress: ProgressObserver? = nil,
        onEpoch: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> TrainingReport {
        if case .sgd(let sgd) = optimizer {
            return try run(objective, scheme: scheme, rule: sgd, configuration: configuration, parameters: parameters,
                           state: state, resume: resume, stop: stop, exchange: exchange, onProgress: onProgress, onEpoch: onEpoch)
        }
        return try run(objective, scheme: scheme, rule: optimizer, configuration: configuration, parameters: parameters,
                       state: state, resume: resume, stop: stop, exchange: exchange, onProgress: onProgress, onEpoch: onEpoch)
    }

    @inlinable
    static func run<O: Objective, Opt: Optimizer>(
        _ objective: O, scheme: SchemeChoice, rule: Opt, configuration: TrainingConfiguration,
        parameters: SharedParameters, state: OptimizerState?, resume: TrainingProgress?, stop: StopSignal?,
        exchange: (any ParameterExchange)?, onProgress: ProgressObserver?, onEpoch: (EpochReport) -> Void
    ) throws(TrainingError) -> TrainingReport {
        try scheme.validate()
        func start<S: UpdateScheme>(_ scheme: S) throws(TrainingError) -> TrainingReport {
            try Trainer(objective: objective, scheme: scheme, optimizer: rule, configuration: configuration)
                .run(on: parameters, state: state, resume: resume, stop: stop, exchange: exchange, onProgress: onProgress, onEpoch: onEpoch)
        }
        switch scheme {
        case .hogwild: return try start(PlainHogwild())
        case .hogwildAtomic: return try start(HogwildAtomic())
        case .coordinateLocks: return try start(CoordinateLocks())
        case .roundRobin: return try start(RoundRobin())
        case .globalLock: return try start(GlobalLock())
        case .hotReplicas(let settings): return try start(HotReplicas(settings: settings))
        }
    }
}
