import FoundationEssentials
import Hogwild
import HogwildCommandLine

/// `hogwild compare`: convergence of schemes (HOGWILD! against locked SGD) or of
/// optimizers on the same data and seeds.
struct CompareCommand: Command {
    static let name = "compare"
    static let summary =
        "convergence of HOGWILD! vs locked SGD, or of optimizers, over seeds: objective by epoch and by time"
    static let help = """
        usage: hogwild compare [options]

        Trains the workload with each scheme × optimizer and each seed (the seed changes
        the order of the terms; data and starting point stay the same) and prints the
        final objective as mean ± sd over the seeds, the mean time, the epoch at which each
        reaches the first one's final objective, and the metrics. Each optimizer starts
        from its own default step size unless --step is given. With --out it writes
        comparison.csv (every epoch of every run), comparison.json,
        objective-vs-epoch.svg (mean ± sd) and objective-vs-time.svg.

        comparison:
          --schemes LIST|all   default hogwild,globalLock (hogwild alone with --optimizers)
          --optimizers LIST    e.g. sgd,adagrad,adam (default sgd)
          --threads N          worker threads (default: the cores)
          --seeds LIST         default 1,2,3
        \(SchemeOptions.help)
        \(OptimizerOptions.help)
        \(TrainingOptions.help())

        what to train:
        \(WorkloadOptions.help)

        examples:
          hogwild compare --workload mc --schemes hogwild,globalLock --threads 4 --seeds 1,2,3 --out results/compare
          hogwild compare --workload mc --optimizers sgd,adagrad --epochs 20 --out results/adagrad
        """

    var options: TrainingOptions
    var workload: WorkloadOptions
    var threads: Int
    var schemes: [SchemeChoice]
    var optimizers: [OptimizerChoice]
    var seeds: [UInt64]

    init(arguments args: inout Arguments) throws(UsageError) {
        threads = try args.option(
            "--threads", default: ProcessInfo.processInfo.activeProcessorCount,
            expected: "a positive integer", Parse.positiveInt)
        optimizers = try OptimizerOptions.optimizers(&args)
        schemes = try SchemeOptions.schemes(
            &args, default: optimizers.count > 1 ? [.hogwild] : [.hogwild, .globalLock])
        seeds = try args.list(
            "--seeds", default: [1, 2, 3], expected: "non-negative integers, e.g. 1,2,3", Parse.uint64)
        options = try TrainingOptions(arguments: &args)
        workload = try WorkloadOptions(arguments: &args)
    }

    func run() throws {
        let workload = try WorkloadCatalog.make(self.workload.spec)
        Output.line("data: \(workload.summary)")
        let variants = optimizers.flatMap { optimizer in
            schemes.map { scheme in
                ConvergenceComparison.Variant(
                    scheme: scheme, optimizer: optimizer,
                    schedule: options.schedule(default: workload.defaultSchedule(for: optimizer)))
            }
        }
        let result = try ConvergenceComparison.run(
            workload, variants: variants, threads: threads, seeds: seeds,
            epochs: options.epochs, sampling: options.sampling,
            optimizerState: options.optimizerState, progress: Output.line)
        Output.line("\n" + result.textTable)
        if let out = options.out {
            let names = try result.writeFiles(to: out)
            Output.line("wrote \(out)/" + names.joined(separator: ", "))
        }
    }
}
