import HogwildCore
import HogwildData
import HogwildModels

/// Matrix completion with train (and optional test) RMSE.
public struct MatrixCompletionWorkload: Workload {
    public let spec: WorkloadSpec
    public let summary: String
    public let objective: MatrixCompletion
    public let test: RatingsDataset?
    public let defaultSchedule: StepSchedule

    public init(
        spec: WorkloadSpec, summary: String, train: RatingsDataset, test: RatingsDataset?,
        configuration: MatrixCompletion.Configuration, schedule: StepSchedule,
        wholeData: (users: [Int], items: [Int])? = nil
    ) throws {
        self.spec = spec
        self.summary = summary
        objective = try MatrixCompletion(data: train, configuration: configuration, wholeData: wholeData)
        self.test = test
        defaultSchedule = schedule
    }

    public func statistics() -> SparsityStatistics { SparsityStatistics(of: objective.data) }
    public var memoryFootprint: Int { objective.data.memoryFootprint }
    public var trainingTerms: Int { objective.data.count }

    /// Each run starts from the same factors (drawn from the spec's seed).
    public func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        control: RunControl, onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun {
        let x = try objective.makeParameters(seed: spec.seed)
        let report = try control.train(
            objective, spec: spec, scheme: scheme, optimizer: optimizer,
            configuration: configuration, parameters: x, onEpoch: onEpoch)
        var metrics = ["train_rmse": try objective.rootMeanSquaredError(on: objective.data, parameters: x)]
        if let test { metrics["test_rmse"] = try objective.rootMeanSquaredError(on: test, parameters: x) }
        return WorkloadRun(
            scheme: scheme, optimizer: optimizer, report: report, metrics: metrics,
            model: .factors(objective.model(parameters: x)))
    }
}
