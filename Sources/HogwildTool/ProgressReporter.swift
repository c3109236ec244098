import Foundation
import Hogwild

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
        let objective = epoch.objective.map { String(format: "%.6f", $0) } ?? "-"
        let rate = String(format: "%.2f M updates/s", epoch.updatesPerSecond / 1e6)
        if interactive {
            let width = 24
            let filled = width * epoch.epoch / max(1, totalEpochs)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let remaining = epoch.elapsed / Double(epoch.epoch) * Double(totalEpochs - epoch.epoch)
            let line = "\r\(label) [\(bar)] \(epoch.epoch)/\(totalEpochs)  objective \(objective)  \(rate)  ETA \(String(format: "%.1f", remaining)) s"
            print(line, terminator: epoch.epoch == totalEpochs ? "\n" : "")
            fflush(nil)   // all streams: the C `stdout` global is not concurrency-safe in Swift 6
        } else {
            print("\(label) epoch \(epoch.epoch)/\(totalEpochs)  γ \(String(format: "%.5g", epoch.stepSize))  objective \(objective)  \(String(format: "%.3f", epoch.seconds)) s  \(rate)")
        }
    }
}
