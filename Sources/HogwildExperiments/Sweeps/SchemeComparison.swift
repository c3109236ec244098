import Foundation
import HogwildCore

/// HOGWILD! against locked SGD (and any other schemes): the same data, the same
/// seeds, the same epochs; objective per epoch and per second for every run.
///
/// ```swift
/// let result = try SchemeComparison.run(workload, schemes: [.hogwild, .globalLock], threads: 4,
///                                 seeds: [1, 2, 3], epochs: 20, schedule: workload.defaultSchedule)
/// print(result.textTable)
/// ```
public struct SchemeComparison: Sendable, Codable {
    public struct Run: Sendable, Codable {
        public var scheme: SchemeKind
        public var seed: UInt64
        public var report: TrainingReport
        public var metrics: [String: Double]
    }

    /// Final objective and time over the seeds, per scheme.
    public struct Summary: Sendable, Codable {
        public var scheme: SchemeKind
        public var meanObjective: Double
        public var standardDeviation: Double
        public var meanSeconds: Double
        public var meanMetrics: [String: Double]
    }

    public var workload: String
    public var data: String
    public var threads: Int
    public var epochs: Int
    public var machine: MachineInfo
    public var runs: [Run]

    public var summaries: [Summary] {
        var out: [Summary] = []
        for scheme in schemes {
            let mine = runs.filter { $0.scheme == scheme }
            let finals = mine.map(\.report.finalObjective)
            let mean = finals.reduce(0, +) / Double(finals.count)
            let variance = finals.count > 1 ? finals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finals.count - 1) : 0
            var metrics: [String: Double] = [:]
            for key in Set(mine.flatMap(\.metrics.keys)) {
                let values = mine.compactMap { $0.metrics[key] }
                metrics[key] = values.reduce(0, +) / Double(values.count)
            }
            out.append(Summary(scheme: scheme, meanObjective: mean, standardDeviation: variance.squareRoot(),
                               meanSeconds: mine.map(\.report.seconds).reduce(0, +) / Double(mine.count),
                               meanMetrics: metrics))
        }
        return out
    }

    var schemes: [SchemeKind] {
        var seen: [SchemeKind] = []
        for r in runs where !seen.contains(r.scheme) { seen.append(r.scheme) }
        return seen
    }

    /// The reports of `scheme`'s runs (one per seed) for epoch `epoch`.
    func reports(of scheme: SchemeKind, epoch: Int) -> [EpochReport] {
        runs.filter { $0.scheme == scheme }.compactMap { $0.report.epochs.first { $0.epoch == epoch } }
    }

    /// Mean objective (± sd over seeds) against epoch, per scheme.
    public func objectiveVersusEpochChart() -> LineChart {
        var chart = LineChart(title: "Convergence by epoch — \(workload), \(threads) threads",
                              xLabel: "epoch", yLabel: "objective (mean ± sd over seeds)")
        chart.subtitle = "\(data); \(machine.summary)"
        chart.yIncludesZero = false
        for scheme in schemes {
            let points = (1...epochs).compactMap { epoch -> LineChart.Point? in
                let values = reports(of: scheme, epoch: epoch).compactMap(\.objective)
                guard !values.isEmpty else { return nil }
                let mean = values.reduce(0, +) / Double(values.count)
                let sd = values.count > 1 ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
                return LineChart.Point(x: Double(epoch), y: mean, low: mean - sd, high: mean + sd)
            }
            chart.series.append(.init(name: scheme.paperLabel, points: points))
        }
        return chart
    }

    /// Mean objective against mean training time after each epoch, per scheme.
    public func objectiveVersusTimeChart() -> LineChart {
        var chart = LineChart(title: "Convergence by wall time — \(workload), \(threads) threads",
                              xLabel: "training seconds", yLabel: "objective (mean over seeds)")
        chart.subtitle = "\(data); \(machine.summary)"
        chart.yIncludesZero = false
        for scheme in schemes {
            let points = (1...epochs).compactMap { epoch -> LineChart.Point? in
                let epochReports = reports(of: scheme, epoch: epoch)
                let values = epochReports.compactMap(\.objective)
                guard !values.isEmpty else { return nil }
                return LineChart.Point(x: epochReports.map(\.elapsed).reduce(0, +) / Double(epochReports.count),
                                       y: values.reduce(0, +) / Double(values.count))
            }
            chart.series.append(.init(name: scheme.paperLabel, points: points))
        }
        return chart
    }

    public var epochTable: CSVTable {
        var table = CSVTable(header: ["workload", "scheme", "threads", "seed", "epoch", "seconds", "elapsed", "updates_per_second", "objective"])
        for r in runs {
            for e in r.report.epochs {
                table.append([workload, r.scheme.rawValue, "\(threads)", "\(r.seed)", "\(e.epoch)", "\(e.seconds)",
                              "\(e.elapsed)", "\(e.updatesPerSecond)", e.objective.map { "\($0)" } ?? ""])
            }
        }
        return table
    }

    public var textTable: String {
        var lines = ["scheme            final objective (mean ± sd)   seconds   metrics"]
        for s in summaries {
            lines.append(s.scheme.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                         + String(format: "  %14.6g ± %-10.3g  %8.3f   ", s.meanObjective, s.standardDeviation, s.meanSeconds)
                         + s.meanMetrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4g", $0.value))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Writes `comparison.csv`, `comparison.json`, `objective-vs-epoch.svg` and `objective-vs-time.svg`.
    public func writeFiles(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try epochTable.write(to: directory + "/comparison.csv")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: directory + "/comparison.json"))
        try objectiveVersusEpochChart().write(to: directory + "/objective-vs-epoch.svg")
        try objectiveVersusTimeChart().write(to: directory + "/objective-vs-time.svg")
    }
}

extension SchemeComparison {
    /// Runs every scheme with every seed (seed varies the order of terms; the data
    /// and the initial point stay the same).
    public static func run(_ workload: any Workload, schemes: [SchemeKind], threads: Int, seeds: [UInt64],
                           epochs: Int, schedule: StepSchedule, sampling: Sampling = .epochPermutation,
                           hotReplicas: HotReplicaSettings = HotReplicaSettings(),
                           progress: (String) -> Void = { _ in }) throws -> SchemeComparison {
        guard !schemes.isEmpty, !seeds.isEmpty else {
            throw TrainingError.invalidParameter(name: "schemes and seeds", value: 0, expected: "at least one of each")
        }
        var runs: [SchemeComparison.Run] = []
        for seed in seeds {
            for scheme in schemes {
                let config = TrainingConfiguration(threads: threads, epochs: epochs, schedule: schedule,
                                                   sampling: sampling, seed: seed, hotReplicas: hotReplicas)
                let run = try workload.run(scheme: scheme, configuration: config)
                progress("\(workload.name) \(scheme) seed \(seed): objective \(String(format: "%.6g", run.report.finalObjective)) in \(format(run.report.seconds)) s")
                runs.append(.init(scheme: scheme, seed: seed, report: run.report, metrics: run.metrics))
            }
        }
        return SchemeComparison(workload: workload.name, data: workload.summary, threads: threads, epochs: epochs,
                                machine: .current(), runs: runs)
    }
}
