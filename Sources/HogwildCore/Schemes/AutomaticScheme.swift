/// The scheme to leave alone: plain HOGWILD! where no coordinate is hot, hot replicas
/// where some are — the coordinates most terms touch (text's common words, the popular
/// items of ratings) or, for dense steps (a network's minibatches), every coordinate —
/// with the replica count K, the merge interval M and the merge primitive chosen from
/// the data and the thread count (``HotReplicaSettings``). One worker replicates
/// nothing: serial SGD, bit for bit.
///
/// Whether replicas pay depends on the machine as much as on the data (on a 2-core
/// AMD EPYC Zen 4, plain HOGWILD! ran 1.66× serial at 2 workers on the paper-shaped
/// RCV1 rows and the replicas 1.52×; on the hot shape 0.82× and 1.52×), so for sparse
/// steps with hot coordinates the run measures it: its first four epochs alternate the
/// replicas and plain HOGWILD!, and the rest run the side whose fastest epoch was
/// faster (plain only when 3% faster; ``HotReplicaState/measuredEpochs``). Both are
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
        "HOGWILD!, with hot replicas where coordinates are hot (and for dense steps); K and M from the data"
    public static let figureColor = "#17becf"
}

extension UpdateScheme where Self == AutomaticScheme {
    /// ``AutomaticScheme``: HOGWILD!, with hot replicas where they pay.
    public static var automatic: AutomaticScheme { AutomaticScheme() }
}
