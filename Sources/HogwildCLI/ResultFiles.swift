import Foundation
import Hogwild

/// Writes a run's per-epoch record as `results.json` (the whole report) and
/// `results.csv` (one row per epoch).
enum ResultFiles {
    struct Document: Codable {
        var workload: String
        var trainingError: Double?
        var report: TrainingReport
    }

    static func write(report: TrainingReport, workload: String, trainingError: Double?, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(Document(workload: workload, trainingError: trainingError, report: report))
        try json.write(to: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        var csv = "workload,scheme,threads,epoch,step_size,seconds,elapsed,updates,updates_per_second,objective\n"
        for e in report.epochs {
            csv += "\(workload),\(report.scheme),\(report.configuration.threads),\(e.epoch),\(e.stepSize),\(e.seconds),\(e.elapsed),\(e.updates),\(e.updatesPerSecond),\(e.objective.map { "\($0)" } ?? "")\n"
        }
        try csv.write(to: URL(fileURLWithPath: directory).appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
    }
}
