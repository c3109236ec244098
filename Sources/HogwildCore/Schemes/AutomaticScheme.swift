/// The scheme to leave alone: plain HOGWILD! where no coordinate is hot, hot replicas
/// where some are — the coordinates most terms touch (text's common words, the popular
/// items of ratings) or, for dense steps (a network's minibatches), every coordinate —
/// with the replica count K, the merge interval M and the merge primitive chosen from
/// the data and the thread count (``HotReplicaSettings``). One worker replicates
/// nothing: serial SGD, bit for bit.
///
/// Whether replicas pay depends on the machine as much as on the data (on a 2-core
/// AMD EPYC Zen 4, plain HOGWILD! at 2 workers ran 0.64× to 1.54× serial on the hot
/// RCV1 shape from one round to the next, the replicas 1.48–1.78×; an Intel Xeon's
/// plain run fell to 0.33× on real text; `Benchmarks/RESULTS.md`), so for sparse
/// steps with hot coordinates the run measures it: its first four epochs (exchange
/// rounds, in a distributed run) alternate the replicas and plain HOGWILD!, and the
/// rest run the side whose fastest epoch was faster (plain only when 3% faster;
/// ``HotReplicaState/measuredEpochs``). In lockstep it measures nothing and replicates. Both are
/// stable at the automatic settings, so the choice moves only the speed.
///
/// The report's scheme parameters say what it chose (`hotCoordinates` 0 is plain
/// HOGWILD!) and, when it measured, each side's fastest epoch.
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: AutomaticScheme(), configuration: .init(threads: 8)).run(on: x)
/// print(report.schemeParameters)   // ["hotCoordinates": 4096, "mergeInterval": 32, …]
/// ```
public struct AutomaticScheme: SchemeRule {
    @usableFromInline let replicas = HotReplicas()

    public init() {}

    public func makeCoordination<O: Objective>(
        for objective: O, memory: UnsafeParameterMemory, workers: Int
    ) -> HotReplicaState {
        replicas.makeState(for: objective, memory: memory, workers: workers, measuringAgainstPlain: true)
    }

    public func parameters(of state: HotReplicaState) -> [String: Int] { replicas.parameters(of: state) }

    /// In lockstep nothing is timed: the replicas run throughout (what the stability
    /// of the automatic settings is about), and the run stays deterministic.
    public func runsInLockstep(_ state: HotReplicaState) { state.stopMeasuring() }

    public func beginEpoch(_ state: HotReplicaState) { replicas.beginEpoch(state) }

    @inlinable @inline(__always)
    public func process<O: Objective, Opt: Optimizer>(
        term: Int, stepper: inout WorkerStepper<O, Opt>, stepSize: Float,
        memory: UnsafeParameterMemory, worker: Int,
        coordination state: HotReplicaState, delay: ArtificialDelay
    ) {
        replicas.process(
            term: term, stepper: &stepper, stepSize: stepSize, memory: memory, worker: worker, coordination: state,
            delay: delay)
    }

    public func finish(worker: Int, coordination state: HotReplicaState) {
        replicas.finish(worker: worker, coordination: state)
    }

    public static func == (a: AutomaticScheme, b: AutomaticScheme) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
    public func encode(to encoder: Encoder) throws {}
    public init(from decoder: Decoder) throws {}
}

extension AutomaticScheme {
    public static let kind = SchemeKind.automatic
    public static let aliases = ["auto"]
    public static let displayName = "HOGWILD! (automatic)"
    public static let summary =
        "HOGWILD!, with hot replicas where coordinates are hot (and for dense steps); K and M from the data; "
        + "replicas or plain HOGWILD! by what the first four epochs measure"
    public static let figureColor = "#17becf"
}

extension UpdateScheme where Self == AutomaticScheme {
    /// ``AutomaticScheme``: HOGWILD!, with hot replicas where they pay.
    public static var automatic: AutomaticScheme { AutomaticScheme() }
}
