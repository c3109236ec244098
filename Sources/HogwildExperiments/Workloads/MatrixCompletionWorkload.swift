import HogwildCore
import HogwildData
import HogwildModels

/// Matrix completion with train (and optional test) RMSE.
public struct MatrixCompletionWorkload: Workload {
    public let name: String
    public let summary: String
    public let model: MatrixCompletion
    public let test: RatingsDataset?
    public let defaultSchedule: StepSchedule
    /// Seed of the initial factors (each run starts from the same point).
    public let initialSeed: UInt64

    public init(name: String = "mc", summary: String, train: RatingsDataset, test: RatingsDataset?,
                configuration: MatrixCompletion.Configuration, schedule: StepSchedule, initialSeed: UInt64 = 1) throws {
        self.name = name
        self.summary = summary
        model = try MatrixCompletion(data: train, configuration: configuration)
        self.test = test
        defaultSchedule = schedule
        self.initialSeed = initialSeed
    }

    public func statistics() -> SparsityStatistics { SparsityStatistics(of: model.data) }
    public var memoryFootprint: Int { model.data.memoryFootprint }

    public func run(scheme: SchemeKind, configuration: TrainingConfiguration, stop: StopSignal?,
                    onEpoch: (EpochReport) -> Void) throws -> WorkloadRun {
        let x = try model.makeParameters(seed: initialSeed)
        let report = try Training.run(model, scheme: scheme, configuration: configuration, parameters: x,
                                      stop: stop, onEpoch: onEpoch)
        var metrics = ["train_rmse": try model.rootMeanSquaredError(on: model.data, parameters: x)]
        if let test { metrics["test_rmse"] = try model.rootMeanSquaredError(on: test, parameters: x) }
        return WorkloadRun(workload: name, report: report, metrics: metrics)
    }
}

/// A relaxed multiway cut with the cut value of its rounded solution.
public struct GraphCutWorkload: Workload {
    public let name: String
    public let summary: String
    public let model: GraphCut
    public let defaultSchedule: StepSchedule

    public init(name: String = "cuts", summary: String, graph: CutGraph, schedule: StepSchedule) throws {
        self.name = name
        self.summary = summary
        model = try GraphCut(graph: graph)
        defaultSchedule = schedule
    }

    public func statistics() -> SparsityStatistics { SparsityStatistics(of: model.graph) }
    public var memoryFootprint: Int { model.graph.memoryFootprint }

    public func run(scheme: SchemeKind, configuration: TrainingConfiguration, stop: StopSignal?,
                    onEpoch: (EpochReport) -> Void) throws -> WorkloadRun {
        let x = try model.makeParameters()
        let report = try Training.run(model, scheme: scheme, configuration: configuration, parameters: x,
                                      stop: stop, onEpoch: onEpoch)
        return WorkloadRun(workload: name, report: report, metrics: ["cut": model.cutValue(parameters: x)])
    }
}
