import Hogwild
import HogwildCommandLine

/// The options every training command understands, parsed and validated in one place
/// (threads and schemes are parsed by each command: one value for `train`, lists for
/// the sweeps; the optimizer by ``OptimizerOptions``).
struct TrainingOptions {
    var epochs: Int
    /// nil: the optimizer's default for the workload.
    var step: Float?
    var decay: Float?
    var seed: UInt64
    var sampling: Sampling
    var delayNanoseconds: Int
    var out: String?
    var optimizerState: OptimizerStatePlacement
    var epochObjective: EpochObjective
    var clipping: GradientClipping
    /// nil: the command's default for the data.
    var tolerance: Double?
    var patience: Int?
    var lockstep: Bool

    static func help(defaultEpochs: Int = 20) -> String {
        """
          --epochs N           passes over the data (default \(defaultEpochs))
          --step G             initial step size γ0 (default: the workload's for SGD, 0.05 for the SVM;
                               calibrated on a sample for plain SGD on a --data LIBSVM file;
                               scaled by 1 − μ for momentum; each adaptive optimizer's own)
          --decay B            multiply γ by B after each epoch (default 0.9, the paper's β, for SGD,
                               momentum, Nesterov and AdaGrad; 1 = constant, the default of RMSProp,
                               AdaDelta, Adam, AdamW and AMSGrad)
          --tolerance T        stop once --patience epochs in a row each lower the best objective by
                               less than T × the starting objective, as scikit-learn's SGDClassifier
                               does, keeping the best epoch's model (default: 1e-3 for the linear
                               models on a --data file, 0 otherwise; 0 = every epoch)
          --patience P         epochs without progress that end the run (default 5; given alone, it
                               turns early stopping on with --tolerance 1e-3)
          --seed S             seed of the shuffles and the workers (default 1)
          --sampling MODE      permutation (default; a fresh one per epoch, split across workers) | replacement
          --delay NS           busy-wait NS nanoseconds per gradient (the paper's delay experiment; default 0)
          --lockstep           simulate the workers on one thread, each stepping in turn, term by term:
                               T workers on T idle cores with the machine's timing taken out, so a
                               scheme's stability at 32 workers shows on any machine (times are one core's)
          --clip-value C       clip each gradient coordinate to [−C, C] before the optimizer
          --clip-norm C        scale each term's gradient down to norm C when longer
          --optimizer-state P  automatic (default: worker for networks at batches under 8, else shared) |
                               shared (one state buffer, lock-free) | worker (one per worker)
          --epoch-objective O  what each epoch reports: evaluated (the objective over all terms, a
                               pass off the clock) | training-loss (the mean of the epoch's own
                               steps' losses: networks) | automatic (default: training-loss where
                               the workload records it, evaluated otherwise)
          --out DIR            write the results (CSV, JSON, and SVG plots where the command draws any) to DIR
        """
    }

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
        clipping = GradientClipping(
            value: try args.optionalOption("--clip-value", expected: "a finite number > 0", Parse.positiveFloat),
            norm: try args.optionalOption("--clip-norm", expected: "a finite number > 0", Parse.positiveFloat))
        optimizerState = try args.option(
            "--optimizer-state", default: .automatic, expected: "shared | worker | automatic",
            OptimizerStatePlacement.init(argument:))
        epochObjective = try args.option(
            "--epoch-objective", default: .automatic, expected: "evaluated | training-loss | automatic"
        ) {
            switch $0 {
            case "evaluated": return .evaluated
            case "training-loss": return .trainingLoss
            case "automatic": return .automatic
            default: return nil
            }
        }
        out = try args.optionalOption("--out", expected: "a directory", Parse.string)
        tolerance = try args.optionalOption("--tolerance", expected: "a number ≥ 0") {
            Parse.double($0).flatMap { $0 >= 0 ? $0 : nil }
        }
        patience = try args.optionalOption("--patience", expected: "a positive number of epochs", Parse.positiveInt)
        lockstep = args.flag("--lockstep")
    }

    /// The early-stopping rule: `--tolerance` and `--patience`, else `fallback`'s
    /// tolerance (nil: every epoch runs; `--patience` alone implies the default
    /// tolerance); a tolerance of 0 runs every epoch.
    func earlyStopping(default fallback: EarlyStopping?) -> EarlyStopping? {
        let implied = patience != nil ? EarlyStopping().tolerance : nil
        guard let tolerance = tolerance ?? fallback?.tolerance ?? implied, tolerance > 0 else { return nil }
        return EarlyStopping(tolerance: tolerance, patience: patience ?? fallback?.patience ?? 5)
    }

    /// The schedule: the given step and decay, each defaulting to `fallback`'s (the
    /// optimizer's default schedule on the workload).
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
    func configuration(threads: Int, schedule: StepSchedule) -> TrainingConfiguration {
        TrainingConfiguration(
            threads: threads, epochs: epochs, schedule: schedule, sampling: sampling, seed: seed,
            delayNanoseconds: delayNanoseconds, optimizerState: optimizerState, clipping: clipping,
            epochObjective: epochObjective, lockstep: lockstep)
    }
}

/// Thread counts 1, 2, 4, … up to `limit`.
func powersOfTwo(upTo limit: Int) -> [Int] {
    var out = [1]
    while out.last! * 2 <= limit { out.append(out.last! * 2) }
    return out
}
