import CHogwildKernels

/// HOGWILD! that keeps scaling when a few coordinates are hot.
///
/// Plain HOGWILD! stalls on many cores when some coordinates are touched by most
/// terms (common words in text, popular movies): every worker writes the same cache
/// lines, which then bounce between cores on nearly every update. This scheme gives
/// each worker a private replica of the K hottest coordinates. A worker reads and
/// writes its replica for those (no sharing at all) and accumulates its steps in a
/// delta buffer; every M of its updates, and at the end of each epoch, it merges the
/// deltas into shared memory with atomic adds and refreshes its replica from the
/// merged values. Cold coordinates are plain HOGWILD!.
///
/// "Hot" is a single comparison, `coordinate < K`: the data are renumbered by
/// frequency when loaded (``SparseDataset/renumberedByFrequency()``,
/// ``RatingsDataset/renumberedByDegree()``), so the hottest coordinates are a prefix
/// of the buffer. K and M are chosen from the objective's coordinate degrees and the
/// thread count unless given (``HotReplicaSettings``).
///
/// ## Staleness and stability
/// A hot coordinate a worker reads misses at most the unmerged steps of the other
/// workers, each of whom merges every M of its own updates: in the paper's terms the
/// lag is τ ≤ T·M updates for hot coordinates (plain HOGWILD!'s lag for the cold
/// ones). The lag is not only slower progress: the T workers each step a hot
/// coordinate from the same stale value, and their summed deltas overshoot once T·M
/// is large against the step size and curvature (for a quadratic, once
/// T·M·p·γ·h > 2, p the coordinate's share of terms). The automatic M keeps T·M at
/// about 256 updates (32 where every step is dense, p = 1), within which a lockstep simulation of T workers on one thread
/// (the tests' `LockstepTraining`) keeps serial SGD's objective within 1% on matrix
/// completion, cuts and skewed SVM data (`Benchmarks/RESULTS.md` has the lag that
/// diverged). The bound assumes every worker has a core: a worker
/// descheduled mid-interval holds its deltas while the others keep going, so with
/// more workers than cores (or a loaded machine) the lag grows by what the others do
/// meanwhile.
///
/// ## Merging
/// Deltas are merged by atomic add (the default): concurrent merges of one
/// coordinate by two workers both land, so no step is ever lost. A relaxed
/// load-add-store merge (``HotReplicaSettings/MergeMode/relaxedStore``) is offered for
/// measurement; it can lose a merge that races with another.
///
/// ```swift
/// let data = try RCV1Generator(rows: 100_000).generate().renumberedByFrequency().dataset
/// let svm = try SparseSVM(data: data)
/// let report = try Trainer(objective: svm, scheme: HotReplicas(), configuration: .init(threads: 16)).run(on: x)
/// print(report.schemeParameters)   // ["hotCoordinates": …, "mergeInterval": …]
/// ```
public struct HotReplicas: SchemeRule {
    public var settings: HotReplicaSettings

    public init() { settings = HotReplicaSettings() }
    public init(settings: HotReplicaSettings) { self.settings = settings }

    public init(hotCoordinates: Int?, mergeInterval: Int?) {
        settings = HotReplicaSettings(hotCoordinates: hotCoordinates, mergeInterval: mergeInterval)
    }

    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory,
        workers: Int
    ) -> HotReplicaState {
        let interval =
            settings.mergeInterval
            ?? (objective.stepsAreDense
                ? HotReplicaSettings.automaticDenseMergeInterval(workers: workers, terms: objective.termCount)
                : HotReplicaSettings.automaticMergeInterval(workers: workers, terms: objective.termCount))
        // Dense steps touch every coordinate with every term: every one is hot.
        let automatic = {
            objective.stepsAreDense && workers > 1
                ? objective.dimension
                : HotReplicaSettings.automaticHotCoordinates(
                    degrees: objective.coordinateDegrees(), terms: objective.termCount, workers: workers,
                    mergeInterval: interval)
        }
        let hot = min(objective.dimension, settings.hotCoordinates ?? automatic())
        let mode: HotReplicaSettings.MergeMode =
            settings.merge != .automatic ? settings.merge : objective.stepsAreDense ? .relaxedStore : .atomicAdd
        return HotReplicaState(
            memory: memory, workers: workers, hotCount: hot, mergeInterval: max(1, interval), mode: mode)
    }

    public func parameters(of state: HotReplicaState) -> [String: Int] {
        ["hotCoordinates": state.hotCount, "mergeInterval": state.mergeInterval]
    }

    public func beginEpoch(_ state: HotReplicaState) {
        for worker in 0..<state.workers { state.refresh(worker) }
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination state: HotReplicaState, delay: ArtificialDelay
    ) {
        let access = state.access(worker)
        stepper.step(term: term, stepSize: stepSize, reading: access, writer: access, delay: delay)
        let counter = state.counter(worker)
        counter.pointee &+= 1
        if counter.pointee >= state.mergeInterval {
            state.merge(worker)
            counter.pointee = 0
        }
    }

    public func finish(worker: Int, coordination state: HotReplicaState) {
        state.merge(worker)
        state.counter(worker).pointee = 0
    }
}

/// K, M and the merge primitive of ``HotReplicas``; nil means "choose automatically".
public struct HotReplicaSettings: Sendable, Hashable, Codable {
    public enum MergeMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Compare-exchange add: no merge is ever lost.
        case atomicAdd
        /// Relaxed load, add, relaxed store, a vector at a time: cheaper, but a merge
        /// racing another can be lost (as a dense HOGWILD! step's write can).
        case relaxedStore
        /// Atomic adds for sparse steps; relaxed vector adds for dense ones (a network's
        /// minibatches, every coordinate replicated), where a compare-exchange per
        /// coordinate would cost more than the steps it merges.
        case automatic

        /// The command-line spelling: `atomic`, `relaxed` or `automatic`.
        public init?(argument: String) {
            switch argument {
            case "atomic": self = .atomicAdd
            case "relaxed": self = .relaxedStore
            case "automatic": self = .automatic
            default: return nil
            }
        }
    }

    /// K: how many leading coordinates each worker replicates.
    public var hotCoordinates: Int?
    /// M: a worker's updates between merges.
    public var mergeInterval: Int?
    public var merge: MergeMode

    public init(hotCoordinates: Int? = nil, mergeInterval: Int? = nil, merge: MergeMode = .automatic) {
        self.hotCoordinates = hotCoordinates
        self.mergeInterval = mergeInterval
        self.merge = merge
    }

    /// The most coordinates replicated automatically: 4,096, whose values and deltas
    /// (2 × 16 KiB) stay in a core's L1 data cache.
    public static let maximumAutomaticHotCoordinates = 4_096

    /// The hot lag T·M the automatic merge interval aims at, in updates (see
    /// "Staleness and stability" in ``HotReplicas``).
    public static let automaticLag = 256

    /// M = 256 / T, kept in [8, 1024], so that T·M (the hot lag τ) stays near
    /// ``automaticLag``; and on small data at most 1/16 of a worker's share of an epoch.
    /// A smaller M also means fewer hot coordinates (K counts those touched once per M
    /// updates), so a merge, which costs about K, stays near one step's work.
    public static func automaticMergeInterval(workers: Int, terms: Int) -> Int {
        let target = min(1024, max(8, automaticLag / max(1, workers)))
        return max(1, min(target, terms / max(1, 16 * workers)))
    }

    /// The hot lag T·M the automatic merge interval aims at when every step is dense
    /// (see ``automaticDenseMergeInterval(workers:terms:)``).
    public static let automaticDenseLag = 32

    /// M = 32 / T, at least 4, for objectives whose every step moves every coordinate
    /// (a network's minibatch): each of the T workers' unmerged steps moves all of them,
    /// so the lag is felt everywhere at once. Measured on the zoo's MLP at batch 1
    /// (`experiments/dense-settings.sh`: the losses after 20,000 samples grow with M,
    /// the speed hardly changes; see `Benchmarks/RESULTS.md`): M = 16 runs as fast as
    /// 128 (a merge is about three passes over the parameters, a batch-1 step about as
    /// many, so merging every M steps costs about 1/M of the time).
    public static func automaticDenseMergeInterval(workers: Int, terms: Int) -> Int {
        let target = max(4, automaticDenseLag / max(1, workers))
        return max(1, min(target, terms / max(1, 16 * workers)))
    }

    /// K = the length of the leading run of coordinates touched by at least one term
    /// in M (degree ≥ |E| / M): a worker meets each of them about once a merge
    /// interval or more, so replicating one costs a merge and saves at least as many
    /// contended writes. 0 with one worker (nothing to contend with) or unknown
    /// degrees; at most ``maximumAutomaticHotCoordinates``. (Objectives whose steps are
    /// dense replicate every coordinate instead.)
    public static func automaticHotCoordinates(degrees: [Int]?, terms: Int, workers: Int, mergeInterval: Int) -> Int {
        guard workers > 1, let degrees, terms > 0 else { return 0 }
        let threshold = max(1, terms / max(1, mergeInterval))
        var k = 0
        while k < degrees.count, k < maximumAutomaticHotCoordinates, degrees[k] >= threshold { k += 1 }
        // Whole cache lines, so a replica never shares a line with cold coordinates' writers.
        return min(degrees.count, (k + 15) / 16 * 16)
    }

    public func validate() throws(TrainingError) {
        if let k = hotCoordinates, k < 0 {
            throw .invalidParameter(name: "hot coordinates", value: Double(k), expected: "≥ 0")
        }
        if let m = mergeInterval, m < 1 {
            throw .invalidParameter(name: "merge interval", value: Double(m), expected: "≥ 1 update")
        }
    }
}

/// The replicas of one run of ``HotReplicas``: for each worker, in its own
/// 128-byte-aligned block, K replica values, K pending deltas and an update counter.
///
/// ## Concurrency contract
/// Worker w touches only block w while workers run; `refresh` of any block runs only
/// between epochs (on the trainer's thread).
public final class HotReplicaState: @unchecked Sendable {
    public let workers: Int
    public let hotCount: Int
    public let mergeInterval: Int
    public let mode: HotReplicaSettings.MergeMode
    @usableFromInline let memory: UnsafeParameterMemory
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let stride: Int

    init(
        memory: UnsafeParameterMemory, workers: Int, hotCount: Int, mergeInterval: Int,
        mode: HotReplicaSettings.MergeMode
    ) {
        self.memory = memory
        self.workers = workers
        self.hotCount = max(0, hotCount)
        self.mergeInterval = mergeInterval
        self.mode = mode
        stride = (2 * self.hotCount * 4 + 8 + 127) / 128 * 128
        base = UnsafeMutableRawPointer.allocate(byteCount: stride * max(1, workers), alignment: 128)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: stride * max(1, workers))
    }

    deinit { base.deallocate() }

    @inlinable @inline(__always)
    func values(_ worker: Int) -> UnsafeMutablePointer<Float> {
        (base + worker * stride).assumingMemoryBound(to: Float.self)
    }

    @inlinable @inline(__always)
    func deltas(_ worker: Int) -> UnsafeMutablePointer<Float> {
        (base + worker * stride + hotCount * 4).assumingMemoryBound(to: Float.self)
    }

    @inlinable @inline(__always)
    func counter(_ worker: Int) -> UnsafeMutablePointer<Int> {
        (base + worker * stride + 2 * hotCount * 4).alignedUp(for: Int.self).assumingMemoryBound(to: Int.self)
    }

    @inlinable @inline(__always)
    func access(_ worker: Int) -> HotReplicaAccess {
        HotReplicaAccess(memory: memory, values: values(worker), deltas: deltas(worker), hotCount: hotCount)
    }

    /// Copies the shared values of the hot coordinates into worker `worker`'s replica.
    func refresh(_ worker: Int) {
        memory.load(0..<hotCount, into: values(worker))
    }

    /// Adds worker `worker`'s pending deltas into shared memory, clears them, and
    /// refreshes its replica from the merged values.
    @usableFromInline
    func merge(_ worker: Int) {
        let v = values(worker), d = deltas(worker)
        switch mode {
        case .atomicAdd:
            for i in 0..<hotCount where d[i] != 0 {
                memory.atomicAdd(d[i], at: i)
                d[i] = 0
            }
        case .relaxedStore, .automatic:
            memory.add(d, to: 0..<hotCount)
            d.update(repeating: 0, count: hotCount)
        }
        memory.load(0..<hotCount, into: v)
    }
}

/// Reads and writes for one worker under ``HotReplicas``: coordinates below K go to
/// the worker's replica (and its pending deltas), the rest to shared memory with
/// relaxed stores.
@frozen
public struct HotReplicaAccess: CoordinateWriter {
    public let memory: UnsafeParameterMemory
    public let values: UnsafeMutablePointer<Float>
    public let deltas: UnsafeMutablePointer<Float>
    public let hotCount: Int

    @inlinable
    public init(
        memory: UnsafeParameterMemory, values: UnsafeMutablePointer<Float>,
        deltas: UnsafeMutablePointer<Float>, hotCount: Int
    ) {
        self.memory = memory
        self.values = values
        self.deltas = deltas
        self.hotCount = hotCount
    }

    @inlinable @inline(__always)
    public func load(_ index: Int) -> Float {
        index < hotCount ? values[index] : memory.load(index)
    }

    @inlinable @inline(__always)
    public func write(_ index: Int, old: Float, delta: Float) {
        if index < hotCount {
            values[index] = old + delta
            deltas[index] += delta
        } else {
            memory.store(old + delta, at: index)
        }
    }

    /// The replica itself where `range` is all hot: it is the worker's own, so a kernel
    /// may read it directly (ThreadSanitizer builds too); shared memory's where it is
    /// all cold (as plain HOGWILD! gives it); nil where it straddles the two.
    @inlinable
    public func directStorage(_ range: Range<Int>) -> UnsafePointer<Float>? {
        if range.upperBound <= hotCount { return UnsafePointer(values + range.lowerBound) }
        return range.lowerBound >= hotCount ? memory.directStorage(range) : nil
    }

    @inlinable
    public func load(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        let split = min(max(range.lowerBound, hotCount), range.upperBound)
        if split > range.lowerBound {
            destination.update(from: values + range.lowerBound, count: split - range.lowerBound)
        }
        if split < range.upperBound {
            memory.load(split..<range.upperBound, into: destination + (split - range.lowerBound))
        }
    }

    @inlinable
    public func add(_ deltas: UnsafePointer<Float>, to range: Range<Int>) {
        let split = min(max(range.lowerBound, hotCount), range.upperBound)
        if split > range.lowerBound {
            // The replica and its pending deltas are the worker's own: plain vector adds.
            hogwild_add_range(values + range.lowerBound, deltas, split - range.lowerBound)
            hogwild_add_range(self.deltas + range.lowerBound, deltas, split - range.lowerBound)
        }
        if split < range.upperBound { memory.add(deltas + (split - range.lowerBound), to: split..<range.upperBound) }
    }
}

extension HotReplicas {
    public static let kind = SchemeKind.hotReplicas
    public static let aliases = ["hot", "replicas"]
    public static let displayName = "HOGWILD! + hot replicas"
    public static let summary =
        "HOGWILD! for cold coordinates; the K hottest in per-worker replicas, merged every M updates"
    public static let figureColor = "#9467bd"

    public var settingsDescription: String {
        var parts: [String] = []
        if let k = settings.hotCoordinates { parts.append("K=\(k)") }
        if let m = settings.mergeInterval { parts.append("M=\(m)") }
        if settings.merge != .automatic {
            parts.append("merge=\(settings.merge == .relaxedStore ? "relaxed" : "atomic")")
        }
        return parts.joined(separator: ",")
    }

    public func validate() throws(TrainingError) { try settings.validate() }

    /// The settings' fields, beside the scheme's name.
    public func encode(to encoder: Encoder) throws { try settings.encode(to: encoder) }
    public init(from decoder: Decoder) throws { settings = try HotReplicaSettings(from: decoder) }
}
