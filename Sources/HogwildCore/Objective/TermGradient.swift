import HogwildPlatform

/// The gradient G_e of one term, as an objective hands it to the optimizer: scattered
/// coordinates with their partial derivatives (a sparse row), and runs of consecutive
/// coordinates with a value each (a factor row, a layer's weights, the whole buffer).
///
/// Each coordinate may appear at most once per term, in entries or runs. Every
/// coordinate is checked against the objective's dimension before the step is written
/// (a coordinate outside the parameter buffer stops the program with a message naming
/// it, in release builds too). Storage belongs to the worker and grows on demand: after
/// the first few terms, adding entries allocates nothing.
///
/// Objectives see it through ``GradientSink``: when a scheme writes as it goes (plain
/// HOGWILD!, atomic adds, one global lock), the trainer hands the objective a sink that
/// applies each scattered entry at once instead, and buffers only the runs.
///
/// ```swift
/// func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
///                                   context: inout WorkerContext<Void>) {
///     let r = x.load(0) * t[term] + x.load(1) - y[term]
///     g.add(0, r * t[term])                     // one coordinate
///     let row = g.addRun(start: 2, count: 8)     // eight consecutive coordinates
///     for k in 0..<8 { row[k] = r }
/// }
/// ```
///
/// ## Concurrency contract
/// Owned by one worker; never shared.
public struct TermGradient: GradientSink {
    /// Coordinates the gradient may name: 0..<dimension.
    public let dimension: Int
    @usableFromInline var indices: UnsafeMutablePointer<Int>
    @usableFromInline var values: UnsafeMutablePointer<Float>
    /// Each scattered entry's ridge coefficient (see ``add(_:_:decay:)``).
    @usableFromInline var decays: UnsafeMutablePointer<Float>
    /// Old values of the scattered entries, while a step is being projected.
    @usableFromInline var olds: UnsafeMutablePointer<Float>
    @usableFromInline var capacity: Int
    @usableFromInline var entryCount: Int
    /// Scattered entries added so far.
    @inlinable public var count: Int { entryCount }

    /// Runs as (start, length, offset into runValues) triples.
    @usableFromInline var runs: UnsafeMutablePointer<Int>
    @usableFromInline var runCapacity: Int
    @usableFromInline var runTotal: Int
    /// Runs added so far.
    @inlinable public var runCount: Int { runTotal }
    @usableFromInline var runValues: UnsafeMutablePointer<Float>
    @usableFromInline var runOlds: UnsafeMutablePointer<Float>
    @usableFromInline var runValueCapacity: Int
    @usableFromInline var runValueCount: Int

    /// An empty gradient over `dimension` coordinates with room for `capacity`
    /// scattered entries and `runValues` run values to start with. The owner calls
    /// ``deallocate()`` when done.
    public init(dimension: Int, capacity: Int = 64, runValues: Int = 64) {
        self.dimension = dimension
        self.capacity = max(1, capacity)
        indices = .allocate(capacity: self.capacity)
        values = .allocate(capacity: self.capacity)
        decays = .allocate(capacity: self.capacity)
        olds = .allocate(capacity: self.capacity)
        entryCount = 0
        runCapacity = 4
        runs = .allocate(capacity: 3 * runCapacity)
        runTotal = 0
        runValueCapacity = max(1, runValues)
        self.runValues = .allocate(capacity: runValueCapacity)
        runOlds = .allocate(capacity: runValueCapacity)
        runValueCount = 0
    }

    /// Frees the storage; the value must not be used afterwards.
    public func deallocate() {
        indices.deallocate()
        values.deallocate()
        decays.deallocate()
        olds.deallocate()
        runs.deallocate()
        runValues.deallocate()
        runOlds.deallocate()
    }

    /// Empties the gradient (the trainer does this before each term).
    @inlinable @inline(__always)
    public mutating func removeAll() {
        entryCount = 0
        runTotal = 0
        runValueCount = 0
    }

    /// Adds ∂f_e/∂x_coordinate = `value`.
    @inlinable @inline(__always)
    public mutating func add(_ coordinate: Int, _ value: Float) {
        add(coordinate, value, decay: 0)
    }

    /// Adds ∂f_e/∂x_coordinate = `value` + `decay`·x_coordinate, the ridge part taken at
    /// the value the step starts from.
    @inlinable @inline(__always)
    public mutating func add(_ coordinate: Int, _ value: Float, decay: Float) {
        if entryCount == capacity { growEntries() }
        indices[entryCount] = coordinate
        values[entryCount] = value
        decays[entryCount] = decay
        entryCount &+= 1
    }

    /// Adds a run of `count` consecutive coordinates from `start` and returns the
    /// buffer to write their partial derivatives into (its contents are undefined
    /// until written; ``addRun(start:count:zeroed:)`` clears it).
    @inlinable @inline(__always)
    public mutating func addRun(start: Int, count length: Int) -> UnsafeMutableBufferPointer<Float> {
        precondition(
            start >= 0 && length >= 0 && start <= dimension - length,
            "gradient names coordinates \(start)..<\(start + length), outside the objective's 0..<\(dimension)")
        if runTotal == runCapacity { growRuns() }
        if runValueCount + length > runValueCapacity { growRunValues(to: runValueCount + length) }
        let slot = runs + 3 * runTotal
        slot[0] = start
        slot[1] = length
        slot[2] = runValueCount
        runTotal &+= 1
        let buffer = UnsafeMutableBufferPointer(start: runValues + runValueCount, count: length)
        runValueCount &+= length
        return buffer
    }

    /// Stops the program, naming the coordinate, when an entry lies outside the
    /// parameter buffer (called by the step before it writes anything).
    @usableFromInline
    static func outOfRange(_ coordinate: Int, dimension: Int) -> Never {
        preconditionFailure("gradient names coordinate \(coordinate), outside the objective's 0..<\(dimension)")
    }

    /// Scattered entry `i`: its coordinate, value and ridge coefficient (the partial
    /// derivative is value + decay·x_coordinate).
    @inlinable
    public func entry(_ i: Int) -> (coordinate: Int, value: Float, decay: Float) {
        precondition(i >= 0 && i < count, "entry \(i) outside 0..<\(count)")
        return (indices[i], values[i], decays[i])
    }

    /// Run `r`: its coordinates and their values.
    @inlinable
    public func run(_ r: Int) -> (coordinates: Range<Int>, values: UnsafeMutableBufferPointer<Float>) {
        precondition(r >= 0 && r < runCount, "run \(r) outside 0..<\(runCount)")
        let slot = runs + 3 * r
        return (slot[0]..<(slot[0] + slot[1]), UnsafeMutableBufferPointer(start: runValues + slot[2], count: slot[1]))
    }

    /// Σ g², over entries and runs (for clipping by norm), in Double.
    @inlinable
    public var squaredNorm: Double {
        var sum = 0.0
        for i in 0..<count { sum += Double(values[i]) * Double(values[i]) }
        for i in 0..<runValueCount { sum += Double(runValues[i]) * Double(runValues[i]) }
        return sum
    }

    @usableFromInline
    mutating func growEntries(to needed: Int = 0) {
        let bigger = max(needed, capacity * 2)
        indices = Self.grow(indices, from: count, to: bigger)
        values = Self.grow(values, from: count, to: bigger)
        decays = Self.grow(decays, from: count, to: bigger)
        olds = Self.grow(olds, from: 0, to: bigger)
        capacity = bigger
    }

    @usableFromInline
    mutating func growRuns() {
        runs = Self.grow(runs, from: 3 * runCount, to: 6 * runCapacity)
        runCapacity *= 2
    }

    @usableFromInline
    mutating func growRunValues(to needed: Int) {
        let bigger = max(needed, runValueCapacity * 2)
        runValues = Self.grow(runValues, from: runValueCount, to: bigger)
        runOlds = Self.grow(runOlds, from: 0, to: bigger)
        runValueCapacity = bigger
    }

    static func grow<T>(_ old: UnsafeMutablePointer<T>, from used: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: used)
        old.deallocate()
        return new
    }
}

/// A term's step after the optimizer and before it is written, for objectives with a
/// constraint or a non-smooth part (``Objective/project(term:step:stepSize:context:)``): for
/// every coordinate of the gradient, the value before the step and the proposed value
/// after it, which the objective may change (project onto a simplex, soft-threshold).
///
/// ```swift
/// func project(term: Int, step: inout ProposedStep, stepSize: Float, context: inout WorkerContext<Void>) {
///     for i in 0..<step.count where step.proposal(i) < 0 { step.setProposal(i, 0) }   // x ≥ 0
/// }
/// ```
public struct ProposedStep {
    @usableFromInline let gradient: TermGradient

    @inlinable init(_ gradient: TermGradient) { self.gradient = gradient }

    /// Scattered entries.
    @inlinable public var count: Int { gradient.count }
    /// Entry `i`'s coordinate.
    @inlinable public func coordinate(_ i: Int) -> Int { gradient.entry(i).coordinate }
    /// Entry `i`'s value before the step.
    @inlinable public func old(_ i: Int) -> Float {
        precondition(i >= 0 && i < count)
        return gradient.olds[i]
    }
    /// Entry `i`'s proposed value.
    @inlinable public func proposal(_ i: Int) -> Float { gradient.entry(i).value }
    /// Replaces entry `i`'s proposed value.
    @inlinable public func setProposal(_ i: Int, _ value: Float) {
        precondition(i >= 0 && i < count)
        gradient.values[i] = value
    }

    /// Runs.
    @inlinable public var runCount: Int { gradient.runCount }
    /// Run `r`: its coordinates, old values and proposed values (writable).
    @inlinable
    public func run(
        _ r: Int
    ) -> (
        coordinates: Range<Int>, olds: UnsafeBufferPointer<Float>,
        proposals: UnsafeMutableBufferPointer<Float>
    ) {
        let (coordinates, proposals) = gradient.run(r)
        let offset = proposals.baseAddress! - gradient.runValues
        return (coordinates, UnsafeBufferPointer(start: gradient.runOlds + offset, count: coordinates.count), proposals)
    }
}
