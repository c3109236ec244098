import Foundation
import Hogwild
import HogwildCommandLine

/// `hogwild-bench`: throughput of the engine per workload × scheme × threads.
struct BenchCommand: Command {
    static let name = "run"
    static let summary = "measure updates/s per workload, scheme and thread count"
    static let help = """
    usage: hogwild-bench [options]

    Measures training throughput (updates/s) for each workload, scheme and thread
    count on data made in memory, and prints a table (or JSON with --json). With
    --peer it runs the C++ reference SVM on the same rows in the same run and prints
    the Swift ÷ C++ ratio.

    options:
      --workload LIST              svm, mc, cuts, logistic, leastSquares (default svm)
      --synthetic NAME             the data for a single workload: rcv1, netflix, kdd, jumbo,
                                   abdomen, dblife (default: the workload's)
      --scale S                    synthetic size relative to the paper's (default: quick)
      --rows N                     svm: rows of the RCV1-shaped set (overrides --scale)
      --data FILE                  a LIBSVM file instead (svm, logistic, leastSquares)
      --epochs N                   epochs per run (default 10)
      --threads LIST               thread counts, e.g. 1,2,4,8,16 (default 1,2)
      --schemes LIST|all           schemes (default all): hogwild, hogwildAtomic,
                                   coordinateLocks, roundRobin, globalLock, hotReplicas
      --step G --decay B           step size and per-epoch decay (default: the workload's)
      --lambda L                   L2 strength of the linear models (default 1e-4, the peer's)
      --repeats R                  repeat each run R times, report the median (default 1)
      --seed S                     data and training seed (default 1)
      --hot-coordinates K          hotReplicas: replicate K coordinates (default: from the data)
      --merge-interval M           hotReplicas: merge every M updates (default: 4096 / threads)
      --merge atomic|relaxed       hotReplicas: how deltas are merged (default atomic)
      --peer PATH                  the C++ peer: a binary, or svm_hogwild.cpp to compile with g++ -O3
      --json                       print JSON records instead of the table

    example:
      swift run -c release hogwild-bench --threads 1,2 --peer ../shared/peers/cpp/svm_hogwild.cpp
      swift run -c release hogwild-bench --workload mc,cuts --threads 1,2 --repeats 3
    """

    var benchmarks: [WorkloadBenchmark]
    var json: Bool
    var peerPath: String?

    init(arguments args: inout Arguments) throws(UsageError) {
        let kinds = try args.list("--workload", default: [.svm],
                                  expected: WorkloadSpec.Kind.allCases.map(\.rawValue).joined(separator: ", ")) {
            WorkloadSpec.Kind(rawValue: $0)
        }
        let synthetic = try args.optionalOption("--synthetic", expected: SyntheticData.allCases.map(\.rawValue).joined(separator: ", ")) {
            SyntheticData(rawValue: $0)
        }
        let scale = try args.optionalOption("--scale", expected: "a number > 0") { Parse.double($0).flatMap { $0 > 0 ? $0 : nil } }
        let rows = try args.optionalOption("--rows", expected: "a positive integer", Parse.positiveInt)
        let data = try args.optionalOption("--data", expected: "a LIBSVM file", Parse.string)
        if synthetic != nil || data != nil, kinds.count > 1 {
            throw .conflict("--synthetic and --data choose the data of a single --workload")
        }
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
        let epochs = try args.option("--epochs", default: 10, expected: "a positive integer", Parse.positiveInt)
        let threads = try args.list("--threads", default: [1, 2], expected: "positive integers, e.g. 1,2,4", Parse.positiveInt)
        let step = try args.optionalOption("--step", expected: "a number > 0", Parse.positiveFloat)
        let decay = try args.optionalOption("--decay", expected: "a number > 0", Parse.positiveFloat)
        let lambda = try args.option("--lambda", default: 1e-4, expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let repeats = try args.option("--repeats", default: 1, expected: "a positive integer", Parse.positiveInt)
        let seed = try args.option("--seed", default: 1, expected: "a non-negative integer", Parse.uint64)
        peerPath = try args.optionalOption("--peer", expected: "a path to the peer binary or its .cpp", Parse.string)
        let hotReplicas = HotReplicaSettings(
            hotCoordinates: try args.optionalOption("--hot-coordinates", expected: "an integer ≥ 0", Parse.nonNegativeInt),
            mergeInterval: try args.optionalOption("--merge-interval", expected: "a positive integer", Parse.positiveInt),
            merge: try args.option("--merge", default: .atomicAdd, expected: "atomic | relaxed",
                                   HotReplicaSettings.MergeMode.init(argument:)))

        var benchmarks: [WorkloadBenchmark] = []
        for kind in kinds {
            var spec = WorkloadSpec(kind: kind, seed: seed)
            spec.regularization = LinearRegularization(l2: lambda)
            if let data {
                guard [.svm, .logistic, .leastSquares].contains(kind) else {
                    throw .conflict("--data reads LIBSVM files for svm, logistic or leastSquares")
                }
                spec.source = .libsvm(path: data, test: nil)
            } else {
                let name = synthetic ?? kind.defaultData
                guard name.fits(kind) else {
                    throw .conflict(WorkloadError.dataDoesNotFitModel(data: name.rawValue, model: kind.rawValue).description)
                }
                var size = scale
                if let rows, name == .rcv1 { size = Double(rows) / 781_265 }
                spec.source = .synthetic(name, scale: size)
            }
            benchmarks.append(WorkloadBenchmark(spec: spec, epochs: epochs, threads: threads, schemes: schemes,
                                                step: step, decay: decay, repeats: repeats, seed: seed,
                                                hotReplicas: hotReplicas, peer: nil,
                                                log: { message in if !quiet { print(message) } }))
        }
        self.benchmarks = benchmarks
    }

    func run() throws {
        var peer: PeerRunner?
        var workDirectory: String?
        if let peerPath {
            let directory = NSTemporaryDirectory() + "hogwild-peer-\(getpid())"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            workDirectory = directory
            peer = try PeerRunner(path: peerPath, workDirectory: directory)
        }
        defer { if let workDirectory { try? FileManager.default.removeItem(atPath: workDirectory) } }
        var records: [BenchmarkRecord] = []
        for var benchmark in benchmarks {
            benchmark.peer = peer
            records += try benchmark.run()
        }
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
