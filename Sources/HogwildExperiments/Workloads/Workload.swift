import HogwildCore
import HogwildData
import HogwildModels

/// A ready-to-train problem: data, model, fresh parameters for each run, and the
/// metrics its users look at (test error, RMSE, cut value). Sweeps, comparisons and
/// the paper's recipes run workloads without knowing which one they hold.
///
/// ```swift
/// let workload = try WorkloadCatalog.make(WorkloadSpec(kind: .svm))
/// let run = try workload.run(scheme: .hogwild, configuration: workload.defaultConfiguration(threads: 4))
/// print(run.report.updatesPerSecond, run.metrics["test_error"] ?? .nan)
/// ```
public protocol Workload: Sendable {
    /// What it was built from.
    var spec: WorkloadSpec { get }
    /// One line describing the data (rows, size, source).
    var summary: String { get }
    /// Step size and decay that work for this workload with plain SGD (the paper's
    /// protocol where known).
    var defaultSchedule: StepSchedule { get }
    /// The paper's sparsity statistics of the training data.
    func statistics() -> SparsityStatistics
    /// Bytes of the training data in memory.
    var memoryFootprint: Int { get }
    /// Terms an epoch makes updates for (rows, ratings, edges, minibatches).
    var trainingTerms: Int { get }
    /// Trains fresh parameters (or those of `control.resume`) under `control` and
    /// measures the workload's metrics afterwards.
    func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        control: RunControl, onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun
}

extension Workload {
    /// The model's name ("svm", "mc", …).
    public var name: String { spec.kind.rawValue }

    public var trainingTerms: Int { statistics().terms }

    /// The workload as results record it.
    public var workloadDescription: WorkloadDescription { WorkloadDescription(spec: spec, summary: summary) }

    /// The schedule `optimizer` starts from on this workload when no step size is given.
    public func defaultSchedule(for optimizer: OptimizerChoice) -> StepSchedule {
        optimizer.defaultSchedule(sgd: defaultSchedule)
    }

    /// A configuration with this workload's schedule and the given threads and epochs.
    public func defaultConfiguration(
        threads: Int = TrainingConfiguration.defaultThreads, epochs: Int = 20
    ) -> TrainingConfiguration {
        TrainingConfiguration(threads: threads, epochs: epochs, schedule: defaultSchedule)
    }

    /// Trains with only a stop signal for control.
    public func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        stop: StopSignal?, onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun {
        try run(
            scheme: scheme, optimizer: optimizer, configuration: configuration, control: RunControl(stop: stop),
            onEpoch: onEpoch)
    }

    /// Trains with plain SGD (or `optimizer`) without observing epochs.
    public func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice = .sgd,
        configuration: TrainingConfiguration
    ) throws -> WorkloadRun {
        try run(scheme: scheme, optimizer: optimizer, configuration: configuration, stop: nil, onEpoch: { _ in })
    }
}

/// Which workload a result came from: its spec (model, settings, data source) as
/// values, and the one-line summary of the data as built.
public struct WorkloadDescription: Sendable, Hashable, Codable {
    public var spec: WorkloadSpec
    public var summary: String

    public init(spec: WorkloadSpec, summary: String) {
        self.spec = spec
        self.summary = summary
    }

    /// The model's name ("svm", "mc", …).
    public var name: String { spec.kind.rawValue }

    /// A short name for file names and titles: the synthetic set ("rcv1", "netflix")
    /// or the model ("svm") for data from files.
    public var dataName: String { spec.syntheticData?.rawValue ?? name }
}

/// One training run of a workload.
public struct WorkloadRun: Sendable, Codable {
    public var scheme: SchemeChoice
    public var optimizer: OptimizerChoice
    public var report: TrainingReport
    /// Final metrics by name: `train_error`, `test_error`, `train_loss`, `test_loss`,
    /// `train_rmse`, `test_rmse`, `cut`.
    public var metrics: [String: Double]
    /// The trained model, out of the shared buffer (what `--save-model` writes); not
    /// part of the results files.
    public var model: TrainedModel?

    public init(
        scheme: SchemeChoice, optimizer: OptimizerChoice, report: TrainingReport, metrics: [String: Double],
        model: TrainedModel? = nil
    ) {
        self.scheme = scheme
        self.optimizer = optimizer
        self.report = report
        self.metrics = metrics
        self.model = model
    }

    private enum CodingKeys: String, CodingKey { case scheme, optimizer, report, metrics }
}
