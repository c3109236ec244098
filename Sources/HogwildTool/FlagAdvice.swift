import Hogwild

/// What the command line adds to a library error: the flag that does what the error
/// says to do. The library's messages speak of settings ("a smaller step size"); the
/// tool knows which flags set them.
enum FlagAdvice {
    /// `error`'s message, with the flags to try when the tool knows them.
    static func message(for error: any Error) -> String {
        guard let advice = advice(for: error) else { return "\(error)" }
        return "\(error) (\(advice))"
    }

    static func advice(for error: any Error) -> String? {
        switch error {
        case TrainingError.diverged: return "--step with a smaller value, or --on-divergence backoff"
        case TrainingError.projectionsNotFeasibleUnderExchange: return "--distributed averaging"
        case TrainingError.tooManyTerms: return "--sampling replacement"
        case TrainingError.invalidThreadCount: return "--threads"
        case TrainingError.invalidEpochCount: return "--epochs"
        case FormatError.nonBinaryLabel: return "--workload leastSquares for real labels"
        case FormatError.zeroIndexInOneBasedFile: return "--index-base 0"
        case WorkloadError.invalidSetting(let name, _, _) where name == "batch": return "--batch"
        case TrainingError.noCalibratedStep: return "--step"
        case DistributedError.notLaunched:
            return "mpirun -np P hogwild train --distributed …; as root add --allow-run-as-root"
        default: return nil
        }
    }
}
