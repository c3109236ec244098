import HogwildCore

/// The automatic exchange interval K (updates a rank makes between exchanges), from
/// what the workload tolerates and what an exchange was measured to cost:
///
/// - **Staleness.** Between two asynchronous exchanges the P ranks make P·K updates
///   that none of the others sees. The interval is held to the run of stale updates the
///   workload tolerates (``TouchedKeys/toleratedStaleTerms``: the conflict-free
///   scheme's automatic batch, whose expected conflicts per term stay ≤ ½, hot keys
///   aside), K ≤ tolerated / P. Measured: on Netflix-shaped matrix completion (1 M
///   ratings) P·K = 800 converged and P·K = 4,000 diverged; the rule gives about 490
///   (K = 244 at 2 ranks, 121 at 4).
///   Averaging's copies restart from the combination every round; they are held to at
///   least ``averagingRoundsPerRank`` rounds an epoch per rank and at most
///   ``averagingLargest`` updates.
/// - **Cost.** After an epoch, the interval becomes the smallest K whose exchanges
///   take at most ``overhead`` of the rank's training time, at the measured seconds per
///   exchange and per update — smaller K, fresher copies, while exchanges are cheap —
///   never above the staleness ceiling (there, exchanges cost more than 10%, and the run
///   says so in its exchange report's seconds).
///
/// ```swift
/// var interval = ExchangeInterval(ceiling: 500)
/// interval.measured(exchangeSeconds: 0.02, exchanges: 100, trainingSeconds: 0.5, updates: 50_000)
/// interval.updates          // 200: every 200 updates, exchanges take 10% of the time
/// ```
struct ExchangeInterval: Sendable, Equatable {
    /// The largest interval (staleness, or averaging's ceiling).
    var ceiling: Int
    /// The interval in force: the ceiling until a measurement says otherwise.
    var updates: Int
    /// The share of training time the exchanges may take.
    static let overhead = 0.1
    /// Averaging's largest automatic interval: the fixed default it replaces.
    static let averagingLargest = 10_000
    /// Averaging's fewest rounds an epoch, per rank of the job.
    static let averagingRoundsPerRank = 32

    /// Averaging's ceiling for a rank with `terms` terms an epoch among `ranks` ranks.
    static func averagingCeiling(terms: Int, ranks: Int) -> Int {
        max(1, min(averagingLargest, terms / (averagingRoundsPerRank * max(1, ranks))))
    }

    init(ceiling: Int) {
        self.ceiling = max(1, ceiling)
        updates = self.ceiling
    }

    /// The asynchronous method's ceiling for `ranks` ranks tolerating `tolerated` stale updates.
    static func asyncCeiling(tolerated: Int, ranks: Int) -> Int { max(1, tolerated / max(1, ranks)) }

    /// An epoch's measurements: `exchanges` exchanges took `exchangeSeconds`; the
    /// rank's `updates` updates took `trainingSeconds` besides.
    mutating func measured(exchangeSeconds: Double, exchanges: Int, trainingSeconds: Double, updates made: Int) {
        guard exchanges > 0, made > 0, exchangeSeconds > 0, trainingSeconds > 0 else { return }
        let perExchange = exchangeSeconds / Double(exchanges), perUpdate = trainingSeconds / Double(made)
        let affordable = (perExchange / (Self.overhead * perUpdate)).rounded(.up)
        updates = max(1, min(ceiling, affordable.isFinite ? Int(min(affordable, Double(Int.max / 2))) : ceiling))
    }

    /// Rounds for an epoch of `terms` terms.
    func rounds(terms: Int) -> Int { max(1, (terms + updates - 1) / updates) }
}
