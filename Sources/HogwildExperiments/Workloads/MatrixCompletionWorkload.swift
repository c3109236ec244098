import HogwildCore
import HogwildData
import HogwildModels

/// Matrix completion with train (and optional test) RMSE.
public struct MatrixCompletionWorkload: Workload {
    public let spec: WorkloadSpec
    public let summary: String
    public let model: MatrixCompletion
    public let test: RatingsDataset?
    public let defaultSchedule: StepSchedule

    public init(spec: WorkloadSpec, summary: String, train: RatingsDataset, test: RatingsDataset?,
                configuration: MatrixCompletion.Configuration, schedule: StepSchedule,
                wholeData: (users: [Int], items: [Int])? = nil) throws {
        self.spec = spec
        self.summary = summary
        model = try MatrixCompletion(data: train, configuration: configuration, wholeData: wholeData)
        self.test = test
        defaultSchedule = schedule
    }

    public func statistics() -> SparsityStatistics { SparsityStatistics(of: model.data) }
    public var memoryFootprint: Int { model.data.memoryFootprint }
    public var trainingTerms: Int { model.data.count }

    /// Each run starts from the same factors (drawn from the spec's seed).
    public func run(scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
                    control: RunControl, onEpoch: (EpochReport) -> Void) throws -> WorkloadRun {
        let x = try model.makeParameters(seed: spec.seed)
        let report = try control.train(model, spec: spec, scheme: scheme, optimizer: optimizer,
                                       configuration: configuration, parameters: x, onEpoch: onEpoch)
        var metrics = ["train_rmse": try model.rootMeanSquaredError(on: model.data, parameters: x)]
        if let test { metrics["test_rmse"] = try model.rootMeanSquaredError(on: test, parameters: x) }
        return WorkloadRun(scheme: scheme, optimizer: optimizer, report: report, metrics: metrics)
    }
}
