import Hogwild
import HogwildPlatform
import HogwildSupport

/// Shows a run's progress: a bar with rate and ETA, redrawn in place, when standard
/// output is a terminal; one plain line per epoch when it is piped or logged.
struct ProgressReporter {
    let totalEpochs: Int
    let label: String
    let interactive: Bool

    init(totalEpochs: Int, label: String) {
        self.totalEpochs = totalEpochs
        self.label = label
        interactive = isatty(STDOUT_FILENO) != 0 && !Self.underLauncher
    }

    /// Whether a launcher (Open MPI, a PMI) started this process: it gives each rank a
    /// terminal of its own even when the job's output goes to a file, where redrawn
    /// bars would leave `\r`s.
    static var underLauncher: Bool {
        let names: [String] = ["OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMIX_RANK"]
        return names.contains { getenv($0) != nil }
    }

    /// "2.41 M updates/s" where an update is one sample's step (the sparse models; below
    /// 0.1 M, "34,270 updates/s");
    /// "185,912 samples/s (2,905 steps/s)" where a step is a minibatch (the networks),
    /// whose millions of updates a second would print as 0.00.
    static func rate(updates: Int, samples: Int, seconds: Double) -> String {
        guard seconds > 0 else { return "-" }
        if samples == updates {
            let rate = Double(updates) / seconds
            return rate >= 1e5 ? String(printf: "%.2f M updates/s", rate / 1e6) : "\(grouped(rate)) updates/s"
        }
        return "\(grouped(Double(samples) / seconds)) samples/s (\(grouped(Double(updates) / seconds)) steps/s)"
    }

    /// 185912.4 → "185,912" (rates: never negative).
    static func grouped(_ value: Double) -> String { Number.grouped(Int(max(0, value).rounded())) }

    func report(_ epoch: EpochReport) {
        guard !Output.isQuiet.load(ordering: .relaxed) else { return }
        let objective =
            (epoch.objective.map { String(printf: "%.6f", $0) } ?? "-")
            + epoch.metrics.sorted { $0.key < $1.key }.filter { $0.key != "test_error" }.map {
                "  \($0.key) \(String(printf: "%.4f", $0.value))"
            }.joined()
        let rate = Self.rate(updates: epoch.updates, samples: epoch.samples, seconds: epoch.seconds)
        let exchanged =
            epoch.exchange.map { String(printf: "  %d ranks, %.2f MB exchanged", $0.ranks, Double($0.bytesSent) / 1e6) }
            ?? ""
        if interactive {
            let width = 24
            let filled = width * epoch.epoch / max(1, totalEpochs)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let remaining = epoch.elapsed / Double(epoch.epoch) * Double(totalEpochs - epoch.epoch)
            let line =
                "\r\(label) [\(bar)] \(epoch.epoch)/\(totalEpochs)  objective \(objective)  \(rate)\(exchanged)  ETA "
                + "\(String(printf: "%.1f", remaining)) s"
            print(line, terminator: epoch.epoch == totalEpochs ? "\n" : "")
            fflush(nil)
        } else {
            Output.line(
                "\(label) epoch \(epoch.epoch)/\(totalEpochs)  γ \(String(printf: "%.5g", epoch.stepSize))  "
                    + "objective \(objective)  \(String(printf: "%.3f", epoch.seconds)) s  \(rate)\(exchanged)"
            )
        }
    }
}
