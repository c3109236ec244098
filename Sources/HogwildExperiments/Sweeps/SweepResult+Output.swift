import HogwildCore
import HogwildSupport

extension SweepResult {
    /// Speedup against threads, one curve per scheme with min–max error bars, and the
    /// ideal linear speedup dashed.
    public func speedupChart(title: String? = nil, delay: Int? = nil) -> LineChart {
        let d = delay ?? plan.delays[0]
        var chart = LineChart(
            title: title ?? "Speedup — \(workload.name)", xLabel: "threads",
            yLabel: "speedup over serial SGD (1 thread, no locks)")
        chart.subtitle = "\(workload.summary); \(plan.epochs) epochs; \(machine.summary)"
        for scheme in plan.schemes {
            let points = summaries.filter { $0.scheme == scheme && $0.delayNanoseconds == d }.map {
                LineChart.Point(x: Double($0.threads), y: $0.speedup, low: $0.speedupLow, high: $0.speedupHigh)
            }
            chart.series.append(.init(name: scheme.figureLabel, points: points, color: scheme.figureColor))
        }
        let threads = plan.threads.map(Double.init)
        chart.xTicks = threads
        chart.series.append(
            .init(name: "ideal (linear)", points: threads.map { .init(x: $0, y: $0) }, isReference: true))
        return chart
    }

    /// Objective against training time for every scheme at the most threads (first repeat).
    public func objectiveVersusTimeChart(title: String? = nil) -> LineChart {
        let most = plan.threads.max()!
        var chart = LineChart(
            title: title ?? "Objective vs time — \(workload.name), \(most) threads",
            xLabel: "training seconds", yLabel: "objective")
        chart.subtitle = "\(workload.summary); \(machine.summary)"
        chart.yIncludesZero = false
        let delay = plan.delays[0]
        for scheme in plan.schemes {
            guard
                let m = measurements.first(where: {
                    $0.scheme == scheme && $0.threads == most && $0.delayNanoseconds == delay
                })
            else { continue }
            let points = m.run.report.epochs.compactMap { e in e.objective.map { LineChart.Point(x: e.elapsed, y: $0) }
            }
            chart.series.append(.init(name: scheme.figureLabel, points: points, color: scheme.figureColor))
        }
        return chart
    }

    /// Speedup against the artificial delay (log axis) at `threads` threads.
    public func delayChart(threads: Int? = nil, title: String? = nil) -> LineChart {
        let t = threads ?? plan.threads.max()!
        var chart = LineChart(
            title: title ?? "Speedup vs gradient delay — \(workload.name), \(t) threads",
            xLabel: "artificial delay per gradient (ns)", yLabel: "speedup over serial at the same delay")
        chart.subtitle = "\(workload.summary); \(machine.summary)"
        chart.xScale = .log
        for scheme in plan.schemes {
            let points = summaries.filter { $0.scheme == scheme && $0.threads == t }.map {
                LineChart.Point(
                    x: Double(max(1, $0.delayNanoseconds)), y: $0.speedup, low: $0.speedupLow, high: $0.speedupHigh)
            }
            chart.series.append(.init(name: scheme.figureLabel, points: points, color: scheme.figureColor))
        }
        let delays = plan.delays.map { Double(max(1, $0)) }
        chart.series.append(
            .init(name: "ideal (\(t)×)", points: delays.map { .init(x: $0, y: Double(t)) }, isReference: true))
        return chart
    }

    /// One row per (scheme, threads, delay) cell.
    public var summaryTable: CSVTable {
        var table = CSVTable(header: [
            "workload", "data", "scheme", "optimizer", "threads", "delay_ns", "runs",
            "median_seconds", "min_seconds", "max_seconds", "updates_per_second",
            "samples_per_second", "speedup", "speedup_low", "speedup_high", "final_objective",
            "time_to_target",
        ])
        for s in summaries {
            table.append([
                workload.name, workload.dataName, s.scheme.description, plan.optimizer.name, "\(s.threads)",
                "\(s.delayNanoseconds)", "\(s.runs)", "\(s.medianSeconds)", "\(s.minSeconds)", "\(s.maxSeconds)",
                "\(s.updatesPerSecond)", "\(s.samplesPerSecond)", "\(s.speedup)", "\(s.speedupLow)",
                "\(s.speedupHigh)", "\(s.medianObjective)", s.medianTimeToTarget.map { "\($0)" } ?? "",
            ])
        }
        return table
    }

    /// One row per epoch of every run.
    public var epochTable: CSVTable {
        RunTable.epochs(of: workload, runs: measurements.map { ($0.run, $0.repeatIndex) })
    }

    /// Writes `<prefix>summary.csv`, `<prefix>epochs.csv`, `<prefix>results.json` into
    /// `directory`, and with `charts` also `<prefix>speedup.svg` and
    /// `<prefix>objective-vs-time.svg`. Returns the names written.
    @discardableResult
    public func writeFiles(to directory: String, prefix: String = "", charts: Bool = false) throws -> [String] {
        try ResultFiles.makeDirectory(directory)
        var names = ["\(prefix)summary.csv", "\(prefix)epochs.csv", "\(prefix)results.json"]
        try summaryTable.write(to: directory + "/" + names[0])
        try epochTable.write(to: directory + "/" + names[1])
        try ResultFiles.writeJSON(self, to: directory + "/" + names[2])
        if charts {
            names += ["\(prefix)speedup.svg", "\(prefix)objective-vs-time.svg"]
            try speedupChart().write(to: directory + "/" + names[3])
            try objectiveVersusTimeChart().write(to: directory + "/" + names[4])
        }
        return names
    }

    /// A fixed-width text table for the terminal.
    public var textTable: String {
        var lines = [
            "scheme            threads  delay(ns)   seconds (min–max)        M upd/s  speedup (min–max)     "
                + "objective   to target"
        ]
        for s in summaries {
            lines.append(
                [
                    s.scheme.description.padded(to: 16),
                    String(printf: "%7d", s.threads), String(printf: "%10d", s.delayNanoseconds),
                    String(printf: "%9.3f (%.3f–%.3f)", s.medianSeconds, s.minSeconds, s.maxSeconds),
                    String(printf: "%8.3f", s.updatesPerSecond / 1e6),
                    String(printf: "%6.2f× (%.2f–%.2f)", s.speedup, s.speedupLow, s.speedupHigh),
                    String(printf: "%12.6g", s.medianObjective),
                    s.medianTimeToTarget.map { String(printf: "%8.3f s", $0) } ?? "       —",
                ].joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
