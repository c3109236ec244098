/// One measured configuration: a row of the table and an object of the JSON output.
struct BenchmarkRecord: Codable {
    /// What ran it: "swift" (this project) or a peer ("cpp").
    var engine: String
    var workload: String
    var scheme: String
    var threads: Int
    var epochs: Int
    /// Training seconds (median over repeats), objective evaluation excluded.
    var seconds: Double
    var updates_per_second: Double
    /// The objective after the last epoch, regularizer included (nil where the
    /// engine does not report it).
    var objective: Double?
    /// The mean unregularized loss after the last epoch (for the SVM, the mean hinge:
    /// the number the C++ peer prints, so the two engines compare directly).
    var loss: Double?
    /// Speedup over the same engine, workload and scheme at the fewest threads measured.
    var speedup: Double?
    /// Speedup over the same engine's HOGWILD! at one thread (serial SGD), when measured.
    var speedup_over_serial: Double?
    /// The workload's other metrics after the last repeat (test error, RMSE, cut).
    var metrics: [String: Double]?
}
