import Foundation
import Hogwild

/// Writes a run as `results.json` (the whole run: configuration, every epoch,
/// metrics) and `results.csv` (one row per epoch).
enum ResultFiles {
    static func write(run: WorkloadRun, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(run).write(to: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        let report = run.report
        var csv = "workload,scheme,threads,epoch,step_size,seconds,elapsed,updates,updates_per_second,objective\n"
        for e in report.epochs {
            csv += "\(run.workload),\(report.scheme),\(report.configuration.threads),\(e.epoch),\(e.stepSize),\(e.seconds),\(e.elapsed),\(e.updates),\(e.updatesPerSecond),\(e.objective.map { "\($0)" } ?? "")\n"
        }
        try csv.write(to: URL(fileURLWithPath: directory).appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
    }
}
