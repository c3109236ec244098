import Foundation
import Hogwild
import HogwildCommandLine

/// `hogwild-bench`: throughput of the engine per workload × scheme × threads, and the
/// memory speed of dense steps.
struct BenchCommand: Command {
    static let name = "run"
    static let summary = "measure updates/s per workload, scheme and thread count"
    static let help = """
    usage: hogwild-bench [options]
           hogwild-bench --dense [--floats N] [--repeats R] [--json]
           hogwild-bench --autograd [--torch PYTHON] [--repeats R] [--json]

    Measures training throughput (updates/s and samples/s) for each workload, scheme
    and thread count on data made in memory, through the harness's sweep, and prints
    a table (or JSON with --json). With --peer / --mc-peer it runs the C++ reference
    SVM / matrix completion on the same data in the same run and prints the Swift ÷
    C++ ratio. With --dense it measures bulk reads and writes of a dense range of shared
    parameters per scheme against memcpy, and a whole dense SGD step per scheme.
    With --autograd it measures the dense kernels on one thread: GEMM GFLOP/s
    (64×784×128, 64×128×10, 256³, 1024³), the core's FMA ceiling, the CNN's
    convolutions by im2col + GEMM against a direct loop nest, and a whole
    training step of the 784-128-10 MLP (batch 1 and 64) and of mnist_hogwild's CNN
    (batch 64); with --torch it runs PyTorch (torch.set_num_threads(1)) on the same
    shapes and steps in the same run and prints the ratios.
    Progress goes to standard error as it happens; the table or JSON to standard output.

    options:
      --workload LIST              svm, mc, cuts, logistic, leastSquares (default svm)
      --synthetic NAME             the data for a single workload: rcv1, rcv1-hot, netflix, kdd,
                                   jumbo, abdomen, dblife (default: the workload's)
      --scale S                    synthetic size relative to the paper's (default: quick)
      --rows N                     svm: rows of the RCV1-shaped set, rcv1 or rcv1-hot (overrides --scale)
      --rank R                     mc: factor rank (default 10)
      --data FILE                  a LIBSVM file instead (svm, logistic, leastSquares)
      --epochs N                   epochs per run (default 10)
      --threads LIST               thread counts, e.g. 1,2,4,8,16 (default 1,2)
      --schemes LIST|all           schemes (default all): hogwild, hogwildAtomic,
                                   coordinateLocks, roundRobin, globalLock, hotReplicas, automatic,
                                   conflictFree
      --optimizer NAME             sgd (default), momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw
      --step G --decay B           step size and per-epoch decay (default: the workload's)
      --lambda L                   L2 strength of the linear models (default 1e-4, the peer's)
      --repeats R                  repeat each run R times, report the median (default 1)
      --seed S                     data and training seed (default 1)
      --hot-coordinates K          hotReplicas: replicate K coordinates (default: from the data)
      --merge-interval M           hotReplicas: merge every M updates (default: 256 / threads, at least 8)
      --batch-terms B --hot-keys K conflictFree: terms a batch holds, keys whose steps wait for the batch's
                                   end (default: from the data)
      --merge MODE                 hotReplicas: automatic | locked | atomic | relaxed (default: locked,
                                   vector adds a block of 1,024 under a lock)
      --peer PATH                  the C++ SVM peer: a binary, or svm_hogwild.cpp to compile with g++ -O3
      --mc-peer PATH               the C++ matrix-completion peer: a binary, or mc_hogwild.cpp
      --dense                      the dense memory benchmark instead
      --floats N                   --dense: floats in the range (default 1,048,576)
      --autograd                   the dense-kernel benchmark instead
      --torch PYTHON               --autograd: a Python with torch, e.g. /tmp/torch/bin/python
      --parts LIST                 --autograd: gemm, conv, mlp1, mlp64, cnn64, adam64 (default all)
      --torch-script PATH          --autograd: PyTorch's side (default Benchmarks/torch_dense_bench.py)
      --json                       print JSON records instead of the table

    examples:
      swift run -c release hogwild-bench --threads 1,2 --peer ../shared/peers/cpp/svm_hogwild.cpp
      swift run -c release hogwild-bench --workload mc --scale 0.05 --rank 30 --schemes hogwild --mc-peer ../shared/peers/cpp/mc_hogwild.cpp
      swift run -c release hogwild-bench --dense --repeats 20
      swift run -c release hogwild-bench --autograd --torch /tmp/torch/bin/python --repeats 20
    """

    var benchmarks: [WorkloadBenchmark]
    var dense: DenseMemoryBenchmark?
    var autograd: AutogradBenchmark?
    var json: Bool
    var peerPath: String?
    var mcPeerPath: String?

    init(arguments args: inout Arguments) throws(UsageError) {
        json = args.flag("--json")
        // Progress goes to standard error, a line at a time as it happens, so it shows in
        // logs and pipes while standard output carries only the table or the JSON.
        let log: @Sendable (String) -> Void = { message in printError(message) }
        let repeats = try args.option("--repeats", default: 1, expected: "a positive integer", Parse.positiveInt)
        if args.flag("--autograd") {
            let python = try args.optionalOption("--torch", expected: "a Python interpreter with torch", Parse.string)
            let script = try args.option("--torch-script", default: "Benchmarks/torch_dense_bench.py",
                                         expected: "the PyTorch benchmark script", Parse.string)
            let parts = try args.list("--parts", default: AutogradBenchmark.allParts.sorted(),
                                      expected: "gemm, conv, mlp1, mlp64, cnn64") { AutogradBenchmark.allParts.contains($0) ? $0 : nil }
            autograd = AutogradBenchmark(repeats: max(repeats, 5), torchPython: python, torchScript: script,
                                         parts: Set(parts), log: log)
            benchmarks = []
            return
        }
        if args.flag("--dense") {
            let floats = try args.option("--floats", default: 1 << 20, expected: "a positive integer", Parse.positiveInt)
            dense = DenseMemoryBenchmark(floats: floats, repeats: max(repeats, 5), log: log)
            benchmarks = []
            return
        }
        let kinds = try args.list("--workload", default: [.svm],
                                  expected: WorkloadSpec.Kind.allCases.map(\.rawValue).joined(separator: ", ")) {
            WorkloadSpec.Kind(rawValue: $0)
        }
        let synthetic = try args.optionalOption("--synthetic", expected: SyntheticData.allCases.map(\.rawValue).joined(separator: ", ")) {
            SyntheticData(rawValue: $0)
        }
        let scale = try args.optionalOption("--scale", expected: "a number > 0") { Parse.double($0).flatMap { $0 > 0 ? $0 : nil } }
        let rows = try args.optionalOption("--rows", expected: "a positive integer", Parse.positiveInt)
        let rank = try args.option("--rank", default: 10, expected: "a positive integer", Parse.positiveInt)
        let data = try args.optionalOption("--data", expected: "a LIBSVM file", Parse.string)
        if synthetic != nil || data != nil, kinds.count > 1 {
            throw .conflict("--synthetic and --data choose the data of a single --workload")
        }
        let schemeNames = try args.list("--schemes", default: ["all"], expected: "scheme names or all", Parse.string)
        var kindsOfScheme: [SchemeKind] = []
        for name in schemeNames {
            if name == "all" { kindsOfScheme += SchemeKind.allCases; continue }
            guard let kind = try? SchemeKind(parsing: name) else {
                throw .invalidValue(flag: "--schemes", value: name,
                                    expected: "one of \(SchemeKind.allCases.map(\.rawValue).joined(separator: ", ")) or all")
            }
            kindsOfScheme.append(kind)
        }
        let hot = HotReplicaSettings(
            hotCoordinates: try args.optionalOption("--hot-coordinates", expected: "an integer ≥ 0", Parse.nonNegativeInt),
            mergeInterval: try args.optionalOption("--merge-interval", expected: "a positive integer", Parse.positiveInt),
            merge: try args.option("--merge", default: .automatic, expected: "automatic | locked | atomic | relaxed",
                                   HotReplicaSettings.MergeMode.init(argument:)))
        let conflictFree = ConflictFreeSettings(
            batchTerms: try args.optionalOption("--batch-terms", expected: "a positive integer", Parse.positiveInt),
            hotKeys: try args.optionalOption("--hot-keys", expected: "an integer ≥ 0", Parse.nonNegativeInt))
        let schemes = kindsOfScheme.map { kind in
            switch kind {
            case .hotReplicas: return SchemeChoice.hotReplicas(hot)
            case .conflictFree: return SchemeChoice.conflictFree(conflictFree)
            default: return SchemeChoice(kind)
            }
        }
        let optimizerName = try args.option("--optimizer", default: "sgd", expected: OptimizerCatalog.names.joined(separator: ", ")) {
            OptimizerCatalog.names.contains($0) ? $0 : nil
        }
        let optimizer: OptimizerChoice
        do { optimizer = try OptimizerChoice(name: optimizerName) } catch { throw .conflict("\(error)") }
        let epochs = try args.option("--epochs", default: 10, expected: "a positive integer", Parse.positiveInt)
        let threads = try args.list("--threads", default: [1, 2], expected: "positive integers, e.g. 1,2,4", Parse.positiveInt)
        let step = try args.optionalOption("--step", expected: "a number > 0", Parse.positiveFloat)
        let decay = try args.optionalOption("--decay", expected: "a number > 0", Parse.positiveFloat)
        let lambda = try args.option("--lambda", default: 1e-4, expected: "a number ≥ 0", Parse.nonNegativeFloat)
        let seed = try args.option("--seed", default: 1, expected: "a non-negative integer", Parse.uint64)
        peerPath = try args.optionalOption("--peer", expected: "a path to the SVM peer binary or its .cpp", Parse.string)
        mcPeerPath = try args.optionalOption("--mc-peer", expected: "a path to the MC peer binary or its .cpp", Parse.string)

        var benchmarks: [WorkloadBenchmark] = []
        for kind in kinds {
            var spec = WorkloadSpec(kind: kind, seed: seed)
            switch kind {
            case .svm: spec.settings = .svm(LinearSettings(penalty: LinearRegularization(l2: lambda)))
            case .logistic: spec.settings = .logistic(LinearSettings(penalty: LinearRegularization(l2: lambda)))
            case .leastSquares: spec.settings = .leastSquares(LinearSettings(penalty: LinearRegularization(l2: lambda)))
            case .mc:
                // With the C++ peer, the factors start as it starts them (uniform in [0, 0.1)),
                // so that the two runs differ only in their random draws.
                spec.settings = .mc(
                    MatrixCompletion.Configuration(
                        rank: rank, initialDistribution: mcPeerPath == nil ? .gaussian : .uniform))
            case .cuts, .mlp, .cnn, .softmax, .lstm, .gru, .rnn, .autoencoder: break
            }
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
                if let rows, [.rcv1, .rcv1Hot].contains(name) { size = SyntheticData.rcv1Scale(rows: rows) }
                spec.source = .synthetic(name, scale: size)
            }
            benchmarks.append(WorkloadBenchmark(spec: spec, epochs: epochs, threads: threads, schemes: schemes,
                                                optimizer: optimizer, step: step, decay: decay, repeats: repeats,
                                                seed: seed, peers: .init(), log: log))
        }
        self.benchmarks = benchmarks
    }

    func run() throws {
        if let autograd {
            let records = try autograd.run()
            print(json ? String(decoding: try ResultFiles.encoder().encode(records), as: UTF8.self)
                       : (["machine: " + MachineInfo.current().summary] + records.map(\.line)).joined(separator: "\n"))
            return
        }
        if let dense {
            let records = try dense.run()
            print(json ? String(decoding: try ResultFiles.encoder().encode(records), as: UTF8.self)
                       : records.map(\.line).joined(separator: "\n"))
            return
        }
        let directory = NSTemporaryDirectory() + "hogwild-peer-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let peers = WorkloadBenchmark.Peers(svm: try peerPath.map { try PeerRunner(path: $0, workDirectory: directory) },
                                            mc: try mcPeerPath.map { try PeerRunner(path: $0, workDirectory: directory) })
        var records: [BenchmarkRecord] = []
        for var benchmark in benchmarks {
            benchmark.peers = peers
            records += try benchmark.run()
        }
        if json {
            print(String(decoding: try ResultFiles.encoder().encode(records), as: UTF8.self))
        } else {
            print("machine: " + MachineInfo.current().summary)
            print(BenchmarkTable.render(records))
        }
    }
}

let tool = CommandLineTool(name: "hogwild-bench", summary: "throughput of the HOGWILD! engine",
                           commands: [BenchCommand.self], defaultCommand: BenchCommand.self)
exit(tool.main(Array(CommandLine.arguments.dropFirst())))
