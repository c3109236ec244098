import FoundationEssentials
import Hogwild
import HogwildCommandLine

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
      --schemes LIST|all   default hogwild,coordinateLocks,roundRobin,globalLock,hotReplicas
      --repeats R          runs per cell; the table shows the median and spread (default 1)
      --target F           objective for "time to target" (default: 1% above serial's final)
    \(SchemeOptions.help)
    \(OptimizerOptions.help)
    \(TrainingOptions.help(defaultEpochs: 10))

    what to train:
    \(WorkloadOptions.help)

    example:
      hogwild scale --threads 1,2,4,8,16 --schemes hogwild,coordinateLocks,roundRobin,globalLock --repeats 3 --out results/scale
    """

    var options: TrainingOptions
    var workload: WorkloadOptions
    var threads: [Int]
    var schemes: [SchemeChoice]
    var optimizer: OptimizerChoice
    var repeats: Int
    var target: Double?

    init(arguments args: inout Arguments) throws(UsageError) {
        threads = try args.list("--threads", default: powersOfTwo(upTo: ProcessInfo.processInfo.activeProcessorCount),
                                expected: "positive integers, e.g. 1,2,4", Parse.positiveInt)
        schemes = try SchemeOptions.schemes(&args, default: PaperRecipes.figureSchemes.map(\.kind))
        optimizer = try OptimizerOptions.optimizer(&args)
        repeats = try args.option("--repeats", default: 1, expected: "a positive integer", Parse.positiveInt)
        target = try args.optionalOption("--target", expected: "a number", Parse.double)
        options = try TrainingOptions(arguments: &args, defaultEpochs: 10)
        workload = try WorkloadOptions(arguments: &args)
    }

    func run() throws {
        let workload = try WorkloadCatalog.make(self.workload.spec)
        Output.line("data: \(workload.summary)")
        let plan = SweepPlan(threads: threads, schemes: schemes, optimizer: optimizer, repeats: repeats,
                             epochs: options.epochs, schedule: options.schedule(default: workload.defaultSchedule(for: optimizer)),
                             delays: [options.delayNanoseconds], seed: options.seed, sampling: options.sampling,
                             optimizerState: options.optimizerState, target: target)
        let result = try Sweep.run(workload, plan: plan, progress: Output.line)
        Output.line("\n" + result.textTable)
        Output.line(String(printf: "\ntime to target = training seconds until the objective first reached %.6g", result.target))
        if let out = options.out {
            let names = try result.writeFiles(to: out, charts: true)
            Output.line("wrote \(out)/" + names.joined(separator: ", "))
        }
    }
}
