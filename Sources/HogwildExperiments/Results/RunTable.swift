import HogwildCore

/// The one CSV layout of training runs: a row per epoch of every run, the same
/// columns whether the runs came from `train`, a sweep or a comparison.
///
/// ```swift
/// let table = RunTable.epochs(of: result.workload, runs: result.runs.map { ($0, 0) })
/// try table.write(to: "epochs.csv")
/// ```
public enum RunTable {
    public static let header =
        [
            "workload", "data", "scheme", "optimizer", "threads", "delay_ns", "seed", "repeat", "epoch", "step_size",
            "seconds", "elapsed", "updates", "samples", "updates_per_second", "samples_per_second", "objective",
        ] + metricColumns

    /// The per-epoch held-out metrics the network workloads measure (empty for the others).
    public static let metricColumns = ["test_accuracy", "test_loss", "test_bits_per_char", "test_auc"]

    /// Every epoch of every run; `repeatIndex` tells repeats of one configuration apart.
    public static func epochs(
        of workload: WorkloadDescription, runs: [(run: WorkloadRun, repeatIndex: Int)]
    ) -> CSVTable {
        var table = CSVTable(header: header)
        for (run, repeatIndex) in runs {
            let c = run.report.configuration
            for e in run.report.epochs {
                table.append(
                    [
                        workload.name, workload.dataName, run.scheme.description, run.optimizer.name,
                        "\(c.threads)", "\(c.delayNanoseconds)", "\(c.seed)", "\(repeatIndex)", "\(e.epoch)",
                        "\(e.stepSize)", "\(e.seconds)", "\(e.elapsed)", "\(e.updates)", "\(e.samples)",
                        "\(e.updatesPerSecond)", "\(e.samplesPerSecond)", e.objective.map { "\($0)" } ?? "",
                    ]
                        + metricColumns.map { name in e.metrics[name].map { "\($0)" } ?? "" })
            }
        }
        return table
    }
}

/// One training run with what it ran on: `hogwild train`'s result.
///
/// ```swift
/// let result = SingleRunResult(workload: workload.workloadDescription, machine: .current(), run: run)
/// try result.writeFiles(to: "results/")       // results.json, results.csv
/// ```
public struct SingleRunResult: Sendable, Codable {
    public var workload: WorkloadDescription
    public var machine: MachineInfo
    public var run: WorkloadRun

    public init(workload: WorkloadDescription, machine: MachineInfo, run: WorkloadRun) {
        self.workload = workload
        self.machine = machine
        self.run = run
    }

    /// Writes `results.json` (everything) and `results.csv` (a row per epoch).
    public func writeFiles(to directory: String) throws {
        try ResultFiles.makeDirectory(directory)
        try ResultFiles.writeJSON(self, to: directory + "/results.json")
        try RunTable.epochs(of: workload, runs: [(run, 0)]).write(to: directory + "/results.csv")
    }
}
