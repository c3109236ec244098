import Foundation

/// The human-readable report: one row per record, then Swift ÷ peer ratios.
enum BenchmarkTable {
    static func render(_ records: [BenchmarkRecord]) -> String {
        var lines = [
            "engine  workload      scheme            threads  epochs   seconds   M updates/s  speedup  vs serial   objective        loss  metrics",
        ]
        for r in records {
            lines.append([
                r.engine.padding(toLength: 6, withPad: " ", startingAt: 0),
                r.workload.padding(toLength: 12, withPad: " ", startingAt: 0),
                r.scheme.padding(toLength: 16, withPad: " ", startingAt: 0),
                String(format: "%7d", r.threads), String(format: "%7d", r.epochs),
                String(format: "%9.3f", r.seconds), String(format: "%12.3f", r.updates_per_second / 1e6),
                String(format: "%7.2f×", r.speedup ?? 1),
                r.speedup_over_serial.map { String(format: "%8.2f×", $0) } ?? "        -",
                r.objective.map { String(format: "%10.5f", $0) } ?? "         -",
                r.loss.map { String(format: "%10.5f", $0) } ?? "         -",
                (r.metrics ?? [:]).filter { $0.key != "train_loss" }.sorted { $0.key < $1.key }
                    .map { "\($0.key) \(String(format: "%.4g", $0.value))" }.joined(separator: " "),
            ].joined(separator: "  "))
        }
        let peers = records.filter { $0.engine != "swift" }
        if !peers.isEmpty {
            lines.append("")
            lines.append("swift ÷ peer, updates/s at equal scheme and threads:")
            for p in peers {
                if let s = records.first(where: { $0.engine == "swift" && $0.workload == p.workload && $0.scheme == p.scheme && $0.threads == p.threads }) {
                    lines.append("  \(p.workload) \(p.scheme) threads \(p.threads): \(String(format: "%.3f", s.updates_per_second / p.updates_per_second))× (\(p.engine))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
