import FoundationEssentials
import Hogwild
import HogwildCommandLine
import HogwildDistributed
import HogwildPlatform

/// `hogwild scale --ranks 1,2,4`: ranks × threads for a distributed job. Each cell is
/// a real `mpirun -np R hogwild train --distributed M --threads T …` whose rank 0 writes
/// its results; the sweep gathers them into one table, `ranks.csv` (every epoch of
/// every cell: wall time, objective, bytes exchanged, samples/s) and
/// `objective-vs-time.svg`.
struct RankSweep {
    var cells: [(ranks: Int, threads: Int)]
    var methods: [ExchangeMethod]
    /// `--exchange-every` for every cell; nil: each cell's automatic interval.
    var every: Int?
    var mpirun: String
    /// The `train` options every cell shares (workload, epochs, step, seed …).
    var trainArguments: [String]

    /// Runs every cell and method; writes to `out`.
    func run(out: String) throws {
        try ResultFiles.makeDirectory(out)
        let executable = Self.ownExecutable()
        var rows: [[String]] = []
        var series: [LineChart.Series] = []
        var summary = ["method    ranks threads    objective    seconds      samples/s       MB/epoch"]
        for method in methods {
            for cell in cells {
                let directory = "\(out)/\(method.rawValue)-\(cell.ranks)x\(cell.threads)"
                // Unbound: Open MPI would otherwise pin a small job's ranks to one core
                // each, and a rank's worker threads would share it.
                var arguments = ["-np", "\(cell.ranks)", "--oversubscribe", "--bind-to", "none"]
                if getuid() == 0 { arguments.append("--allow-run-as-root") }
                arguments +=
                    [executable] + ["train"] + trainArguments
                    + [
                        "--threads", "\(cell.threads)", "--distributed", method.rawValue, "--out", directory,
                    ] + (every.map { ["--exchange-every", "\($0)"] } ?? [])
                Output.line(
                    "\(method.rawValue), \(cell.ranks) ranks × \(cell.threads) threads: \(mpirun) "
                        + "\(arguments.joined(separator: " "))"
                )
                let status = try Self.spawn(mpirun, arguments)
                guard status == 0 else {
                    throw RankSweepFailed(cell: "\(method.rawValue) \(cell.ranks)×\(cell.threads)", status: status)
                }
                guard let data = FileManager.default.contents(atPath: directory + "/results.json") else {
                    throw RankSweepFailed(
                        cell: "\(method.rawValue) \(cell.ranks)×\(cell.threads) (no \(directory)/results.json)",
                        status: 1)
                }
                let result = try ResultFiles.decoder().decode(SingleRunResult.self, from: data)
                let report = result.run.report
                var points = [LineChart.Point(x: 0, y: report.initialObjective)]
                for epoch in report.epochs {
                    let exchange = epoch.exchange
                    rows.append([
                        "\(method.rawValue) \(cell.ranks)×\(cell.threads)", method.rawValue, "\(cell.ranks)",
                        "\(cell.threads)", "\(epoch.epoch)",
                        String(printf: "%.6f", epoch.elapsed), epoch.objective.map { String(printf: "%.8g", $0) } ?? "",
                        "\(epoch.updates)", String(printf: "%.1f", epoch.samplesPerSecond),
                        "\(exchange?.bytesSent ?? 0)", "\(exchange?.bytesPredicted ?? 0)",
                        String(printf: "%.6f", exchange?.seconds ?? 0), "\(exchange?.rounds ?? 0)",
                    ])
                    if let objective = epoch.objective { points.append(.init(x: epoch.elapsed, y: objective)) }
                }
                series.append(.init(name: "\(method.rawValue) \(cell.ranks)×\(cell.threads)", points: points))
                let bytes =
                    report.epochs.map { Double($0.exchange?.bytesSent ?? 0) }.reduce(0, +)
                    / Double(max(1, report.epochs.count))
                summary.append(
                    (method.rawValue + String(repeating: " ", count: max(1, 10 - method.rawValue.count)))
                        + String(
                            printf: "%5d %7d %12.6f %10.3f %14.0f %14.2f", cell.ranks, cell.threads,
                            report.finalObjective, report.seconds,
                            report.seconds > 0
                                ? Double(report.epochs.reduce(0) { $0 + $1.samples }) / report.seconds : 0,
                            bytes / 1e6))
            }
        }
        var table = CSVTable(header: [
            "cell", "method", "ranks", "threads", "epoch", "elapsed_s", "objective", "updates",
            "samples_per_s", "bytes_sent", "bytes_predicted", "exchange_s", "rounds",
        ])
        table.rows = rows
        try table.write(to: out + "/ranks.csv")
        var chart = LineChart(
            title: "Objective against wall time, ranks × threads", xLabel: "training seconds", yLabel: "objective")
        chart.yIncludesZero = false
        chart.series = series
        // Log when the first epoch falls far (it shows where each cell levels off); linear
        // when every objective lies within a decade.
        chart.yScale = AxisScale.suited(to: series.flatMap { $0.points.map(\.y) })
        try chart.write(to: out + "/objective-vs-time.svg")
        Output.line("\n" + summary.joined(separator: "\n"))
        Output.line(
            "wrote \(out)/ranks.csv, \(out)/objective-vs-time.svg and each cell's results in \(out)/METHOD-RxT/")
    }

    /// This process's executable, so that every cell runs the same build.
    static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Runs `program` with `arguments` (its output goes where ours does); its exit status.
    static func spawn(_ program: String, _ arguments: [String]) throws -> Int32 {
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, program, nil, nil, argv, environ)
        guard code == 0 else { throw RankSweepFailed(cell: "starting \(program)", status: code) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (the macros are not imported).
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// A cell of the rank sweep failed; its own output says why.
struct RankSweepFailed: Error, CustomStringConvertible {
    let cell: String
    let status: Int32
    var description: String { "the rank sweep's cell \(cell) failed with status \(status) (its output is above)" }
}
