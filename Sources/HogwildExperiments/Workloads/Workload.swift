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
    /// Short name for results ("svm", "mc", "cuts", …).
    var name: String { get }
    /// One line describing the data (rows, size, source).
    var summary: String { get }
    /// Step size and decay that work for this workload (the paper's protocol where known).
    var defaultSchedule: StepSchedule { get }
    /// The paper's sparsity statistics of the training data.
    func statistics() -> SparsityStatistics
    /// Bytes of the training data in memory.
    var memoryFootprint: Int { get }
    /// Trains fresh parameters and measures the workload's metrics afterwards.
    func run(scheme: SchemeKind, configuration: TrainingConfiguration, stop: StopSignal?,
             onEpoch: (EpochReport) -> Void) throws -> WorkloadRun
}

extension Workload {
    /// A configuration with this workload's schedule and the given threads and epochs.
    public func defaultConfiguration(threads: Int = 1, epochs: Int = 20) -> TrainingConfiguration {
        TrainingConfiguration(threads: threads, epochs: epochs, schedule: defaultSchedule)
    }

    public func run(scheme: SchemeKind, configuration: TrainingConfiguration) throws -> WorkloadRun {
        try run(scheme: scheme, configuration: configuration, stop: nil, onEpoch: { _ in })
    }
}

/// One training run of a workload.
public struct WorkloadRun: Sendable, Codable {
    public var workload: String
    public var report: TrainingReport
    /// Final metrics by name: `train_error`, `test_error`, `train_loss`, `test_loss`,
    /// `train_rmse`, `test_rmse`, `cut`.
    public var metrics: [String: Double]

    public init(workload: String, report: TrainingReport, metrics: [String: Double]) {
        self.workload = workload
        self.report = report
        self.metrics = metrics
    }
}
