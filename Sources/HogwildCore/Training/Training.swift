/// Run-time choice of scheme: the entry point for the command line and for callers
/// that pick the scheme from a setting. Dispatches once to the generic ``Trainer``,
/// so the hot loop is still specialized for the chosen scheme.
///
/// ```swift
/// let x = try SharedParameters(count: svm.dimension)
/// let report = try Training.run(svm, scheme: .coordinateLocks,
///                               configuration: TrainingConfiguration(threads: 4), parameters: x)
/// ```
public enum Training {
    @inlinable
    public static func run<O: Objective>(
        _ objective: O, scheme: SchemeKind, configuration: TrainingConfiguration,
        parameters: SharedParameters, stop: StopSignal? = nil,
        onEpoch: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> TrainingReport {
        switch scheme {
        case .hogwild:
            return try Trainer(objective: objective, scheme: Hogwild(), configuration: configuration)
                .run(on: parameters, stop: stop, onEpoch: onEpoch)
        case .hogwildAtomic:
            return try Trainer(objective: objective, scheme: HogwildAtomic(), configuration: configuration)
                .run(on: parameters, stop: stop, onEpoch: onEpoch)
        case .coordinateLocks:
            return try Trainer(objective: objective, scheme: CoordinateLocks(), configuration: configuration)
                .run(on: parameters, stop: stop, onEpoch: onEpoch)
        case .roundRobin:
            return try Trainer(objective: objective, scheme: RoundRobin(), configuration: configuration)
                .run(on: parameters, stop: stop, onEpoch: onEpoch)
        case .globalLock:
            return try Trainer(objective: objective, scheme: GlobalLock(), configuration: configuration)
                .run(on: parameters, stop: stop, onEpoch: onEpoch)
        case .hotReplicas:
            return try Trainer(objective: objective, scheme: HotReplicas(settings: configuration.hotReplicas),
                               configuration: configuration)
                .run(on: parameters, stop: stop, onEpoch: onEpoch)
        }
    }
}
