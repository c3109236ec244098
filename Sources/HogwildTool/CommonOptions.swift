import Hogwild
import HogwildCommandLine

/// The options every training command understands, parsed and validated in one place
/// (threads and schemes are parsed by each command: one value for `train`, lists for
/// the sweeps).
struct CommonOptions {
    var epochs: Int
    /// nil: the workload's default.
    var step: Float?
    var decay: Float?
    var seed: UInt64
    var sampling: Sampling
    var delayNanoseconds: Int
    var out: String?
    var hotReplicas: HotReplicaSettings

    static func help(defaultEpochs: Int = 20) -> String { """
      --epochs N           passes over the data (default \(defaultEpochs)\(defaultEpochs == 20 ? ", the paper's" : ""))
      --step G             initial step size γ0 (default: the workload's, 0.05 for the SVM)
      --decay B            multiply γ by B after each epoch (default 0.9, the paper's β; 1 = constant)
      --seed S             seed of the shuffles and the workers (default 1)
      --sampling MODE      permutation (default; a fresh one per epoch, split across workers) | replacement
      --delay NS           busy-wait NS nanoseconds per gradient (the paper's delay experiment; default 0)
      --out DIR            write the results (CSV, JSON, and SVG plots where the command draws any) to DIR
      --hot-coordinates K  hotReplicas: replicate the K most frequent coordinates (default: from the data)
      --merge-interval M   hotReplicas: merge a worker's deltas every M of its updates (default: 4096 / threads)
      --merge MODE         hotReplicas: atomic (default; no merge lost) | relaxed
    """ }

    static let schemeNames = SchemeKind.allCases.map(\.rawValue).joined(separator: " | ")

    init(arguments args: inout Arguments, defaultEpochs: Int = 20) throws(UsageError) {
        epochs = try args.option("--epochs", default: defaultEpochs, expected: "a positive integer", Parse.positiveInt)
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
        hotReplicas = HotReplicaSettings(
            hotCoordinates: try args.optionalOption("--hot-coordinates", expected: "an integer ≥ 0", Parse.nonNegativeInt),
            mergeInterval: try args.optionalOption("--merge-interval", expected: "a positive integer", Parse.positiveInt),
            merge: try args.option("--merge", default: .atomicAdd, expected: "atomic | relaxed",
                                   HotReplicaSettings.MergeMode.init(argument:)))
    }

    /// One scheme (`--scheme`), for single runs.
    static func scheme(_ args: inout Arguments) throws(UsageError) -> SchemeKind {
        try args.option("--scheme", default: .hogwild, expected: schemeNames) { try? SchemeKind(parsing: $0) }
    }

    /// A list of schemes (`--schemes a,b` or `--scheme a`; `all` for every one).
    static func schemes(_ args: inout Arguments, default defaults: [SchemeKind]) throws(UsageError) -> [SchemeKind] {
        let expected = "scheme names (\(schemeNames)) or all"
        let single = try args.optionalOption("--scheme", expected: schemeNames) { try? SchemeKind(parsing: $0) }
        let names = try args.list("--schemes", default: [], expected: expected, Parse.string)
        if let single {
            guard names.isEmpty else { throw .conflict("give --scheme or --schemes, not both") }
            return [single]
        }
        guard !names.isEmpty else { return defaults }
        var schemes: [SchemeKind] = []
        for name in names {
            if name == "all" { schemes += SchemeKind.allCases; continue }
            guard let kind = try? SchemeKind(parsing: name) else { throw .invalidValue(flag: "--schemes", value: name, expected: expected) }
            if !schemes.contains(kind) { schemes.append(kind) }
        }
        return schemes
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
    func configuration(threads: Int, defaultSchedule: StepSchedule) -> TrainingConfiguration {
        TrainingConfiguration(threads: threads, epochs: epochs, schedule: schedule(default: defaultSchedule),
                              sampling: sampling, seed: seed, delayNanoseconds: delayNanoseconds,
                              hotReplicas: hotReplicas)
    }
}

/// Thread counts 1, 2, 4, … up to `limit`.
func powersOfTwo(upTo limit: Int) -> [Int] {
    var out = [1]
    while out.last! * 2 <= limit { out.append(out.last! * 2) }
    return out
}
