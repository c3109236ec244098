import Foundation
import HogwildCore

extension SweepResult {
    /// Speedup against threads, one curve per scheme with min–max error bars, and the
    /// ideal linear speedup dashed.
    public func speedupChart(title: String? = nil, delay: Int? = nil) -> LineChart {
        let d = delay ?? plan.delays[0]
        var chart = LineChart(title: title ?? "Speedup — \(workload)", xLabel: "threads",
                              yLabel: "speedup over serial SGD (1 thread, no locks)")
        chart.subtitle = "\(data); \(plan.epochs) epochs; \(machine.summary)"
        for scheme in plan.schemes {
            let points = summaries.filter { $0.scheme == scheme && $0.delayNanoseconds == d }.map {
                LineChart.Point(x: Double($0.threads), y: $0.speedup, low: $0.speedupLow, high: $0.speedupHigh)
            }
            chart.series.append(.init(name: scheme.paperLabel, points: points))
        }
        let threads = plan.threads.map(Double.init)
        chart.xTicks = threads
        chart.series.append(.init(name: "ideal (linear)", points: threads.map { .init(x: $0, y: $0) }, isReference: true))
        return chart
    }

    /// Objective against training time for every scheme at the most threads (first repeat).
    public func objectiveVersusTimeChart(title: String? = nil) -> LineChart {
        let most = plan.threads.max()!
        var chart = LineChart(title: title ?? "Objective vs time — \(workload), \(most) threads",
                              xLabel: "training seconds", yLabel: "objective")
        chart.subtitle = "\(data); \(machine.summary)"
        chart.yIncludesZero = false
        let delay = plan.delays[0]
        for scheme in plan.schemes {
            guard let run = measurements.first(where: { $0.scheme == scheme && $0.threads == most && $0.delayNanoseconds == delay }) else { continue }
            chart.series.append(.init(name: scheme.paperLabel, points: run.epochs.compactMap { e in
                e.objective.map { LineChart.Point(x: e.elapsed, y: $0) }
            }))
        }
        return chart
    }

    /// Speedup against the artificial delay (log axis) at `threads` threads.
    public func delayChart(threads: Int? = nil, title: String? = nil) -> LineChart {
        let t = threads ?? plan.threads.max()!
        var chart = LineChart(title: title ?? "Speedup vs gradient delay — \(workload), \(t) threads",
                              xLabel: "artificial delay per gradient (ns)", yLabel: "speedup over serial at the same delay")
        chart.subtitle = "\(data); \(machine.summary)"
        chart.xScale = .log
        for scheme in plan.schemes {
            let points = summaries.filter { $0.scheme == scheme && $0.threads == t }.map {
                LineChart.Point(x: Double(max(1, $0.delayNanoseconds)), y: $0.speedup, low: $0.speedupLow, high: $0.speedupHigh)
            }
            chart.series.append(.init(name: scheme.paperLabel, points: points))
        }
        let delays = plan.delays.map { Double(max(1, $0)) }
        chart.series.append(.init(name: "ideal (\(t)×)", points: delays.map { .init(x: $0, y: Double(t)) }, isReference: true))
        return chart
    }

    /// One row per (scheme, threads, delay) cell.
    public var summaryTable: CSVTable {
        var table = CSVTable(header: ["workload", "scheme", "threads", "delay_ns", "runs", "median_seconds", "min_seconds",
                                     "max_seconds", "updates_per_second", "speedup", "speedup_low", "speedup_high",
                                     "final_objective", "time_to_target"])
        for s in summaries {
            table.append([workload, s.scheme.rawValue, "\(s.threads)", "\(s.delayNanoseconds)", "\(s.runs)",
                          "\(s.medianSeconds)", "\(s.minSeconds)", "\(s.maxSeconds)", "\(s.updatesPerSecond)",
                          "\(s.speedup)", "\(s.speedupLow)", "\(s.speedupHigh)", "\(s.medianObjective)",
                          s.medianTimeToTarget.map { "\($0)" } ?? ""])
        }
        return table
    }

    /// One row per epoch of every run.
    public var epochTable: CSVTable {
        var table = CSVTable(header: ["workload", "scheme", "threads", "delay_ns", "repeat", "epoch", "step_size",
                                      "seconds", "elapsed", "updates_per_second", "objective"])
        for m in measurements {
            for e in m.epochs {
                table.append([workload, m.scheme.rawValue, "\(m.threads)", "\(m.delayNanoseconds)", "\(m.repeatIndex)",
                              "\(e.epoch)", "\(e.stepSize)", "\(e.seconds)", "\(e.elapsed)", "\(e.updatesPerSecond)",
                              e.objective.map { "\($0)" } ?? ""])
            }
        }
        return table
    }

    /// Writes `<prefix>summary.csv`, `<prefix>epochs.csv`, `<prefix>results.json` into `directory`.
    public func writeFiles(to directory: String, prefix: String = "") throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try summaryTable.write(to: directory + "/\(prefix)summary.csv")
        try epochTable.write(to: directory + "/\(prefix)epochs.csv")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: directory + "/\(prefix)results.json"))
    }

    /// A fixed-width text table for the terminal.
    public var textTable: String {
        var lines = ["scheme            threads  delay(ns)   seconds (min–max)        M upd/s  speedup (min–max)     objective   to target"]
        for s in summaries {
            lines.append([
                s.scheme.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0),
                String(format: "%7d", s.threads), String(format: "%10d", s.delayNanoseconds),
                String(format: "%9.3f (%.3f–%.3f)", s.medianSeconds, s.minSeconds, s.maxSeconds),
                String(format: "%8.3f", s.updatesPerSecond / 1e6),
                String(format: "%6.2f× (%.2f–%.2f)", s.speedup, s.speedupLow, s.speedupHigh),
                String(format: "%12.6g", s.medianObjective),
                s.medianTimeToTarget.map { String(format: "%8.3f s", $0) } ?? "       —",
            ].joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
