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

/// The method and how often it runs.
///
/// ```swift
/// let settings = ExchangeSettings(method: .asyncDeltas, every: 5_000)
/// ```
public struct ExchangeSettings: Sendable, Hashable, Codable {
    public var method: ExchangeMethod
    /// Updates each rank makes between exchanges (all its workers together); nil:
    /// once an epoch.
    public var every: Int?
    /// Averaging: multiply the step sizes by the number of ranks (the linear scaling
    /// rule). An average of P copies, each moved by its own K updates, moves 1/P as far
    /// as one copy making all P·K updates would; with P× the step it moves as far.
    /// (The asynchronous method adds the copies' changes, so it needs no scaling.)
    public var scalesStep: Bool
    /// Asynchronous deltas: send only the runs of coordinates that changed since the
    /// last exchange (and refresh a rotating 1/64 of the rest), as HOGWILD!'s sparse
    /// steps touch few coordinates; false sends the whole vector every time.
    public var sparse: Bool

    public init(method: ExchangeMethod, every: Int? = nil, scalesStep: Bool = true, sparse: Bool = true) {
        self.method = method
        self.every = every
        self.scalesStep = scalesStep
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
