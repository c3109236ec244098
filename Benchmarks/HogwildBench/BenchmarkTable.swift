import Hogwild

/// The human-readable report: one row per record, then Swift ÷ peer ratios.
enum BenchmarkTable {
    static func render(_ records: [BenchmarkRecord]) -> String {
        var lines = [
            "engine  workload      scheme            optimizer  threads  epochs   seconds   M updates/s  M samples/s  speedup  vs serial   objective        loss  metrics",
        ]
        for r in records {
            lines.append([
                r.engine.padded(to: 6), r.workload.padded(to: 12), r.scheme.padded(to: 16), r.optimizer.padded(to: 9),
                String(printf: "%7d", r.threads), String(printf: "%7d", r.epochs),
                String(printf: "%9.3f", r.seconds), String(printf: "%12.3f", r.updates_per_second / 1e6),
                String(printf: "%11.3f", r.samples_per_second / 1e6),
                String(printf: "%7.2f×", r.speedup ?? 1),
                r.speedup_over_serial.map { String(printf: "%8.2f×", $0) } ?? "        -",
                r.objective.map { String(printf: "%10.5f", $0) } ?? "         -",
                r.loss.map { String(printf: "%10.5f", $0) } ?? "         -",
                (r.metrics ?? [:]).filter { $0.key != "train_loss" }.sorted { $0.key < $1.key }
                    .map { "\($0.key) \(String(printf: "%.4g", $0.value))" }.joined(separator: " "),
            ].joined(separator: "  "))
        }
        let peers = records.filter { $0.engine != "swift" }
        if !peers.isEmpty {
            lines.append("")
            lines.append("swift ÷ peer, updates/s at equal scheme and threads (the same update rule and step; the")
            lines.append("epoch clocks of both count the epoch's shuffle), with both final losses (RMSE for mc):")
            for p in peers {
                if let s = records.first(where: {
                    $0.engine == "swift" && $0.workload == p.workload && $0.scheme == p.scheme && $0.threads == p.threads
                }) {
                    let ratio = String(printf: "%.3f", s.updates_per_second / p.updates_per_second)
                    var line = "  \(p.workload) \(p.scheme) threads \(p.threads): \(ratio)× (\(p.engine))"
                    if let ours = s.loss, let theirs = p.loss {
                        line += String(printf: "; loss swift %.4f, peer %.4f (%+.2f%%)", ours, theirs, (ours / theirs - 1) * 100)
                    }
                    lines.append(line)
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
