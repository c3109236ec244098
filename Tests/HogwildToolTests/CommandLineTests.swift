import Foundation
import Testing
import Hogwild
import HogwildCommandLine
import HogwildTestSupport
@testable import HogwildTool

/// The `hogwild` tool end to end, in-process: exit codes, help texts, result files.
@Suite struct CommandLineTests {
    static var commands: [any Command.Type] { HogwildTool.tool.commands }
    /// Tiny data so every run takes a moment.
    static let tiny = ["--synthetic", "rcv1", "--scale", "0.002", "--epochs", "2"]

    @Test func everyCommandHasHelpThatExitsZero() {
        #expect(HogwildTool.main(["--help"]) == 0)
        for command in Self.commands {
            #expect(HogwildTool.main([command.name, "--help"]) == 0, "\(command.name)")
            #expect(command.help.hasPrefix("usage: hogwild \(command.name)"), "\(command.name)")
        }
    }

    /// Every `--flag` a help text mentions is one the command's parser accepts, so the
    /// help stays true as options change.
    @Test func everyOptionInTheHelpIsAccepted() throws {
        let flag = try Regex(#"--[a-z][a-z0-9-]*"#)
        for command in Self.commands {
            // Commands with a positional argument get one; `data` has two subcommands,
            // each with its own help.
            let prefixes: [[String]] = switch command.name {
            case "data": [["stats"], ["write"]]
            case "reproduce": [["table2"]]
            case "plot": [["f.csv"]]
            default: [[]]
            }
            for prefix in prefixes {
                // mpirun's own flags in an example (`mpirun -np 4 --bind-to none hogwild …`) are not ours.
                let help = command.help(for: prefix).split(separator: "\n", omittingEmptySubsequences: false).map {
                    line -> String in
                    guard let start = line.range(of: "mpirun "), let end = line.range(of: " hogwild ") else {
                        return String(line)
                    }
                    return String(line[..<start.lowerBound] + line[end.lowerBound...])
                }.joined(separator: "\n")
                for name in Set(help.matches(of: flag).map { String(help[$0.range]) }) where name != "--help" {
                    // A value may be missing or invalid; only "unknown option" means the help lies.
                    var args = Arguments(prefix + [name])
                    do {
                        _ = try command.init(arguments: &args)
                        try args.finish()
                    } catch {
                        if case UsageError.unknownFlag = error {
                            Issue.record("\(command.name) \(prefix.joined()) --help mentions \(name), which it rejects")
                        }
                    }
                }
            }
        }
    }

    @Test func wrongFlagOrValueExitsTwo() {
        #expect(HogwildTool.main(["train", "--thread", "2"]) == 2)
        #expect(HogwildTool.main(["train", "--threads", "zero"]) == 2)
        #expect(HogwildTool.main(["train", "--scheme", "fast"]) == 2)
        #expect(HogwildTool.main(["scale", "--threads", "1,,2"]) == 2)
        #expect(HogwildTool.main(["reproduce", "fig9"]) == 2)
        #expect(HogwildTool.main(["frobnicate"]) == 2)
        #expect(HogwildTool.main(["train", "--workload", "mc", "--synthetic", "rcv1"]) == 2)
        #expect(HogwildTool.main(["train", "--optimizer", "sgd", "--beta1", "0.9"]) == 2)
        #expect(HogwildTool.main(["train", "--optimizer", "adam", "--beta2", "1.5"]) == 2)
        #expect(HogwildTool.main(["train", "--optimizer", "lbfgs"]) == 2)
        #expect(HogwildTool.main(["train", "--clip-norm", "0"]) == 2)
        #expect(HogwildTool.main(["train", "--rank", "30"]) == 2)
        #expect(HogwildTool.main(["train", "--merge-interval", "8"]) == 2)
    }

    @Test func failureWhileRunningExitsOne() {
        #expect(HogwildTool.main(["train", "--data", "/nonexistent/file.libsvm"]) == 1)
    }

    @Test func ratesReadAsSamplesWhereAStepIsAMinibatch() {
        #expect(ProgressReporter.rate(updates: 2_400_000, samples: 2_400_000, seconds: 1) == "2.40 M updates/s")
        // 937 minibatches of 64 in 0.32 s: not "0.00 M updates/s".
        #expect(ProgressReporter.rate(updates: 937, samples: 59_968, seconds: 0.32) == "187,400 samples/s (2,928 steps/s)")
        #expect(ProgressReporter.rate(updates: 34_270, samples: 34_270, seconds: 1) == "34,270 updates/s")
        #expect(ProgressReporter.grouped(999) == "999" && ProgressReporter.grouped(1_000) == "1,000")
        #expect(ProgressReporter.rate(updates: 0, samples: 0, seconds: 0) == "-")
    }

    @Test func trainWritesResultFiles() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["train", "--threads", "2", "--out", dir.path] + Self.tiny) == 0)
        let result = try ResultFiles.decoder().decode(SingleRunResult.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("results.json"))))
        #expect(result.run.report.epochs.count == 2 && result.run.metrics["train_error"] != nil)
        // The default scheme: HOGWILD!, with hot replicas where the data have hot coordinates.
        #expect(result.workload.spec.syntheticData == .rcv1 && result.run.scheme == .automatic)
        let csv = try CSVTable.read(dir.file("results.csv"))
        #expect(csv.rows.count == 2 && csv.header == RunTable.header)
        let objective = try csv.column("objective")
        #expect(csv.rows.map { $0[objective] } == result.run.report.epochs.map { "\($0.objective!)" })
    }

    @Test(arguments: ["mc", "cuts", "logistic", "leastSquares"])
    func trainRunsEveryWorkload(_ workload: String) {
        let data: [String] = switch workload {
        case "mc": ["--synthetic", "netflix", "--scale", "0.0002"]
        case "cuts": ["--synthetic", "abdomen", "--scale", "0.00003"]
        default: ["--synthetic", "rcv1", "--scale", "0.002"]
        }
        #expect(HogwildTool.main(["train", "--workload", workload, "--epochs", "2", "--test-fraction", workload == "cuts" ? "0" : "0.1"] + data) == 0)
    }

    @Test func scaleWritesTablesAndPlotsWithEverySeries() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["scale", "--threads", "1,2", "--schemes", "hogwild,roundRobin,globalLock",
                                  "--out", dir.path] + Self.tiny) == 0)
        for name in ["summary.csv", "epochs.csv", "results.json", "speedup.svg", "objective-vs-time.svg"] {
            #expect(dir.exists(name), "\(name)")
        }
        let speedup = try SVGInspector.inspect(dir.file("speedup.svg"))
        #expect(speedup.root == "svg")
        #expect(speedup.series == ["HOGWILD!", "RR", "locked SGD", "ideal (linear)"])
        let summary = try CSVTable.read(dir.file("summary.csv"))
        #expect(summary.rows.count == 6)
        let schemeColumn = try summary.column("scheme"), threadsColumn = try summary.column("threads")
        let serial = try #require(summary.rows.first { $0[schemeColumn] == "hogwild" && $0[threadsColumn] == "1" })
        // Each cell's speedup is serial HOGWILD!'s median time over the cell's, its bars
        // the same over the cell's slowest and fastest run.
        let serialSeconds = try #require(Double(serial[try summary.column("median_seconds")]))
        let columns = try ["median_seconds", "max_seconds", "min_seconds", "speedup", "speedup_low", "speedup_high"]
            .map { try summary.column($0) }
        for row in summary.rows {
            let values = columns.map { Double(row[$0])! }
            for (time, speedup) in [(values[0], values[3]), (values[1], values[4]), (values[2], values[5])] {
                #expect(abs(speedup - serialSeconds / time) <= 1e-12 * speedup, "\(row)")
            }
            #expect(values[4] <= values[3] && values[3] <= values[5], "\(row)")
        }
    }

    @Test func compareWritesConvergencePlots() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["compare", "--threads", "2", "--seeds", "1,2", "--out", dir.path] + Self.tiny) == 0)
        let result = try ResultFiles.decoder().decode(ConvergenceComparison.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("comparison.json"))))
        #expect(result.runs.count == 4)
        #expect(try SVGInspector.inspect(dir.file("objective-vs-epoch.svg")).series == ["HOGWILD!", "locked SGD"])
        #expect(try SVGInspector.inspect(dir.file("objective-vs-time.svg")).series.count == 2)
    }

    @Test func compareComparesOptimizersWithTheirOwnDefaultSteps() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["compare", "--threads", "2", "--seeds", "1", "--optimizers", "sgd,adagrad,momentum",
                                  "--momentum", "0.8", "--out", dir.path] + Self.tiny) == 0)
        let result = try ResultFiles.decoder().decode(ConvergenceComparison.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("comparison.json"))))
        #expect(result.variants.map(\.optimizer.name) == ["sgd", "adagrad", "momentum"])
        #expect(result.variants.allSatisfy { $0.scheme == .hogwild })
        // Momentum's default step is SGD's scaled by 1 − μ; AdaGrad has its own.
        #expect(result.variants[2].schedule == result.variants[0].schedule.scaled(by: 1 - 0.8))
        #expect(result.variants[1].schedule == .epochDecay(initial: 0.5, factor: 0.9))
        #expect(try SVGInspector.inspect(dir.file("objective-vs-epoch.svg")).series == ["sgd", "adagrad", "momentum"])
    }

    @Test func plotDrawsOneSeriesPerGroupAndNamesAMissingColumn() throws {
        let dir = TemporaryDirectory()
        dir.write("s.csv", "threads,speedup,scheme\n1,1,a\n2,1.8,a\n1,0.9,b\n2,0.7,b\n")
        #expect(HogwildTool.main(["plot", dir.file("s.csv"), "--x", "threads", "--y", "speedup", "--group", "scheme",
                                  "--out", dir.file("s.svg")]) == 0)
        #expect(try SVGInspector.inspect(dir.file("s.svg")).series == ["a", "b"])
        #expect(HogwildTool.main(["plot", dir.file("s.csv"), "--x", "thread", "--y", "speedup", "--out", dir.file("t.svg")]) == 1)
        #expect(HogwildTool.main(["plot", dir.file("s.csv"), "--x", "threads", "--y", "speedup"]) == 2)
    }

    @Test func dataStatsAndWriteRoundTrip() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["data", "stats", "--synthetic", "netflix", "--scale", "0.0002"]) == 0)
        #expect(HogwildTool.main(["data", "write", "--synthetic", "rcv1", "--scale", "0.001", "--out", dir.file("d.libsvm")]) == 0)
        #expect(HogwildTool.main(["data", "stats", "--data", dir.file("d.libsvm"), "--json"]) == 0)
        #expect(HogwildTool.main(["data", "stats", dir.file("d.libsvm")]) == 0, "the file as people type it")
        #expect(HogwildTool.main(["data", "stats", dir.file("d.libsvm"), "--data", dir.file("d.libsvm")]) == 2)
        #expect(DataCommand.help(for: ["stats"]) != DataCommand.help(for: ["write"]))
        #expect(DataCommand.help(for: ["write"]).contains("--terminals-out") && !DataCommand.help(for: ["stats"]).contains("--out"))
        #expect(HogwildTool.main(["data", "write", "--workload", "cuts", "--synthetic", "dblife", "--scale", "0.001",
                                  "--out", dir.file("e.txt"), "--terminals-out", dir.file("t.txt")]) == 0)
        #expect(HogwildTool.main(["train", "--workload", "cuts", "--edges", dir.file("e.txt"), "--terminals", dir.file("t.txt"),
                                  "--epochs", "2"]) == 0)
        #expect(HogwildTool.main(["data", "frobnicate"]) == 2)
    }

    @Test func codeAndTheCommandLineShareTheirDefaults() throws {
        var args = Arguments([])
        let train = try TrainCommand(arguments: &args)
        // What `hogwild train` uses without flags is what a library user gets, and what
        // its help says.
        #expect(train.threads == TrainingConfiguration().threads)
        #expect(train.options.epochs == TrainingConfiguration().epochs)
        #expect(TrainCommand.help.contains("--threads N          worker threads (default \(TrainingConfiguration().threads))"))
        #expect(TrainCommand.help.contains("passes over the data (default \(TrainingConfiguration().epochs))"))
    }
}
