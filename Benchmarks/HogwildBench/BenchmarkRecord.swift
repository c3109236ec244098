import Hogwild

/// One measured configuration: a row of the table and an object of the JSON output.
struct BenchmarkRecord: Codable {
    /// What ran it: "swift" (this project) or a peer ("cpp").
    var engine: String
    var workload: String
    var scheme: String
    var optimizer: String
    var threads: Int
    var epochs: Int
    /// Training seconds (median over repeats), objective evaluation excluded.
    var seconds: Double
    var updates_per_second: Double
    var samples_per_second: Double
    /// The objective after the last epoch, regularizer included (nil where the
    /// engine does not report it).
    var objective: Double?
    /// The number each engine reports that the two can compare: the mean hinge loss
    /// for the SVM (what the C++ peer prints), the training RMSE for matrix completion.
    var loss: Double?
    /// Speedup over the same engine, workload and scheme at the fewest threads measured.
    var speedup: Double?
    /// Speedup over the same engine's HOGWILD! at one thread (serial SGD), when measured.
    var speedup_over_serial: Double?
    /// The workload's other metrics after the last repeat (test error, RMSE, cut).
    var metrics: [String: Double]?
    /// The machine: CPU model, vector extensions and the kernel path chosen.
    var machine = MachineInfo.current().summary
}
