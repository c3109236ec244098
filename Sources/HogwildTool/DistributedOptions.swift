import Hogwild
import HogwildCommandLine
import HogwildDistributed

/// `--distributed METHOD`, `--exchange-every N`, `--exchange-timeout S`: running as one
/// rank of an `mpirun` job.
struct DistributedOptions {
    static let help = """
        distributed (launch with mpirun -np P hogwild train --distributed …):
          --distributed M      combine the ranks' copies: averaging (MPI_Allreduce of parameters and
                               shared optimizer state, "local SGD") | async (HOGWILD! between ranks:
                               each rank adds its changes to the slices' owners and fetches theirs with
                               MPI-3 one-sided MPI_Get_accumulate; no rank waits for another). Each rank
                               reads (or generates) only its part of the data; HOGWILD! inside each
                               rank with --threads workers and any --scheme. Rank 0 prints and writes
                               --out and --checkpoint; the ranks meet after every epoch to evaluate.
          --exchange-every N   updates per rank between exchanges (default automatic: at most the
                               updates the workload tolerates unseen (async: their P-fold must stay
                               within the conflict-free scheme's automatic batch; averaging: at least
                               32·P rounds an epoch, at most 10000 updates), fewer after the first
                               epoch while exchanges take under 10% of the time)
          --step-rule R        averaging: how the job keeps one process's progress per update (an
                               average of P copies moves 1/P as far as one copy making all their
                               updates): automatic (default; sparse objectives move each coordinate
                               by its ranks' changes, summed for a key met about once a round,
                               averaged over the ranks that touched it for a key updated many times,
                               steps unchanged; networks multiply the steps by P, warmed up from 1
                               over the first epoch) |
                               linear (steps ×P from the start, plain average) | none
          --no-step-scaling    the same as --step-rule none
          --dense-deltas       async: send the whole vector at every exchange (by default only the runs
                               of coordinates that changed go, and a rotating window of the rest, no
                               larger than what changed, is refreshed)
          --exchange-timeout S seconds a rank waits for the others before it ends the job (default 300)
        """

    var settings: ExchangeSettings?
    var timeoutSeconds: Double

    init(arguments args: inout Arguments) throws(UsageError) {
        let method = try args.optionalOption("--distributed", expected: "averaging | async") {
            ExchangeMethod(rawValue: $0)
        }
        let every = try args.optionalOption(
            "--exchange-every", expected: "a positive number of updates", Parse.positiveInt)
        var rule = try args.optionalOption("--step-rule", expected: "automatic | linear | none") {
            AveragingStepRule(rawValue: $0)
        }
        if args.flag("--no-step-scaling") {
            if rule != nil, rule != AveragingStepRule.none {
                throw .conflict("--no-step-scaling is --step-rule none; give one of them")
            }
            rule = AveragingStepRule.none
        }
        let dense = args.flag("--dense-deltas")
        timeoutSeconds = try args.option("--exchange-timeout", default: 300, expected: "a positive number of seconds") {
            Parse.double($0).flatMap { $0 > 0 ? $0 : nil }
        }
        if method == nil, every != nil { throw .conflict("--exchange-every goes with --distributed averaging|async") }
        if rule != nil, method != .averaging {
            throw .conflict("--step-rule and --no-step-scaling go with --distributed averaging")
        }
        if dense, method != .asyncDeltas { throw .conflict("--dense-deltas goes with --distributed async") }
        settings = method.map {
            ExchangeSettings(method: $0, every: every, stepRule: rule ?? .automatic, sparse: !dense)
        }
    }
}
