import Foundation
import Hogwild
import HogwildCommandLine

/// `hogwild-bench`: throughput of the engine per workload × scheme × threads.
struct BenchCommand: Command {
    static let name = "run"
    static let summary = "measure updates/s per workload, scheme and thread count"
    static let help = """
    usage: hogwild-bench [options]

    Measures training throughput (updates/s) for each scheme at each thread count,
    on data made in memory, and prints a table (or JSON with --json). With --peer it
    runs the C++ reference on the same data in the same run and prints the ratio.

    options:
      --workload svm               the workload (svm: RCV1-shaped sparse SVM)
      --rows N                     rows of the synthetic set (default 200000)
      --features N                 features (default 47236, RCV1's)
      --epochs N                   epochs per run (default 10)
      --threads LIST               thread counts, e.g. 1,2,4,8,16 (default 1,2)
      --schemes LIST|all           schemes (default all): hogwild, hogwildAtomic,
                                   coordinateLocks, roundRobin, globalLock
      --step G --decay B           step size and per-epoch decay (default 0.05, 0.9)
      --lambda L                   L2 strength (default 1e-4, the peer's)
      --repeats R                  repeat each run R times, report the median (default 1)
      --seed S                     data and training seed (default 1)
      --peer PATH                  the C++ peer: a binary, or svm_hogwild.cpp to compile with g++ -O3
      --json                       print JSON records instead of the table

    example:
      swift run -c release hogwild-bench --threads 1,2 --peer ../shared/peers/cpp/svm_hogwild.cpp
    """

    var benchmark: SVMBenchmark
    var json: Bool

    init(arguments args: inout Arguments) throws(UsageError) {
        let workload = try args.option("--workload", default: "svm", expected: "svm", Parse.string)
        guard workload == "svm" else { throw .invalidValue(flag: "--workload", value: workload, expected: "svm") }
        let schemeNames = try args.list("--schemes", default: ["all"], expected: "scheme names or all", Parse.string)
        var schemes: [SchemeKind] = []
        for name in schemeNames {
            if name == "all" { schemes += SchemeKind.allCases; continue }
            guard let kind = try? SchemeKind(parsing: name) else {
                throw .invalidValue(flag: "--schemes", value: name,
                                    expected: "one of \(SchemeKind.allCases.map(\.rawValue).joined(separator: ", ")) or all")
            }
            schemes.append(kind)
        }
        json = args.flag("--json")
        let quiet = json
        benchmark = SVMBenchmark(
            rows: try args.option("--rows", default: 200_000, expected: "a positive integer", Parse.positiveInt),
            features: try args.option("--features", default: 47_236, expected: "a positive integer", Parse.positiveInt),
            epochs: try args.option("--epochs", default: 10, expected: "a positive integer", Parse.positiveInt),
            threads: try args.list("--threads", default: [1, 2], expected: "positive integers, e.g. 1,2,4", Parse.positiveInt),
            schemes: schemes,
            step: try args.option("--step", default: 0.05, expected: "a number > 0", Parse.positiveFloat),
            decay: try args.option("--decay", default: 0.9, expected: "a number > 0", Parse.positiveFloat),
            lambda: try args.option("--lambda", default: 1e-4, expected: "a number ≥ 0", Parse.nonNegativeFloat),
            repeats: try args.option("--repeats", default: 1, expected: "a positive integer", Parse.positiveInt),
            seed: try args.option("--seed", default: 1, expected: "a non-negative integer", Parse.uint64),
            peer: try args.optionalOption("--peer", expected: "a path to the peer binary or its .cpp", Parse.string),
            log: { message in if !quiet { print(message) } })
    }

    func run() throws {
        let records = try benchmark.run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(records), as: UTF8.self))
        } else {
            print(BenchmarkTable.render(records))
        }
    }
}

let tool = CommandLineTool(name: "hogwild-bench", summary: "throughput of the HOGWILD! engine",
                           commands: [BenchCommand.self], defaultCommand: BenchCommand.self)
exit(tool.main(Array(CommandLine.arguments.dropFirst())))
