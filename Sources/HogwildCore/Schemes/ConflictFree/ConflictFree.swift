/// Parallel SGD whose result does not depend on the thread count: Cyclades-style
/// conflict-free batches (Pan et al., NIPS 2016).
///
/// Each epoch's order (the permutation, or the uniform draws) is cut into batches of
/// B consecutive terms. Within a batch, two terms *conflict* when they share a
/// conflict key (a feature, a user's or an item's factor row, a node's labels:
/// ``Objective/forEachConflictKey(of:_:)``); the batch's connected components under
/// that relation are handed to the workers whole, each component's terms in the
/// epoch's order. Components touch disjoint coordinates, so which worker runs which,
/// and when, changes nothing: the batch ends exactly as if one worker had run its
/// terms in order. Batches follow one another after a barrier.
///
/// Hot keys (the most frequent ones: text's common words) would join every term of a
/// batch into one component. Their coordinates are read as the batch found them and
/// their part of each step is deferred: at the batch's end, the deferred parts are
/// applied in the epoch's order, each as its term's optimizer step (up to a batch
/// late, as a minibatch step on those coordinates only). The hot keys are dealt out
/// among the workers, and each applies the parts on its own keys.
///
/// **What the result equals**: the serial run that takes the terms in the epoch's
/// order and applies each term's step at once, except for its hot keys' part, which
/// it applies in order at the end of the term's batch. With no hot keys and an epoch
/// permutation, that is plain serial SGD (one thread of any scheme) bit for bit (draws
/// with replacement come from a stream of their own). Parameters, optimizer
/// state and objectives are identical at 1, 2, 3 or 64 threads, in lockstep too.
/// The step sizes and Adam's step count are the term's place in the epoch, as for
/// one thread. (An objective that draws from the worker's random stream during a
/// step is reproducible only at a fixed thread count; no sparse objective of this
/// library draws.)
///
/// **Settings** (``ConflictFreeSettings``): B and the hot keys come from the data's
/// key degrees unless given. B is the largest batch whose expected conflict
/// branching stays below ½ (B·Σ_k d_k(d_k − 1)/n² ≤ ½ over the cold keys, so
/// components stay small), at most 65,536; when that is below 256 (text), B is 256
/// (at most 1/16 of the terms: a hot key's steps wait up to a batch, a lag as long as
/// the one hot replicas found stable) and the most frequent keys are made hot until
/// that batch qualifies.
///
/// **Costs**: a barrier a batch; grouping each batch (a union–find pass over its
/// terms' keys, done by the workers in parallel, a window of batches at a time);
/// with hot keys, a second barrier after the deferred parts are applied. One thread
/// skips the grouping (there is nothing to share out).
///
/// Sparse objectives only: a network's minibatch touches every coordinate, so every
/// batch is one component; the scheme refuses it with a typed error, as it refuses
/// per-worker optimizer state (which would depend on who ran a term) and objectives
/// that name no conflict keys.
///
/// ```swift
/// let report = try Trainer(objective: mc, scheme: ConflictFree(), configuration: .init(threads: 8)).run(on: x)
/// print(report.schemeParameters)   // ["batchTerms": 1033, "hotKeys": 0, …]
/// ```
public struct ConflictFree: SchemeRule {
    public var settings: ConflictFreeSettings

    public init() { settings = ConflictFreeSettings() }
    public init(settings: ConflictFreeSettings) { self.settings = settings }

    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory, workers: Int
    ) -> ConflictFreePlan {
        ConflictFreePlan(objective: objective, workers: workers, settings: settings)
    }

    /// A new epoch (or exchange round): the claim numbers start again.
    public func beginEpoch(_ plan: ConflictFreePlan) { plan.claims.store(0, ordering: .relaxed) }

    public func parameters(of plan: ConflictFreePlan) -> [String: Int] {
        ["batchTerms": plan.batchTerms, "hotKeys": plan.hot.keyCount, "hotCoordinates": plan.hot.coordinateCount]
    }

    /// A term on its own, as one thread of the scheme steps it (the trainer drives the
    /// scheme's batches itself and never calls this).
    @inlinable
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination: ConflictFreePlan, delay: ArtificialDelay
    ) {
        stepper.computeGradient(of: term, reading: memory)
        delay.wait()
        stepper.applyStep(stepSize: stepSize, writer: RelaxedStoreWriter(memory: memory))
    }

    public func checkSupport<O: Objective>(
        for objective: O, configuration: TrainingConfiguration
    ) throws(TrainingError) {
        let alternatives = "use automatic, hogwild or hotReplicas"
        if objective.stepsAreDense {
            throw .schemeUnsupported(
                scheme: Self.kind.rawValue,
                reason:
                    "every step of this objective touches every coordinate (a network's minibatch), so every "
                    + "batch would be one conflict component; \(alternatives)")
        }
        if objective.conflictKeyCount <= 0 {
            throw .schemeUnsupported(
                scheme: Self.kind.rawValue,
                reason:
                    "the objective does not name the coordinate blocks its terms touch (Objective.conflictKeyCount "
                    + "and forEachConflictKey); \(alternatives)")
        }
        if objective.dimension > Int(UInt32.max) || objective.termCount > Int(UInt32.max) {
            throw .schemeUnsupported(
                scheme: Self.kind.rawValue,
                reason: "its logs hold coordinates and terms in 32 bits, and this objective has more; \(alternatives)")
        }
        if configuration.optimizerState.resolved(for: objective) == .perWorker {
            throw .schemeUnsupported(
                scheme: Self.kind.rawValue,
                reason:
                    "per-worker optimizer state depends on which worker ran a term; use shared optimizer state "
                    + "(--optimizer-state shared)")
        }
    }

    public var settingsDescription: String {
        var parts: [String] = []
        if let b = settings.batchTerms { parts.append("B=\(b)") }
        if let h = settings.hotKeys { parts.append("hot=\(h)") }
        return parts.joined(separator: ",")
    }

    public func validate() throws(TrainingError) { try settings.validate() }
}

/// ``ConflictFree``'s settings; nil means chosen from the data.
///
/// ```swift
/// let scheme = ConflictFree(settings: ConflictFreeSettings(batchTerms: 4096, hotKeys: 0))
/// ```
public struct ConflictFreeSettings: Sendable, Hashable, Codable {
    /// Terms a batch holds (B).
    public var batchTerms: Int?
    /// How many of the most frequent conflict keys are hot (their step parts deferred
    /// to the batch's end).
    public var hotKeys: Int?

    public init(batchTerms: Int? = nil, hotKeys: Int? = nil) {
        self.batchTerms = batchTerms
        self.hotKeys = hotKeys
    }

    /// Throws naming the first setting out of range.
    public func validate() throws(TrainingError) {
        if let b = batchTerms, b < 1 {
            throw .invalidParameter(name: "conflictFree batch terms", value: Double(b), expected: "at least 1")
        }
        if let h = hotKeys, h < 0 {
            throw .invalidParameter(name: "conflictFree hot keys", value: Double(h), expected: "at least 0")
        }
    }
}

extension ConflictFree {
    public static let kind = SchemeKind.conflictFree
    public static let aliases = ["cyclades", "reproducible"]
    public static let displayName = "conflict-free"
    public static let summary =
        "conflict-free batches (Cyclades): the same result at any thread count, bit for bit"
    public static let figureColor = "#e377c2"

    public init(from decoder: Decoder) throws {
        settings = try ConflictFreeSettings(from: decoder)
    }
    public func encode(to encoder: Encoder) throws { try settings.encode(to: encoder) }
}
