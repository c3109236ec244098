import FoundationEssentials
import Hogwild
import HogwildCommandLine
import HogwildDistributed
import HogwildPlatform

/// `hogwild scale`: the threads × schemes sweep.
struct ScaleCommand: Command {
    static let name = "scale"
    static let summary = "sweep threads × schemes: speedups, updates/s, time to target, plots"
    static let help = """
        usage: hogwild scale [options]

        Trains the workload with every scheme at every thread count (each --repeats
        times, repeats interleaved), and reports per cell the median time for the epochs
        with its min–max, updates/s, the speedup over serial SGD (HOGWILD! on 1 thread, no
        locks) at equal epochs, the final objective and the time to reach the target
        objective. With --out it writes summary.csv, epochs.csv, results.json,
        speedup.svg and objective-vs-time.svg.

        sweep:
          --threads LIST       thread counts (default 1, 2, 4, … up to the cores)
          --schemes LIST|all   default hogwild,coordinateLocks,roundRobin,globalLock,hotReplicas,conflictFree
                               (conflictFree only for sparse workloads)
          --repeats R          runs per cell; the table shows the median and spread (default 1)
          --target F           objective for "time to target" (default: 1% above serial's final)
        \(SchemeOptions.help)
        \(OptimizerOptions.help)
        \(TrainingOptions.help(defaultEpochs: 10))

        what to train:
        \(WorkloadOptions.help)

        ranks (distributed jobs, each cell a real mpirun; needs Open MPI and --out):
          --ranks LIST         rank counts: sweep ranks × --threads (every pair), or
          --cells LIST         explicit ranks×threads pairs, e.g. 1x2,2x1,4x1
          --distributed LIST   averaging,async (default both)
          --exchange-every N   updates per rank between exchanges (default automatic, as train's)
          --mpirun PATH        the launcher (default mpirun on the PATH's usual places)
          the other options are handed to each `hogwild train` (one scheme, one optimizer);
          writes ranks.csv and objective-vs-time.svg

        example:
          hogwild scale --threads 1,2,4,8,16 --schemes hogwild,coordinateLocks,roundRobin,globalLock --repeats 3 \\
              --out results/scale
          hogwild scale --cells 1x2,2x1,4x1 --data debian.libsvm --epochs 20 --out results/ranks
        """

    var options: TrainingOptions
    var workload: WorkloadOptions
    var threads: [Int]
    var schemes: [SchemeChoice]
    var optimizer: OptimizerChoice
    var repeats: Int
    var target: Double?
    var rankSweep: RankSweep?

    init(arguments args: inout Arguments) throws(UsageError) {
        let schemesGiven = args.remaining.contains { $0 == "--schemes" || $0.hasPrefix("--schemes=") }
        let ranks = try args.list(
            "--ranks", default: [Int](), expected: "positive integers, e.g. 1,2,4", Parse.positiveInt)
        let cells = try args.list(
            "--cells", default: [(ranks: Int, threads: Int)](), expected: "ranks×threads pairs, e.g. 1x2,2x1,4x1"
        ) { text in
            let parts = text.split(separator: "x")
            guard parts.count == 2, let r = Parse.positiveInt(String(parts[0])),
                let t = Parse.positiveInt(String(parts[1]))
            else { return nil }
            return (ranks: r, threads: t)
        }
        let methods = try args.list("--distributed", default: ExchangeMethod.allCases, expected: "averaging,async") {
            ExchangeMethod(rawValue: $0)
        }
        let every = try args.optionalOption(
            "--exchange-every", expected: "a positive number of updates", Parse.positiveInt)
        let launcher = try args.optionalOption("--mpirun", expected: "the path of mpirun", Parse.string)
        threads = try args.list(
            "--threads", default: powersOfTwo(upTo: ProcessInfo.processInfo.activeProcessorCount),
            expected: "positive integers, e.g. 1,2,4", Parse.positiveInt)
        schemes = try SchemeOptions.schemes(&args, default: PaperRecipes.figureSchemes.map(\.kind))
        optimizer = try OptimizerOptions.optimizer(&args)
        repeats = try args.option("--repeats", default: 1, expected: "a positive integer", Parse.positiveInt)
        target = try args.optionalOption("--target", expected: "a number", Parse.double)
        let rest = args.remaining
        options = try TrainingOptions(arguments: &args, defaultEpochs: 10)
        workload = try WorkloadOptions(arguments: &args)
        if !schemesGiven, workload.spec.kind.isNetwork {
            // The default list's conflict-free scheme takes sparse steps only.
            schemes.removeAll { $0.kind == .conflictFree }
        }
        if !ranks.isEmpty || !cells.isEmpty {
            guard ranks.isEmpty || cells.isEmpty else {
                throw .conflict("--ranks and --cells are two ways to say the same thing: give one")
            }
            guard options.out != nil else {
                throw .conflict("a rank sweep writes its table and plot: give --out DIRECTORY")
            }
            if !schemesGiven { schemes = [.hogwild] }
            guard schemes.count == 1, repeats == 1, target == nil else {
                throw .conflict(
                    "a rank sweep runs one scheme (--schemes NAME) once per cell; --repeats and --target are for the "
                        + "thread sweep"
                )
            }
            let mpirun = launcher ?? ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first { access($0, X_OK) == 0 }
            guard let mpirun else {
                throw .invalidValue(
                    flag: "--mpirun", value: "(none found)", expected: "Open MPI's mpirun (apt-get install openmpi-bin)"
                )
            }
            var train = rest.filter { !$0.hasPrefix("--out=") }
            if let i = train.firstIndex(of: "--out"), i + 1 < train.count { train.removeSubrange(i...(i + 1)) }
            rankSweep = RankSweep(
                cells: cells.isEmpty ? ranks.flatMap { r in threads.map { (ranks: r, threads: $0) } } : cells,
                methods: methods, every: every, mpirun: mpirun,
                trainArguments: train + ["--scheme", schemes[0].kind.rawValue])
        }
    }

    func run() throws {
        if let rankSweep, let out = options.out { return try rankSweep.run(out: out) }
        let workload = try WorkloadCatalog.make(self.workload.spec)
        Output.line("data: \(workload.summary)")
        let plan = SweepPlan(
            threads: threads, schemes: schemes, optimizer: optimizer, repeats: repeats,
            epochs: options.epochs, schedule: options.schedule(default: workload.defaultSchedule(for: optimizer)),
            delays: [options.delayNanoseconds], seed: options.seed, sampling: options.sampling,
            optimizerState: options.optimizerState, target: target)
        let result = try Sweep.run(workload, plan: plan, progress: Output.line)
        Output.line("\n" + result.textTable)
        Output.line(
            String(printf: "\ntime to target = training seconds until the objective first reached %.6g", result.target))
        if let out = options.out {
            let names = try result.writeFiles(to: out, charts: true)
            Output.line("wrote \(out)/" + names.joined(separator: ", "))
        }
    }
}
