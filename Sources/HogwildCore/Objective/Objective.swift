import HogwildSupport

/// An objective f(x) = Σ_e f_e(x_e), a sum of terms each of which touches only the
/// coordinates x_e it depends on — the shape HOGWILD! parallelizes.
///
/// A term is one training example (a sparse SVM row), one rating (matrix completion),
/// one edge (graph cuts) or one minibatch (a neural network, whose terms touch every
/// coordinate). An objective says three things, and the trainer does the rest:
///
/// 1. ``gradient(of:at:into:context:)``: reads x_e and adds G_e, the term's partial
///    derivatives, to a ``TermGradient`` (scattered coordinates, or runs of
///    consecutive ones). It never writes parameters.
/// 2. ``loss(term:at:context:)``: f_e(x), for the objective the trainer reports.
/// 3. ``termCount`` and ``dimension``.
///
/// The ``Optimizer`` turns the gradient into a step (plain SGD: −γ·G_e) and the
/// ``UpdateScheme`` decides how that step reaches shared memory (plain stores, atomic
/// adds, under locks, in turn, through replicas). Every optimizer works with every
/// scheme, and the trainer specializes the whole path for the three types, so a plain
/// scheme's reads are still a single `mov`.
///
/// Optional parts: a per-worker ``Workspace`` (buffers, a tape), made once per worker
/// and passed back in every call's ``WorkerContext``; ``project(term:step:stepSize:context:)``
/// for a constraint or a proximal step applied after the optimizer's step (a simplex,
/// an L1 soft-threshold); ``coordinateDegrees()`` for ``HotReplicas``; conflict keys
/// (``forEachConflictKey(of:_:)``) for ``ConflictFree``; ``sampleCount``
/// when a term holds several samples.
///
/// ## Requirements on conformers
/// - Every method is called concurrently from many workers: conformers are immutable
///   values; per-worker temporaries live in the workspace.
/// - A gradient names each coordinate at most once per term.
/// - Data indices are validated when the objective is built, so the per-term methods
///   do no checks of their own; a conformer's `init` is where bad input becomes a
///   typed error. (Coordinates handed to the gradient are checked there.)
/// - Hot methods should be `@inlinable` so the trainer specializes them across
///   module boundaries.
///
/// ```swift
/// struct Mean: Objective {          // f(x) = Σ_e ½(x_0 − t_e)²
///     let targets: [Float]
///     var termCount: Int { targets.count }
///     var dimension: Int { 1 }
///     func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
///                                       context: inout WorkerContext<Void>) {
///         g.add(0, x.load(0) - targets[term])
///     }
///     func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
///         let r = Double(x.load(0) - targets[term]); return 0.5 * r * r
///     }
/// }
/// ```
public protocol Objective: Sendable {
    /// Per-worker scratch the objective's calls may use; `Void` when none.
    associatedtype Workspace = Void

    /// |E|, the number of terms.
    var termCount: Int { get }
    /// The number of coordinates of x (the parameter buffer must have exactly this many).
    var dimension: Int { get }
    /// Training samples in all terms together (default: one per term); a minibatch
    /// term holds several. Throughput is reported in samples as well as updates.
    var sampleCount: Int { get }
    /// Scattered gradient entries one term usually adds, to size each worker's first
    /// gradient buffer (it grows when a term needs more); default 64.
    var gradientCapacityHint: Int { get }

    /// A fresh workspace for one worker (or one evaluation thread).
    func makeWorkspace() -> Workspace

    /// Adds G_e = ∇f_e(x) for term `term`, reading x through `parameters`. No writes.
    func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at parameters: R, into gradient: inout G,
        context: inout WorkerContext<Workspace>)

    /// Whether ``project(term:step:stepSize:context:)`` has work to do (default false; the
    /// step then goes to memory as the optimizer made it).
    var projectsSteps: Bool { get }

    /// Changes the proposed new values of a term's coordinates after the optimizer's
    /// step and before they are written: a projection onto a constraint set or the
    /// proximal step of a non-smooth penalty. `stepSize` is the schedule's γ.
    func project(term: Int, step: inout ProposedStep, stepSize: Float, context: inout WorkerContext<Workspace>)

    /// f_e(x), the term's contribution to the objective.
    func loss(term: Int, at parameters: UnsafeParameterMemory, context: inout WorkerContext<Workspace>) -> Double

    /// The objective the trainer reports each epoch: by default the mean of
    /// ``loss(term:at:context:)`` over all terms (so numbers compare across sizes).
    func evaluate(parameters: UnsafeParameterMemory) -> Double

    /// How ``evaluate(parameters:)`` of parts of the terms make the whole's: a mean
    /// (the default) or a sum. A distributed run combines its ranks' values by it.
    var evaluationAggregate: EvaluationAggregate { get }

    /// Whether every term's step touches every coordinate (a network's minibatch): the
    /// optimizer state's automatic placement and hot replicas' automatic K follow it.
    /// Default false.
    var stepsAreDense: Bool { get }

    /// Whether ``gradient(of:at:into:context:)`` records each term's loss with
    /// ``WorkerContext/recordTrainingLoss(_:)`` (default false).
    var recordsTrainingLoss: Bool { get }

    /// How many terms touch each coordinate, or nil when unknown (the default).
    /// ``HotReplicas`` chooses which coordinates to replicate from it.
    func coordinateDegrees() -> [Int]?

    /// How many conflict keys the objective names (0, the default: it does not say
    /// which blocks its terms touch, and ``ConflictFree`` refuses it). A conflict key is
    /// a block of coordinates that terms touch together (a feature, a user's factor row
    /// with their bias, a node's labels); two terms conflict when they share one.
    var conflictKeyCount: Int { get }

    /// Calls `body` with each conflict key (in 0..<``conflictKeyCount``) of term `term`,
    /// each once: every coordinate the term's gradient may name lies in one of them,
    /// whatever the parameters. ``ConflictFree`` groups terms by it.
    func forEachConflictKey(of term: Int, _ body: (Int) -> Void)

    /// Calls `body` with the coordinate ranges of conflict key `key`; keys cover
    /// disjoint coordinates. A projection (``project(term:step:stepSize:context:)``) must
    /// act on each key's coordinates on their own: ``ConflictFree`` may apply one
    /// key's part of a step apart from the rest.
    func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void)

    /// A hint, no effect on results: term `term` will be processed `distance` terms from
    /// now (3, 2, then 1), so the objective may start loading its data with
    /// ``Prefetch``: at the largest distance its index record (row offsets, the rating,
    /// the edge), nearer what that record points to (the row's features, the factor rows
    /// or node blocks in `parameters`), each found cheaply because the stage before
    /// fetched it a term earlier. Random access to data larger than the cache waits on
    /// memory once per term otherwise. Default: nothing.
    func prefetch(term: Int, distance: Int, parameters: UnsafeParameterMemory)
}

extension Objective {
    @inlinable public var sampleCount: Int { termCount }
    @inlinable public var gradientCapacityHint: Int { 64 }
    @inlinable public var projectsSteps: Bool { false }
    public var evaluationAggregate: EvaluationAggregate { .meanOverTerms }
    public var recordsTrainingLoss: Bool { false }
    public var stepsAreDense: Bool { false }
    @inlinable
    public func project(term: Int, step: inout ProposedStep, stepSize: Float, context: inout WorkerContext<Workspace>) {
    }

    public func coordinateDegrees() -> [Int]? { nil }

    public var conflictKeyCount: Int { 0 }
    public func forEachConflictKey(of term: Int, _ body: (Int) -> Void) {}
    public func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void) {}

    @inlinable @inline(__always)
    public func prefetch(term: Int, distance: Int, parameters: UnsafeParameterMemory) {}

    public func evaluate(parameters: UnsafeParameterMemory) -> Double {
        meanTermLoss(parameters: parameters)
    }

    /// The mean of ``loss(term:at:context:)`` over all terms, computed in parallel
    /// chunks of `chunk` terms with a fixed summation order, so the result does not
    /// depend on the number of cores. Each thread makes one workspace.
    public func meanTermLoss(parameters: UnsafeParameterMemory, chunk: Int = ParallelSum.chunk) -> Double {
        let n = termCount
        guard n > 0 else { return 0 }
        let total = ParallelSum.sum(
            count: n, chunk: chunk, makeState: { evaluationContext() },
            { context, term in loss(term: term, at: parameters, context: &context) })
        return total / Double(n)
    }

    /// A context for evaluating (not training): its own random stream, dropout off.
    public func evaluationContext(seed: UInt64 = 0) -> WorkerContext<Workspace> {
        WorkerContext(
            worker: 0, workers: 1, random: Xoshiro256(seed: seed), isTraining: false,
            workspace: makeWorkspace())
    }
}

extension Objective where Workspace == Void {
    @inlinable public func makeWorkspace() {}
}
