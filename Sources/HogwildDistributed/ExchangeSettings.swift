import HogwildCore

/// How a distributed job's ranks combine their copies of the parameters.
public enum ExchangeMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every K updates the ranks average their parameters (and shared optimizer
    /// state) with `MPI_Allreduce`: "local SGD". Every rank then holds the same values.
    case averaging
    /// HOGWILD! between ranks: the vector is split among the ranks as owners; each
    /// rank adds its changes since its last exchange to the owners' values and fetches
    /// theirs in one atomic `MPI_Get_accumulate` per owner (MPI-3 one-sided, passive
    /// target): no rank waits for another.
    case asyncDeltas = "async"
}

/// How averaging keeps the job's progress per update that of one process: an average of
/// P copies, each moved by its own K updates, moves 1/P as far as one copy making all
/// P·K updates would.
public enum AveragingStepRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// For objectives that name conflict keys (sparse steps): each coordinate moves by
    /// its ranks' changes weighted `1/c + (1 − 1/c)·min(1, 1/m)·ω` (c: the ranks that
    /// touched its key; m: the key's updates in the job a round; ω: 0 → 1 over the
    /// first epoch, 0 for projecting objectives), and the steps stay as they are — a key
    /// met about once a round keeps every rank's change, as in one process, a key
    /// updated many times a round takes the average, and no local step grows past the
    /// size that is stable (see `AveragingExchange.combineChanges`). For dense
    /// objectives (networks: every rank touches every coordinate, so that average is the
    /// plain one): the linear scaling rule with a gradual warm-up, the steps multiplied by
    /// a factor that rises from 1 to P over the first epoch (Goyal et al., 2017).
    case automatic
    /// Every step × P from the first update, the plain average (the rule before
    /// 2026-12-06; matrix completion diverged with it at 4 ranks from the default step).
    case linear
    /// The steps as they are, the plain average: each epoch moves the job about 1/P as
    /// far as one process's epoch.
    case none
}

/// The method and how often it runs.
///
/// ```swift
/// let settings = ExchangeSettings(method: .asyncDeltas, every: 5_000)
/// ```
public struct ExchangeSettings: Sendable, Hashable, Codable {
    public var method: ExchangeMethod
    /// Updates each rank makes between exchanges (all its workers together); nil: chosen
    /// automatically (``ExchangeInterval``: the staleness the workload tolerates, then
    /// what exchanges were measured to cost).
    public var every: Int?
    /// Averaging: how the steps and the average make up for the ranks (the
    /// asynchronous method adds the copies' changes, so it needs no rule).
    public var stepRule: AveragingStepRule
    /// Asynchronous deltas: send only the runs of coordinates that changed since the
    /// last exchange (and refresh a rotating window of the rest, no larger than what
    /// changed, at least 1,024 floats and at most 1/64 of the vector), as HOGWILD!'s sparse
    /// steps touch few coordinates; false sends the whole vector every time.
    public var sparse: Bool

    public init(
        method: ExchangeMethod, every: Int? = nil, stepRule: AveragingStepRule = .automatic, sparse: Bool = true
    ) {
        self.method = method
        self.every = every
        self.stepRule = stepRule
        self.sparse = sparse
    }

    /// Rounds an epoch of `terms` terms is cut into.
    func rounds(terms: Int) -> Int {
        guard let every, every > 0 else { return 1 }
        return max(1, (terms + every - 1) / every)
    }
}

/// What the methods move, from first principles: the numbers the cost model
/// (experiments/README.md) and each epoch's report rest on. Counted per rank, since
/// ranks may make different numbers of asynchronous exchanges; a job's total is the
/// sum over its ranks.
///
/// A vector of n floats combined by P ranks, once:
/// - averaging with a ring all-reduce (Open MPI's choice for large vectors): each rank
///   sends 2(P−1)/P·4n bytes (reduce-scatter, then all-gather) and receives as much;
/// - asynchronous deltas, dense: each rank sends every other owner its slice of the
///   changes and receives the slice's values back, (P−1)/P·4n bytes each way — the same
///   2(P−1)/P·4n on the network per rank, but no rank waits for another and each
///   exchange is one round trip per owner instead of 2(P−1) ring steps;
/// - asynchronous deltas, sparse (``ExchangeSettings/sparse``): only the changed runs,
///   c floats, go out and come back, plus a refreshed slice of r floats: (P−1)/P·4(2c + r);
/// - settling the asynchronous copies before an evaluation: every rank fetches the
///   other owners' slices, (P−1)/P·4n.
public enum ExchangeCost {
    /// Bytes one rank puts on the network for one dense exchange of `floats` floats
    /// (both methods).
    public static func bytesPerRank(floats: Int, ranks: Int) -> Int {
        2 * (ranks - 1) * 4 * floats / ranks
    }

    /// Bytes one rank's sparse exchange moves: `changed` floats out and back, `refreshed` back.
    public static func sparseBytesPerRank(changed: Int, refreshed: Int, ranks: Int) -> Int {
        (ranks - 1) * 4 * (2 * changed + refreshed) / ranks
    }

    /// Bytes one rank fetches when the asynchronous copies settle.
    public static func settleBytesPerRank(floats: Int, ranks: Int) -> Int {
        (ranks - 1) * 4 * floats / ranks
    }

    /// Seconds for one exchange over links of `bandwidth` bytes/s per rank and
    /// `latency` seconds per message: the ring's 2(P−1) steps each move n/P floats;
    /// the asynchronous method's P−1 fetch-and-adds run concurrently, bounded by the
    /// rank's link.
    public static func seconds(
        _ method: ExchangeMethod, floats: Int, ranks: Int, bandwidth: Double,
        latency: Double
    ) -> Double {
        guard ranks > 1 else { return 0 }
        let perRank = Double(bytesPerRank(floats: floats, ranks: ranks))
        switch method {
        case .averaging: return Double(2 * (ranks - 1)) * latency + perRank / bandwidth
        case .asyncDeltas: return 2 * latency + perRank / bandwidth
        }
    }
}
