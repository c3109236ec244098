import HogwildCore
import HogwildSupport

/// Convergence of several ways to train one workload — schemes (HOGWILD! against
/// locked SGD), optimizers (SGD against AdaGrad), or both — on the same data, from the
/// same starting point, with the same seeds: objective per epoch and per second for
/// every run.
///
/// The first variant is the reference: the text table says at which epoch each other
/// variant first reaches (in the mean over seeds) the objective the reference ends at.
///
/// ```swift
/// let variants = [SchemeChoice.hogwild, .globalLock].map {
///     ConvergenceComparison.Variant(scheme: $0, optimizer: .sgd, schedule: workload.defaultSchedule)
/// }
/// let result = try ConvergenceComparison.run(workload, variants: variants, threads: 4, seeds: [1, 2, 3], epochs: 20)
/// print(result.textTable)
/// ```
public struct ConvergenceComparison: Sendable, Codable {
    /// One way to train: scheme, optimizer and step schedule.
    public struct Variant: Sendable, Hashable, Codable {
        public var scheme: SchemeChoice
        public var optimizer: OptimizerChoice
        public var schedule: StepSchedule

        public init(scheme: SchemeChoice, optimizer: OptimizerChoice, schedule: StepSchedule) {
            self.scheme = scheme
            self.optimizer = optimizer
            self.schedule = schedule
        }
    }

    public struct Run: Sendable, Codable {
        public var variant: Variant
        public var seed: UInt64
        public var run: WorkloadRun
    }

    /// Final objective and time over the seeds, per variant.
    public struct Summary: Sendable, Codable {
        public var variant: Variant
        public var meanObjective: Double
        public var standardDeviation: Double
        public var meanSeconds: Double
        public var meanMetrics: [String: Double]
        /// The first epoch whose mean objective is at or below the reference's final one.
        public var epochsToReferenceObjective: Int?
    }

    public var workload: WorkloadDescription
    public var threads: Int
    public var epochs: Int
    public var machine: MachineInfo
    public var variants: [Variant]
    public var runs: [Run]

    /// Runs every variant with every seed (the seed changes the order of terms; the
    /// data and the initial point stay the same).
    public static func run(
        _ workload: any Workload, variants: [Variant], threads: Int, seeds: [UInt64], epochs: Int,
        sampling: Sampling = .epochPermutation, optimizerState: OptimizerStatePlacement = .shared,
        progress: (String) -> Void = { _ in }
    ) throws -> ConvergenceComparison {
        guard !variants.isEmpty, !seeds.isEmpty else {
            throw TrainingError.invalidParameter(name: "variants and seeds", value: 0, expected: "at least one of each")
        }
        var runs: [Run] = []
        for seed in seeds {
            for variant in variants {
                // A diverged variant is recorded, not thrown: the comparison keeps the others.
                let config = TrainingConfiguration(
                    threads: threads, epochs: epochs, schedule: variant.schedule,
                    sampling: sampling, seed: seed, optimizerState: optimizerState,
                    divergence: DivergenceGuard(policy: .record))
                let run = try workload.run(scheme: variant.scheme, optimizer: variant.optimizer, configuration: config)
                progress(
                    "\(workload.name) \(variant.scheme) \(variant.optimizer.name) seed \(seed): "
                        + String(printf: "objective %.6g in %.3f s", run.report.finalObjective, run.report.seconds))
                runs.append(Run(variant: variant, seed: seed, run: run))
            }
        }
        return ConvergenceComparison(
            workload: workload.workloadDescription, threads: threads, epochs: epochs,
            machine: .current(), variants: variants, runs: runs)
    }

    /// The name a variant goes by in tables and legends: its scheme when all variants
    /// share one optimizer, its optimizer when they share one scheme, else both.
    public func label(of variant: Variant) -> String {
        let oneOptimizer = Set(variants.map(\.optimizer)).count == 1
        let oneScheme = Set(variants.map(\.scheme)).count == 1
        let optimizer =
            variant.optimizer.name
            + (Set(variants.filter { $0.optimizer == variant.optimizer }.map(\.schedule)).count > 1
                ? " (\(variant.schedule))" : "")
        if oneOptimizer && !oneScheme { return variant.scheme.figureLabel }
        if oneScheme && !oneOptimizer { return optimizer }
        return "\(variant.scheme.figureLabel) · \(optimizer)"
    }

    /// The mean objective over seeds after each epoch (nil where no run evaluated it).
    public func meanObjectives(of variant: Variant) -> [Double?] {
        (1...epochs).map { epoch in
            let values = reports(of: variant, epoch: epoch).compactMap(\.objective)
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
    }

    public var summaries: [Summary] {
        let reference = variants.first.flatMap { meanObjectives(of: $0).last ?? nil }
        return variants.map { variant in
            let mine = runs.filter { $0.variant == variant }
            let finals = mine.map(\.run.report.finalObjective)
            let mean = finals.reduce(0, +) / Double(finals.count)
            let variance =
                finals.count > 1 ? finals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finals.count - 1) : 0
            var metrics: [String: Double] = [:]
            for key in Set(mine.flatMap(\.run.metrics.keys)) {
                let values = mine.compactMap { $0.run.metrics[key] }
                metrics[key] = values.reduce(0, +) / Double(values.count)
            }
            let reached = reference.flatMap { target in
                meanObjectives(of: variant).firstIndex { ($0 ?? .infinity) <= target }.map { $0 + 1 }
            }
            return Summary(
                variant: variant, meanObjective: mean, standardDeviation: variance.squareRoot(),
                meanSeconds: mine.map(\.run.report.seconds).reduce(0, +) / Double(mine.count),
                meanMetrics: metrics, epochsToReferenceObjective: reached)
        }
    }

    /// The reports of `variant`'s runs (one per seed) for epoch `epoch`.
    func reports(of variant: Variant, epoch: Int) -> [EpochReport] {
        runs.filter { $0.variant == variant }.compactMap { $0.run.report.epochs.first { $0.epoch == epoch } }
    }

    /// Mean objective (± sd over seeds) against epoch, per variant.
    public func objectiveVersusEpochChart() -> LineChart {
        versusEpochChart(title: "Convergence by epoch", yLabel: "objective (mean ± sd over seeds)") { $0.objective }
    }

    /// Mean objective against mean training time after each epoch, per variant.
    public func objectiveVersusTimeChart() -> LineChart {
        versusTimeChart(title: "Convergence by wall time", yLabel: "objective (mean over seeds)") { $0.objective }
    }

    /// The held-out metrics the runs measured after every epoch (`test_accuracy`, …).
    public var epochMetrics: [String] {
        Set(runs.flatMap { $0.run.report.epochs.flatMap(\.metrics.keys) }).filter { $0 != "test_error" }.sorted()
    }

    /// Mean `metric` (± sd over seeds) against epoch, per variant.
    public func metricVersusEpochChart(_ metric: String) -> LineChart {
        versusEpochChart(title: "\(metric) by epoch", yLabel: "\(metric) (mean ± sd over seeds)") { $0.metrics[metric] }
    }

    /// Mean `metric` against mean training time after each epoch, per variant.
    public func metricVersusTimeChart(_ metric: String) -> LineChart {
        versusTimeChart(title: "\(metric) by wall time", yLabel: "\(metric) (mean over seeds)") { $0.metrics[metric] }
    }

    func versusEpochChart(title: String, yLabel: String, _ value: (EpochReport) -> Double?) -> LineChart {
        var chart = LineChart(title: "\(title) — \(workload.name), \(threads) threads", xLabel: "epoch", yLabel: yLabel)
        chart.subtitle = "\(workload.summary); \(machine.summary)"
        chart.yIncludesZero = false
        for variant in variants {
            let points = (1...epochs).compactMap { epoch -> LineChart.Point? in
                let values = reports(of: variant, epoch: epoch).compactMap(value)
                guard !values.isEmpty else { return nil }
                let mean = values.reduce(0, +) / Double(values.count)
                let sd =
                    values.count > 1
                    ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
                    : 0
                return LineChart.Point(x: Double(epoch), y: mean, low: mean - sd, high: mean + sd)
            }
            chart.series.append(.init(name: label(of: variant), points: points))
        }
        return chart
    }

    func versusTimeChart(title: String, yLabel: String, _ value: (EpochReport) -> Double?) -> LineChart {
        var chart = LineChart(
            title: "\(title) — \(workload.name), \(threads) threads", xLabel: "training seconds", yLabel: yLabel)
        chart.subtitle = "\(workload.summary); \(machine.summary)"
        chart.yIncludesZero = false
        for variant in variants {
            let points = (1...epochs).compactMap { epoch -> LineChart.Point? in
                let epochReports = reports(of: variant, epoch: epoch)
                let values = epochReports.compactMap(value)
                guard !values.isEmpty else { return nil }
                return LineChart.Point(
                    x: epochReports.map(\.elapsed).reduce(0, +) / Double(epochReports.count),
                    y: values.reduce(0, +) / Double(values.count))
            }
            chart.series.append(.init(name: label(of: variant), points: points))
        }
        return chart
    }

    /// One row per epoch of every run.
    public var epochTable: CSVTable {
        RunTable.epochs(of: workload, runs: runs.map { ($0.run, 0) })
    }

    public var textTable: String {
        let width = max(16, variants.map { label(of: $0).count }.max() ?? 0)
        var lines = [
            "variant".padded(to: width)
                + "  final objective (mean ± sd)   seconds   epochs to reach the first's   metrics"
        ]
        for s in summaries {
            lines.append(
                label(of: s.variant).padded(to: width)
                    + String(
                        printf: "  %14.6g ± %-10.3g  %8.3f   ", s.meanObjective, s.standardDeviation, s.meanSeconds)
                    + (s.epochsToReferenceObjective.map { "\($0)" } ?? "—").padded(to: 28) + "  "
                    + s.meanMetrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(printf: "%.4g", $0.value))" }
                    .joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Writes `comparison.csv`, `comparison.json`, `objective-vs-epoch.svg` and
    /// `objective-vs-time.svg`, and the same two charts for each held-out metric measured
    /// per epoch (`test_accuracy-vs-epoch.svg`, …); returns the names.
    @discardableResult
    public func writeFiles(to directory: String, prefix: String = "") throws -> [String] {
        try ResultFiles.makeDirectory(directory)
        try epochTable.write(to: directory + "/\(prefix)comparison.csv")
        try ResultFiles.writeJSON(self, to: directory + "/\(prefix)comparison.json")
        try objectiveVersusEpochChart().write(to: directory + "/\(prefix)objective-vs-epoch.svg")
        try objectiveVersusTimeChart().write(to: directory + "/\(prefix)objective-vs-time.svg")
        var files = ["comparison.csv", "comparison.json", "objective-vs-epoch.svg", "objective-vs-time.svg"]
        for metric in epochMetrics {
            try metricVersusEpochChart(metric).write(to: directory + "/\(prefix)\(metric)-vs-epoch.svg")
            try metricVersusTimeChart(metric).write(to: directory + "/\(prefix)\(metric)-vs-time.svg")
            files += ["\(metric)-vs-epoch.svg", "\(metric)-vs-time.svg"]
        }
        return files.map { prefix + $0 }
    }
}
