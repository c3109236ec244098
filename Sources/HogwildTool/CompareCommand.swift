import Foundation
import Hogwild
import HogwildCommandLine

/// `hogwild compare`: convergence of HOGWILD! against locked SGD on the same data and seeds.
struct CompareCommand: Command {
    static let name = "compare"
    static let summary = "convergence of HOGWILD! vs locked SGD (and others) over seeds: objective by epoch and by time"
    static let help = """
    usage: hogwild compare [options]

    Trains the workload with each scheme and each seed (the seed changes the order of
    the terms; data and starting point stay the same) and prints the final objective
    as mean ± sd over the seeds, with the mean time and metrics. With --out it writes
    comparison.csv (every epoch of every run), comparison.json,
    objective-vs-epoch.svg (mean ± sd) and objective-vs-time.svg.

    comparison:
      --schemes LIST|all   default hogwild,globalLock
      --threads N          worker threads (default: the cores)
      --seeds LIST         default 1,2,3
    \(CommonOptions.help())

    what to train:
    \(WorkloadOptions.help)

    example:
      hogwild compare --workload mc --schemes hogwild,globalLock --threads 4 --seeds 1,2,3 --out results/compare
    """

    var options: CommonOptions
    var workload: WorkloadOptions
    var threads: Int
    var schemes: [SchemeKind]
    var seeds: [UInt64]

    init(arguments args: inout Arguments) throws(UsageError) {
        threads = try args.option("--threads", default: ProcessInfo.processInfo.activeProcessorCount,
                                  expected: "a positive integer", Parse.positiveInt)
        schemes = try CommonOptions.schemes(&args, default: [.hogwild, .globalLock])
        seeds = try args.list("--seeds", default: [1, 2, 3], expected: "non-negative integers, e.g. 1,2,3", Parse.uint64)
        options = try CommonOptions(arguments: &args)
        workload = try WorkloadOptions(arguments: &args)
    }

    func run() throws {
        let workload = try WorkloadCatalog.make(self.workload.spec)
        print("data: \(workload.summary)")
        let result = try SchemeComparison.run(workload, schemes: schemes, threads: threads, seeds: seeds, epochs: options.epochs,
                                        schedule: options.schedule(default: workload.defaultSchedule),
                                        sampling: options.sampling, hotReplicas: options.hotReplicas) { print($0) }
        print("")
        print(result.textTable)
        if let out = options.out {
            try result.writeFiles(to: out)
            print("wrote \(out)/comparison.csv, comparison.json, objective-vs-epoch.svg, objective-vs-time.svg")
        }
    }
}
