import HogwildCore
import HogwildData
import HogwildModels

/// A relaxed multiway cut with the cut value of its rounded solution.
public struct GraphCutWorkload: Workload {
    public let spec: WorkloadSpec
    public let summary: String
    public let objective: GraphCut
    public let defaultSchedule: StepSchedule

    public init(spec: WorkloadSpec, summary: String, graph: CutGraph, schedule: StepSchedule) throws {
        self.spec = spec
        self.summary = summary
        objective = try GraphCut(graph: graph)
        defaultSchedule = schedule
    }

    public func statistics() -> SparsityStatistics { SparsityStatistics(of: objective.graph) }
    public var memoryFootprint: Int { objective.graph.memoryFootprint }

    public func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        control: RunControl, onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun {
        let x = try objective.makeParameters()
        let report = try control.train(
            objective, spec: spec, scheme: scheme, optimizer: optimizer,
            configuration: configuration, parameters: x, onEpoch: onEpoch)
        return WorkloadRun(
            scheme: scheme, optimizer: optimizer, report: report, metrics: ["cut": objective.cutValue(parameters: x)],
            model: .cut(objective.labelling(parameters: x)))
    }
}
