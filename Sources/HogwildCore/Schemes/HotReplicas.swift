import CHogwildKernels
import HogwildSupport

/// HOGWILD! that keeps scaling when a few coordinates are hot.
///
/// Plain HOGWILD! stalls on many cores when some coordinates are touched by most
/// terms (common words in text, popular movies): every worker writes the same cache
/// lines, which then bounce between cores on nearly every update. This scheme gives
/// each worker a private replica of the K hottest coordinates. A worker reads and
/// writes its replica for those (no sharing at all); every M of its updates, and at
/// the end of each epoch, it merges its net change since its last merge into shared
/// memory and refreshes its replica from the merged values. Cold coordinates are
/// plain HOGWILD!.
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
/// about 256 updates (32 where every step is dense, p = 1), within which T workers in
/// lockstep on one thread (``TrainingConfiguration/lockstep``, `hogwild train
/// --lockstep`) stay within about 1% of serial SGD's objective after 20 epochs at
/// T = 4 to 32 on the paper's workloads, as close as plain HOGWILD! in lockstep, whose
/// only difference from serial SGD is the order (`experiments/lockstep-stability.sh`;
/// `Benchmarks/RESULTS.md` has the table and the lag that diverged). The bound assumes
/// every worker has a core: a worker
/// descheduled mid-interval holds its deltas while the others keep going, so with
/// more workers than cores (or a loaded machine) the lag grows by what the others do
/// meanwhile.
///
/// ## Merging
/// A merge adds `replica − base` (the worker's net change; base is the replica as of
/// its last merge) to shared memory a block of 1,024 coordinates at a time, each block
/// under its own spin lock, in one vector pass that also takes the merged values back
/// (the default, ``HotReplicaSettings/MergeMode/lockedBlocks``): two merges of a block
/// never interleave, so no step is lost, and a merge costs a pass over K floats rather
/// than a compare-exchange per coordinate. ``HotReplicaSettings/MergeMode/atomicAdd``
/// (a compare-exchange per changed coordinate) and
/// ``HotReplicaSettings/MergeMode/relaxedStore`` (no lock; a merge racing another can
/// be lost) are offered for measurement.
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
        makeState(for: objective, memory: memory, workers: workers, measuringAgainstPlain: false)
    }

    /// The run's replicas; with `measuringAgainstPlain`, a state that times its first
    /// four epochs, replicas and plain HOGWILD! alternating, and keeps the faster (see
    /// ``AutomaticScheme``).
    func makeState<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory, workers: Int, measuringAgainstPlain: Bool
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
        let mode: HotReplicaSettings.MergeMode = settings.merge != .automatic ? settings.merge : .lockedBlocks
        return HotReplicaState(
            memory: memory, workers: workers, hotCount: hot, mergeInterval: max(1, interval), mode: mode,
            measuresAgainstPlain: measuringAgainstPlain && hot > 0 && workers > 1 && !objective.stepsAreDense)
    }

    public func parameters(of state: HotReplicaState) -> [String: Int] {
        // Until the measured epochs are over there is no choice: the replicas are what
        // the settings chose.
        var parameters = [
            "hotCoordinates": state.choiceIsMade ? state.hotCount : state.replicatedCount,
            "mergeInterval": state.mergeInterval,
        ]
        if let replicas = state.measuredReplicaNanoseconds {
            parameters["replicaEpochMicroseconds"] = Int(replicas / 1_000)
        }
        if let plain = state.measuredPlainNanoseconds { parameters["plainEpochMicroseconds"] = Int(plain / 1_000) }
        if !state.choiceIsMade { parameters["measuredEpochsUnfinished"] = 1 }
        return parameters
    }

    public func beginEpoch(_ state: HotReplicaState) {
        state.beginInterval()
        for worker in 0..<state.workers where state.hotCount > 0 { state.refresh(worker) }
    }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination state: HotReplicaState, delay: ArtificialDelay
    ) {
        guard state.hotCount > 0 else {
            // Nothing replicated (one worker, or no hot coordinates): plain HOGWILD!'s path.
            stepper.step(
                term: term, stepSize: stepSize, reading: memory, writer: RelaxedStoreWriter(memory: memory),
                delay: delay)
            return
        }
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
        if state.measuresAgainstPlain { state.finishTime(worker).pointee = MonotonicClock.nanoseconds() }
    }
}

/// K, M and the merge primitive of ``HotReplicas``; nil means "choose automatically".
public struct HotReplicaSettings: Sendable, Hashable, Codable {
    public enum MergeMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Compare-exchange add: no merge is ever lost.
        case atomicAdd
        /// Relaxed load, add, relaxed store, a vector at a time, no lock: a merge
        /// racing another can be lost (as a dense HOGWILD! step's write can).
        case relaxedStore
        /// Vector adds a block of 1,024 coordinates (``HotReplicaState/mergeBlockShift``) at a time,
        /// each block under its own spin lock: no merge is ever lost, and a merge costs
        /// a vector pass plus a lock a block instead of a compare-exchange a coordinate.
        case lockedBlocks
        /// ``lockedBlocks``.
        case automatic

        /// The command-line spelling: `atomic`, `relaxed`, `locked` or `automatic`.
        public init?(argument: String) {
            guard let mode = Self.allCases.first(where: { $0.argument == argument }) else { return nil }
            self = mode
        }

        /// The command-line spelling.
        public var argument: String {
            switch self {
            case .atomicAdd: "atomic"
            case .relaxedStore: "relaxed"
            case .lockedBlocks: "locked"
            case .automatic: "automatic"
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

    /// Merge intervals within which a coordinate must be touched about once to be
    /// replicated automatically (see ``automaticHotCoordinates(degrees:terms:workers:mergeInterval:)``).
    public static let replicationHorizon = 32

    /// K = the length of the leading run of coordinates touched by at least one term in
    /// 32·M (degree ≥ |E| / (32·M)), in whole cache lines, at most
    /// ``maximumAutomaticHotCoordinates``. A merge costs about a cycle a replicated
    /// coordinate (one vector pass over replica, base and shared values), while a write
    /// to a line the other cores write costs tens to hundreds (the line moves between
    /// cores): a coordinate a worker writes once in 32 merges is still cheaper
    /// replicated. Measured on RCV1-shaped rows at 2 workers (M = 128, 2-core AMD EPYC
    /// Zen 4, `Benchmarks/RESULTS.md` 2026-12-06): K = 4,096 ran 3.34–3.52 M updates/s,
    /// K = 1,088 (the earlier rule, degree ≥ |E| / M) 3.30–3.35. 0 with one worker
    /// (nothing to contend with), unknown degrees, or no coordinate that hot: plain HOGWILD!.
    /// (Objectives whose steps are dense replicate every coordinate instead.)
    public static func automaticHotCoordinates(degrees: [Int]?, terms: Int, workers: Int, mergeInterval: Int) -> Int {
        guard workers > 1, let degrees, terms > 0 else { return 0 }
        let threshold = max(1, terms / max(1, replicationHorizon * mergeInterval))
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
/// 128-byte-aligned block, K replica values, the K values of its last merge (its
/// base) and an update counter; and a spin lock per block of 2^``mergeBlockShift``
/// hot coordinates of shared memory, which merges take.
///
/// A step writes a hot coordinate once, into the replica (as plain HOGWILD! writes
/// shared memory); the worker's net change since its last merge is `values − base`,
/// found when it merges. A merge adds that change to shared memory and takes the
/// merged values back, block by block, in one vectorized pass
/// (`hogwild_merge_replica`) under the block's lock: two merges of one block never
/// interleave, so no merged step is lost, without a compare-exchange per coordinate.
/// Nothing else writes the hot prefix of shared memory while workers run (cold
/// coordinates start at K, a whole number of cache lines), so the locks see no other
/// traffic.
///
/// ## Concurrency contract
/// Worker w touches only block w of the replicas, and shared memory's hot prefix only
/// under the merge locks, while workers run; `refresh` of any block runs only between
/// epochs (on the trainer's thread).
public final class HotReplicaState: @unchecked Sendable {
    public let workers: Int
    /// K for the epoch that runs: ``replicatedCount``, or 0 while the state measures
    /// plain HOGWILD! or after it chose it. Changes only between epochs.
    @inlinable public var hotCount: Int { activeHotCount.pointee }
    /// Where ``hotCount`` lives: a plain pointer, so the workers' read of it each term
    /// is a load (a class's `var` would be a dynamic exclusivity check).
    @usableFromInline let activeHotCount: UnsafeMutablePointer<Int>
    /// K as the settings chose it: the coordinates the replicas have room for.
    public let replicatedCount: Int
    public let mergeInterval: Int
    public let mode: HotReplicaSettings.MergeMode
    @usableFromInline let memory: UnsafeParameterMemory
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let stride: Int
    /// One lock per 2^``mergeBlockShift`` hot coordinates.
    let mergeLocks: StripedSpinLocks

    /// Hot coordinates a merge lock covers, as a shift (1,024: 4 KiB of floats): few
    /// lock operations per merge, and a block merged in about the time a worker takes
    /// for a step or two.
    public static let mergeBlockShift = 10

    /// Whether the first epochs time the replicas against plain HOGWILD! (``AutomaticScheme``).
    /// Set before the run starts; workers only read it.
    public private(set) var measuresAgainstPlain: Bool
    /// Whether the measured epochs are over and ``hotCount`` is the choice (true when
    /// nothing is measured).
    public var choiceIsMade: Bool {
        !measuresAgainstPlain
            || replicaEpochNanoseconds.count + plainEpochNanoseconds.count == Self.measuredEpochs.count
    }
    /// How long the workers took for each measured epoch with replicas, and without.
    public private(set) var replicaEpochNanoseconds: [UInt64] = []
    public private(set) var plainEpochNanoseconds: [UInt64] = []
    /// The fastest measured epoch with replicas and without (nil until measured).
    public var measuredReplicaNanoseconds: UInt64? { replicaEpochNanoseconds.min() }
    public var measuredPlainNanoseconds: UInt64? { plainEpochNanoseconds.min() }
    /// When the workers were last started (``beginInterval()``).
    var intervalStart: UInt64?

    /// The measured epochs, in order: `true` with replicas, `false` plain HOGWILD!.
    /// Alternating, each twice, so that a first epoch's warm-up or a moment of a
    /// neighbour's load on a shared machine decides nothing alone: each side is judged
    /// by its fastest epoch.
    public static let measuredEpochs = [true, false, true, false]

    /// How much faster (as a ratio of fastest epoch times) plain HOGWILD! must measure
    /// to be kept over the replicas: a margin over the noise between epochs.
    public static let plainPreference = 1.03

    init(
        memory: UnsafeParameterMemory, workers: Int, hotCount: Int, mergeInterval: Int,
        mode: HotReplicaSettings.MergeMode, measuresAgainstPlain: Bool = false
    ) {
        self.memory = memory
        self.workers = workers
        activeHotCount = .allocate(capacity: 1)
        activeHotCount.initialize(to: max(0, hotCount))
        replicatedCount = max(0, hotCount)
        self.mergeInterval = mergeInterval
        self.mode = mode
        self.measuresAgainstPlain = measuresAgainstPlain
        mergeLocks = StripedSpinLocks(dimension: replicatedCount, minimumShift: Self.mergeBlockShift)
        stride = (2 * replicatedCount * 4 + 16 + 127) / 128 * 128
        base = UnsafeMutableRawPointer.allocate(byteCount: stride * max(1, workers), alignment: 128)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: stride * max(1, workers))
    }

    deinit {
        base.deallocate()
        activeHotCount.deallocate()
    }

    @inlinable @inline(__always)
    func values(_ worker: Int) -> UnsafeMutablePointer<Float> {
        (base + worker * stride).assumingMemoryBound(to: Float.self)
    }

    /// The worker's values at its last merge or refresh.
    @inlinable @inline(__always)
    func mergedValues(_ worker: Int) -> UnsafeMutablePointer<Float> {
        (base + worker * stride + replicatedCount * 4).assumingMemoryBound(to: Float.self)
    }

    @inlinable @inline(__always)
    func counter(_ worker: Int) -> UnsafeMutablePointer<Int> {
        (base + worker * stride + 2 * replicatedCount * 4).alignedUp(for: Int.self).assumingMemoryBound(to: Int.self)
    }

    /// When worker `worker` finished its share of the epoch (measured epochs only).
    func finishTime(_ worker: Int) -> UnsafeMutablePointer<UInt64> {
        UnsafeMutableRawPointer(counter(worker) + 1).assumingMemoryBound(to: UInt64.self)
    }

    /// Before the run: measure nothing, replicate throughout (``UpdateScheme/runsInLockstep(_:)``).
    func stopMeasuring() {
        measuresAgainstPlain = false
        activeHotCount.pointee = replicatedCount
    }

    /// Between epochs, on the trainer's thread: when measuring, records how long the
    /// epoch just run took (start to the last worker's finish) and sets K for the next:
    /// the first four epochs alternate replicas and plain HOGWILD!
    /// (``measuredEpochs``), every later one runs the side whose fastest epoch was
    /// faster (plain only when ``plainPreference`` faster).
    func beginInterval() {
        let measured = replicaEpochNanoseconds.count + plainEpochNanoseconds.count
        guard measuresAgainstPlain, measured < Self.measuredEpochs.count else { return }
        defer { intervalStart = MonotonicClock.nanoseconds() }
        guard let start = intervalStart else { return }
        let end = (0..<workers).map { finishTime($0).pointee }.max() ?? start
        if hotCount > 0 {
            replicaEpochNanoseconds.append(end &- start)
        } else {
            plainEpochNanoseconds.append(end &- start)
        }
        if measured + 1 < Self.measuredEpochs.count {
            activeHotCount.pointee = Self.measuredEpochs[measured + 1] ? replicatedCount : 0
        } else {
            let replicas = Double(measuredReplicaNanoseconds ?? 0), plain = Double(measuredPlainNanoseconds ?? 0)
            activeHotCount.pointee = plain * Self.plainPreference < replicas ? 0 : replicatedCount
        }
    }

    @inlinable @inline(__always)
    func access(_ worker: Int) -> HotReplicaAccess {
        HotReplicaAccess(memory: memory, values: values(worker), hotCount: hotCount)
    }

    /// Copies the shared values of the hot coordinates into worker `worker`'s replica
    /// and base.
    func refresh(_ worker: Int) {
        memory.load(0..<hotCount, into: values(worker))
        mergedValues(worker).update(from: values(worker), count: hotCount)
    }

    /// Adds worker `worker`'s net change since its last merge into shared memory and
    /// takes the merged values as its replica and base.
    @usableFromInline
    func merge(_ worker: Int) {
        guard hotCount > 0 else { return }
        let v = values(worker), b = mergedValues(worker)
        switch mode {
        case .atomicAdd:
            for i in 0..<hotCount where v[i] != b[i] { memory.atomicAdd(v[i] - b[i], at: i) }
            memory.load(0..<hotCount, into: v)
            b.update(from: v, count: hotCount)
        case .relaxedStore:
            hogwild_merge_replica(memory.floats, v, b, hotCount)
        case .lockedBlocks, .automatic:
            // Workers start at different blocks, so merges that begin together rarely
            // wait on each other.
            let blocks = mergeLocks.count
            let first = blocks > 1 ? worker % blocks : 0
            for k in 0..<blocks {
                let block = (first + k) % blocks
                let lower = block << mergeLocks.shift, upper = min(hotCount, (block + 1) << mergeLocks.shift)
                mergeLocks.lock(block)
                hogwild_merge_replica(memory.floats + lower, v + lower, b + lower, upper - lower)
                mergeLocks.unlock(block)
            }
        }
    }
}

/// Reads and writes for one worker under ``HotReplicas``: coordinates below K go to
/// the worker's replica, the rest to shared memory with relaxed stores.
@frozen
public struct HotReplicaAccess: CoordinateWriter {
    public let memory: UnsafeParameterMemory
    public let values: UnsafeMutablePointer<Float>
    public let hotCount: Int

    @inlinable
    public init(memory: UnsafeParameterMemory, values: UnsafeMutablePointer<Float>, hotCount: Int) {
        self.memory = memory
        self.values = values
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
            // The replica is the worker's own: a plain vector add.
            hogwild_add_range(values + range.lowerBound, deltas, split - range.lowerBound)
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
        if settings.merge != .automatic { parts.append("merge=\(settings.merge.argument)") }
        return parts.joined(separator: ",")
    }

    public func validate() throws(TrainingError) { try settings.validate() }

    /// The settings' fields, beside the scheme's name.
    public func encode(to encoder: Encoder) throws { try settings.encode(to: encoder) }
    public init(from decoder: Decoder) throws { settings = try HotReplicaSettings(from: decoder) }
}
