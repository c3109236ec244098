/// An objective f(x) = Σ_e f_e(x_e), a sum of terms each of which touches only the
/// coordinates x_e it depends on — the shape HOGWILD! parallelizes.
///
/// A term is one training example (a sparse SVM row), one rating (matrix completion),
/// one edge (graph cuts) or one minibatch (a neural network, whose terms touch every
/// coordinate). The trainer picks terms and hands each to the update scheme, which
/// calls the two phases below in whatever synchronization it stands for:
///
/// 1. ``prepare(term:parameters:scratch:)`` reads x_e through `parameters` and computes
///    what the gradient G_e needs (for a linear model, the margin). It never writes.
/// 2. ``apply(term:state:stepSize:scratch:writer:)`` walks the coordinates of e and,
///    for each v, reads the current x_v through the writer (`writer.load(v)`),
///    computes the step −γ·(G_e)_v and hands both to `writer.write(v, old:delta:)`.
///    The writer decides how the step reaches memory (a plain store, an atomic add,
///    a worker's private replica of a hot coordinate).
///
/// Reads go through a generic ``ParameterReader`` rather than shared memory directly
/// because some schemes read some coordinates from elsewhere (``HotReplicas`` reads
/// hot coordinates from the worker's replica). The trainer specializes both phases
/// for each scheme, so a plain scheme's reads are still a single `mov`.
///
/// Locking schemes call ``visitCoordinates(of:_:)`` to learn which coordinates to lock.
///
/// ## Requirements on conformers
/// - `visitCoordinates` visits each coordinate of the term once, in ascending order
///   (the lock schemes rely on it to take locks without deadlock), and `apply` writes
///   no coordinate outside that set.
/// - Every method is called concurrently from many workers: conformers are immutable
///   values; per-worker temporaries live in `scratch` (``scratchCount`` floats).
/// - Indices are validated when the objective is built, so the per-term methods do no
///   checks: a conformer's `init` is where bad input becomes a typed error.
/// - Hot methods should be `@inlinable` so the trainer specializes them across
///   module boundaries.
///
/// ```swift
/// struct Mean: Objective {          // f(x) = Σ_e ½(x_0 − t_e)²
///     let targets: [Float]
///     var termCount: Int { targets.count }
///     var dimension: Int { 1 }
///     func visitCoordinates<V: CoordinateVisitor>(of term: Int, _ visitor: inout V) { visitor.visit(0) }
///     func prepare<R: ParameterReader>(term: Int, parameters x: R, scratch: UnsafeMutableBufferPointer<Float>) -> Float {
///         x.load(0) - targets[term]
///     }
///     func apply<W: CoordinateWriter>(term: Int, state residual: Float, stepSize: Float,
///                                     scratch: UnsafeMutableBufferPointer<Float>, writer: W) {
///         writer.write(0, old: writer.load(0), delta: -stepSize * residual)
///     }
///     func loss(term: Int, parameters x: UnsafeParameterMemory) -> Double {
///         let r = Double(x.load(0) - targets[term]); return 0.5 * r * r
///     }
/// }
/// ```
public protocol Objective: Sendable {
    /// What ``prepare(term:parameters:scratch:)`` passes on to ``apply``: a margin,
    /// a residual, or `Void` when the gradient sits in scratch.
    associatedtype TermState

    /// |E|, the number of terms.
    var termCount: Int { get }
    /// The number of coordinates of x (the parameter buffer must have exactly this many).
    var dimension: Int { get }
    /// Floats of per-worker scratch memory `prepare`/`apply` may use (default 0).
    var scratchCount: Int { get }

    /// Visits the coordinates term `term` touches, each once, in ascending order.
    func visitCoordinates<V: CoordinateVisitor>(of term: Int, _ visitor: inout V)

    /// Phase 1: reads x_e and returns what the step needs. No writes.
    func prepare<R: ParameterReader>(term: Int, parameters: R,
                                     scratch: UnsafeMutableBufferPointer<Float>) -> TermState

    /// Phase 2: for each coordinate v of the term, `writer.write(v, old: x_v, delta:
    /// −stepSize·(G_e)_v)`, where `old = writer.load(v)` is the value just read.
    func apply<W: CoordinateWriter>(term: Int, state: TermState, stepSize: Float,
                                    scratch: UnsafeMutableBufferPointer<Float>, writer: W)

    /// f_e(x_e), the term's contribution to the objective.
    func loss(term: Int, parameters: UnsafeParameterMemory) -> Double

    /// The objective the trainer reports each epoch: by default the mean of
    /// ``loss(term:parameters:)`` over all terms (so numbers compare across sizes).
    func evaluate(parameters: UnsafeParameterMemory) -> Double

    /// How many terms touch each coordinate, or nil when unknown (the default).
    /// ``HotReplicas`` chooses which coordinates to replicate from it.
    func coordinateDegrees() -> [Int]?
}

extension Objective {
    @inlinable public var scratchCount: Int { 0 }

    public func coordinateDegrees() -> [Int]? { nil }

    public func evaluate(parameters: UnsafeParameterMemory) -> Double {
        meanTermLoss(parameters: parameters)
    }

    /// The mean of `loss(term:parameters:)` over all terms, computed in parallel
    /// chunks with a fixed summation order, so the result does not depend on the
    /// number of cores.
    public func meanTermLoss(parameters: UnsafeParameterMemory) -> Double {
        let n = termCount
        guard n > 0 else { return 0 }
        return ParallelSum.sum(count: n) { term in loss(term: term, parameters: parameters) } / Double(n)
    }
}

/// Receives the coordinates of a term, one call each, in ascending order.
public protocol CoordinateVisitor {
    mutating func visit(_ coordinate: Int)
}

extension CoordinateVisitor {
    /// Visits every coordinate of `range` in order (dense terms, factor rows).
    @inlinable @inline(__always)
    public mutating func visit(_ range: Range<Int>) {
        for coordinate in range { visit(coordinate) }
    }
}

/// Where an objective reads coordinates from.
public protocol ParameterReader {
    /// The current value of coordinate `index`.
    func load(_ index: Int) -> Float
}

extension UnsafeParameterMemory: ParameterReader {}

/// How a scheme puts one coordinate's step into memory; it also reads, so that the
/// value a step starts from comes from the same place the step goes to.
public protocol CoordinateWriter: ParameterReader {
    /// Makes x_index ← old + delta, where `old` is the value the caller just read.
    func write(_ index: Int, old: Float, delta: Float)
}
