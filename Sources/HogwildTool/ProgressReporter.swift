import Hogwild
import HogwildPlatform

/// Shows a run's progress: a bar with rate and ETA, redrawn in place, when standard
/// output is a terminal; one plain line per epoch when it is piped or logged.
struct ProgressReporter {
    let totalEpochs: Int
    let label: String
    let interactive: Bool

    init(totalEpochs: Int, label: String) {
        self.totalEpochs = totalEpochs
        self.label = label
        interactive = isatty(STDOUT_FILENO) != 0
    }

    func report(_ epoch: EpochReport) {
        guard !Output.isQuiet.load(ordering: .relaxed) else { return }
        let objective =
            (epoch.objective.map { String(printf: "%.6f", $0) } ?? "-")
            + epoch.metrics.sorted { $0.key < $1.key }.filter { $0.key != "test_error" }.map {
                "  \($0.key) \(String(printf: "%.4f", $0.value))"
            }.joined()
        let rate =
            epoch.samples == epoch.updates
            ? String(printf: "%.2f M updates/s", epoch.updatesPerSecond / 1e6)
            : String(printf: "%.2f M updates/s, %.0f samples/s", epoch.updatesPerSecond / 1e6, epoch.samplesPerSecond)
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
