import Hogwild
import HogwildCommandLine

/// The options every training command understands, parsed and validated in one place.
struct CommonOptions {
    var threads: Int
    var scheme: SchemeKind
    var epochs: Int
    /// nil: the workload's default.
    var step: Float?
    var decay: Float?
    var seed: UInt64
    var sampling: Sampling
    var delayNanoseconds: Int
    var out: String?

    static let help = """
      --threads N          worker threads (default 2)
      --scheme NAME        hogwild | hogwildAtomic | coordinateLocks (aig) | roundRobin (rr) | globalLock (default hogwild)
      --epochs N           passes over the data (default 20, the paper's)
      --step G             initial step size γ0 (default: the workload's, 0.05 for the SVM)
      --decay B            multiply γ by B after each epoch (default 0.9, the paper's β; 1 = constant)
      --seed S             seed of data shuffles and workers (default 1)
      --sampling MODE      permutation (default; a fresh one per epoch, split across workers) | replacement
      --delay NS           busy-wait NS nanoseconds per gradient (the paper's delay experiment; default 0)
      --out DIR            write results.json and results.csv to DIR
    """

    init(arguments args: inout Arguments, defaultThreads: Int = 2) throws(UsageError) {
        threads = try args.option("--threads", default: defaultThreads, expected: "a positive integer", Parse.positiveInt)
        scheme = try args.option("--scheme", default: .hogwild,
                                 expected: SchemeKind.allCases.map(\.rawValue).joined(separator: " | ")) {
            try? SchemeKind(parsing: $0)
        }
        epochs = try args.option("--epochs", default: 20, expected: "a positive integer", Parse.positiveInt)
        step = try args.optionalOption("--step", expected: "a finite number > 0", Parse.positiveFloat)
        decay = try args.optionalOption("--decay", expected: "a finite number > 0", Parse.positiveFloat)
        seed = try args.option("--seed", default: 1, expected: "a non-negative integer", Parse.uint64)
        sampling = try args.option("--sampling", default: .epochPermutation, expected: "permutation | replacement") {
            switch $0 {
            case "permutation": return .epochPermutation
            case "replacement": return .withReplacement
            default: return nil
            }
        }
        delayNanoseconds = try args.option("--delay", default: 0, expected: "nanoseconds ≥ 0", Parse.nonNegativeInt)
        out = try args.optionalOption("--out", expected: "a directory", Parse.string)
    }

    /// The schedule: the given step and decay, each defaulting to the workload's.
    func schedule(default fallback: StepSchedule) -> StepSchedule {
        let initial = step ?? fallback.initial
        let factor: Float
        if let decay {
            factor = decay
        } else if case .epochDecay(_, let b) = fallback {
            factor = b
        } else {
            factor = 1
        }
        return factor == 1 ? .constant(initial) : .epochDecay(initial: initial, factor: factor)
    }

    /// The trainer's configuration for these options.
    func configuration(defaultSchedule: StepSchedule) -> TrainingConfiguration {
        TrainingConfiguration(threads: threads, epochs: epochs, schedule: schedule(default: defaultSchedule),
                              sampling: sampling, seed: seed, delayNanoseconds: delayNanoseconds)
    }
}
