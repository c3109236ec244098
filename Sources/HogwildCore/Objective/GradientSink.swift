/// Where an objective puts its gradient G_e: coordinate by coordinate with ``add(_:_:)``
/// (a sparse row), or a run of consecutive coordinates at a time with
/// ``addRun(start:count:)`` (a factor row, a layer's weights, the whole buffer).
///
/// The trainer decides what a sink does with the values: a ``TermGradient`` keeps them
/// until the scheme is ready to write (after taking locks, at a worker's turn); for
/// schemes that write as they go, a sink that applies each scattered entry at once,
/// which saves a pass over the term. Each coordinate may appear at most once per term.
///
/// ```swift
/// func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
///                                                    context: inout WorkerContext<Void>) {
///     let r = x.load(0) * t[term] + x.load(1) - y[term]
///     g.add(0, r * t[term])                      // one coordinate
///     let row = g.addRun(start: 2, count: 8)      // eight consecutive coordinates
///     for k in 0..<8 { row[k] = r }
/// }
/// ```
public protocol GradientSink {
    /// Adds ∂f_e/∂x_coordinate = `value`.
    mutating func add(_ coordinate: Int, _ value: Float)

    /// Adds ∂f_e/∂x_coordinate = `value` + `decay`·x_coordinate: a term whose loss has a
    /// ridge part (decay/2)·x² (the SVM's degree-weighted L2) names its coefficient
    /// rather than reading x, and the step evaluates it at the value it starts from,
    /// as hand-written SGD loops do (one read of x instead of two).
    mutating func add(_ coordinate: Int, _ value: Float, decay: Float)

    /// Adds a run of `count` consecutive coordinates from `start` and returns the
    /// buffer to write their partial derivatives into, valid until the gradient call
    /// returns (its contents are undefined until written;
    /// ``addRun(start:count:zeroed:)`` clears it).
    mutating func addRun(start: Int, count: Int) -> UnsafeMutableBufferPointer<Float>
}

extension GradientSink {
    /// Like ``addRun(start:count:)`` with every value set to 0 first (for gradients
    /// accumulated with `+=`).
    @inlinable
    public mutating func addRun(start: Int, count: Int, zeroed: Bool) -> UnsafeMutableBufferPointer<Float> {
        let buffer = addRun(start: start, count: count)
        if zeroed { buffer.initialize(repeating: 0) }
        return buffer
    }
}

/// The sink of schemes that write as they go: each scattered entry goes through the
/// optimizer and the writer the moment the objective adds it (one pass over a sparse
/// row, as hand-written HOGWILD! loops do); runs are kept in the worker's
/// ``TermGradient`` and written after the objective returns.
@frozen
public struct ImmediateStep<Opt: Optimizer, W: CoordinateWriter>: GradientSink {
    @usableFromInline let optimizer: Opt
    @usableFromInline let state: Opt.State
    @usableFromInline let step: OptimizerStep
    @usableFromInline let writer: W
    @usableFromInline let dimension: UInt
    /// The runs, written after the gradient call.
    @usableFromInline var runs: TermGradient

    @inlinable
    init(optimizer: Opt, state: Opt.State, step: OptimizerStep, writer: W, runs: TermGradient) {
        self.optimizer = optimizer
        self.state = state
        self.step = step
        self.writer = writer
        dimension = UInt(bitPattern: runs.dimension)
        self.runs = runs
    }

    @inlinable @inline(__always)
    public mutating func add(_ coordinate: Int, _ value: Float) {
        if UInt(bitPattern: coordinate) >= dimension { TermGradient.outOfRange(coordinate, dimension: Int(dimension)) }
        let old = writer.load(coordinate)
        writer.write(
            coordinate, old: old,
            delta: optimizer.delta(gradient: value, parameter: old, at: coordinate, step: step, state: state))
    }

    @inlinable @inline(__always)
    public mutating func add(_ coordinate: Int, _ value: Float, decay: Float) {
        if UInt(bitPattern: coordinate) >= dimension { TermGradient.outOfRange(coordinate, dimension: Int(dimension)) }
        let old = writer.load(coordinate)
        writer.write(
            coordinate, old: old,
            delta: optimizer.delta(
                gradient: value + decay * old, parameter: old, at: coordinate, step: step, state: state))
    }

    @inlinable @inline(__always)
    public mutating func addRun(start: Int, count: Int) -> UnsafeMutableBufferPointer<Float> {
        runs.addRun(start: start, count: count)
    }
}
