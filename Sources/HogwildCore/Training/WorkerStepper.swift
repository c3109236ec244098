import HogwildSupport

/// One worker's machinery for a step: the objective, the optimizer and the worker's
/// view of its state, the worker's gradient buffer and its ``WorkerContext``.
///
/// An ``UpdateScheme`` drives it in one of two ways. Schemes that must put something
/// between reading and writing (locks, a turn) use two phases:
/// ``computeGradient(of:reading:)`` reads x_e and fills the gradient (no writes), then
/// ``applyStep(stepSize:writer:)`` has the optimizer turn the gradient into a step and
/// writes it through the scheme's writer. Schemes that write as they go use
/// ``step(term:stepSize:reading:writer:delay:)``, which hands the objective an
/// ``ImmediateStep`` sink so each scattered coordinate is stepped as it is computed (one
/// pass over a sparse row instead of two; the same arithmetic). Everything is generic,
/// so the whole path specializes for the objective, optimizer and scheme of a run.
///
/// ```swift
/// // Inside a custom scheme's process(term:stepper:…):
/// stepper.computeGradient(of: term, reading: memory)
/// lock.withLock { stepper.applyStep(stepSize: stepSize, writer: RelaxedStoreWriter(memory: memory)) }
/// ```
///
/// ## Concurrency contract
/// Owned by one worker for the whole run; never shared.
public struct WorkerStepper<O: Objective, Opt: Optimizer> {
    public let objective: O
    public let optimizer: Opt
    /// The worker's access to the optimizer state (shared or its own).
    public let state: Opt.State
    public let clipping: GradientClipping
    /// Whether the update count t is the run's (shared state) or the worker's own.
    @usableFromInline let countsRunUpdates: Bool
    /// The current term's gradient.
    public var gradient: TermGradient
    /// The worker's context (index, random stream, update count, workspace).
    public var context: WorkerContext<O.Workspace>
    /// The term whose gradient was computed last.
    @usableFromInline var currentTerm = 0

    public init(
        objective: O, optimizer: Opt, state: OptimizerBuffers, placement: OptimizerStatePlacement,
        clipping: GradientClipping, context: WorkerContext<O.Workspace>
    ) {
        self.objective = objective
        self.optimizer = optimizer
        self.state = optimizer.makeState(state)
        self.clipping = clipping
        countsRunUpdates = placement == .shared
        gradient = TermGradient(dimension: objective.dimension, capacity: objective.gradientCapacityHint)
        self.context = context
    }

    /// The only worker of a run (index 0 of 1, state shared, no clipping), with its
    /// random stream from `seed`: for driving single steps by hand (benchmarks, tests).
    ///
    /// ```swift
    /// var worker = WorkerStepper(soleWorkerOf: objective, optimizer: SGD(), state: state)
    /// worker.step(term: 0, stepSize: 0.01, reading: writer, writer: writer, delay: ArtificialDelay(nanoseconds: 0))
    /// ```
    public init(soleWorkerOf objective: O, optimizer: Opt, state: OptimizerState, seed: UInt64 = 0) {
        self.init(
            objective: objective, optimizer: optimizer, state: state.view(for: 0), placement: state.placement,
            clipping: GradientClipping(),
            context: WorkerContext(
                worker: 0, workers: 1, random: Xoshiro256(seed: seed), workspace: objective.makeWorkspace()))
    }

    /// t of the next update (from 1), as the optimizer's bias correction counts it: the
    /// run's update count when the state is shared (this worker's count × workers + its
    /// index, an estimate that needs no shared counter), the worker's own when it is not.
    @inlinable
    public var updateCount: Int {
        (countsRunUpdates ? context.updates * context.workers + context.worker : context.updates) + 1
    }

    /// A whole step: the gradient read through `reader` and the step written through
    /// `writer` as the objective computes it, when nothing needs the whole gradient
    /// first; otherwise (a projection, clipping, an artificial delay between reading
    /// and writing) the two phases with `delay` between them.
    @inlinable @inline(__always)
    public mutating func step<R: ParameterReader, W: CoordinateWriter>(
        term: Int, stepSize: Float, reading reader: R,
        writer: W, delay: ArtificialDelay
    ) {
        guard delay.nanoseconds == 0, !clipping.isActive, !objective.projectsSteps, !optimizer.batchesScatteredEntries
        else {
            computeGradient(of: term, reading: reader)
            delay.wait()
            applyStep(stepSize: stepSize, writer: writer)
            return
        }
        currentTerm = term
        gradient.removeAll()
        var sink = ImmediateStep(
            optimizer: optimizer, state: state,
            step: optimizer.stepConstants(stepSize: stepSize, update: updateCount),
            writer: writer, runs: gradient)
        objective.gradient(of: term, at: reader, into: &sink, context: &context)
        gradient = sink.runs
        if gradient.runCount > 0 { applyDirect(step: sink.step, writer: writer) }
        context.updates &+= 1
    }

    /// Phase 1: empties the gradient and lets the objective fill it for `term`, reading
    /// x through `parameters`.
    @inlinable @inline(__always)
    public mutating func computeGradient<R: ParameterReader>(of term: Int, reading parameters: R) {
        currentTerm = term
        gradient.removeAll()
        objective.gradient(of: term, at: parameters, into: &gradient, context: &context)
    }

    /// Phase 2: clips the gradient, has the optimizer compute the step for every
    /// coordinate the gradient names, lets the objective project it when it has a
    /// constraint, and writes it through `writer`. Counts the update.
    @inlinable @inline(__always)
    public mutating func applyStep<W: CoordinateWriter>(stepSize: Float, writer: W) {
        let step = optimizer.stepConstants(stepSize: stepSize, update: updateCount)
        if clipping.isActive { clipping.apply(to: &gradient) }
        if objective.projectsSteps {
            applyProjected(step: step, writer: writer)
        } else {
            applyDirect(step: step, writer: writer)
        }
        context.updates &+= 1
    }

    /// Floats of a dense run the optimizer and the writer handle at a time (16 KiB).
    @usableFromInline static var runChunk: Int { 4096 }

    /// Each coordinate's step goes to memory as the optimizer made it.
    @inlinable @inline(__always)
    mutating func applyDirect<W: CoordinateWriter>(step: OptimizerStep, writer: W) {
        let g = gradient
        let dimension = UInt(bitPattern: g.dimension)
        if optimizer.batchesScatteredEntries {
            // Read every coordinate, hand the rule the whole term at once, write.
            for i in 0..<g.count {
                let j = g.indices[i]
                if UInt(bitPattern: j) >= dimension { TermGradient.outOfRange(j, dimension: g.dimension) }
                let old = writer.load(j)
                g.olds[i] = old
                g.values[i] += g.decays[i] * old
            }
            optimizer.scatteredDeltas(
                g.values, olds: g.olds, indices: g.indices, count: g.count, step: step, state: state)
            for i in 0..<g.count { writer.write(g.indices[i], old: g.olds[i], delta: g.values[i]) }
        } else {
            for i in 0..<g.count {
                let j = g.indices[i]
                if UInt(bitPattern: j) >= dimension { TermGradient.outOfRange(j, dimension: g.dimension) }
                let old = writer.load(j)
                let value = g.values[i] + g.decays[i] * old
                writer.write(
                    j, old: old,
                    delta: optimizer.delta(gradient: value, parameter: old, at: j, step: step, state: state))
            }
        }
        let readsOld = optimizer.readsParameters
        for r in 0..<g.runCount {
            let start = g.runs[3 * r], length = g.runs[3 * r + 1], offset = g.runs[3 * r + 2]
            let values = g.runValues + offset, olds = g.runOlds + offset
            // In chunks that stay in L1 between the optimizer's pass and the writer's: a
            // dense layer's run is larger than the L2 cache, and two passes over all of it
            // would each go to memory.
            var chunkStart = 0
            while chunkStart < length {
                let chunk = min(Self.runChunk, length - chunkStart)
                let range = (start + chunkStart)..<(start + chunkStart + chunk)
                if readsOld { writer.load(range, into: olds + chunkStart) }
                optimizer.runDeltas(
                    values + chunkStart, range: range, step: step, state: state,
                    parameters: readsOld ? UnsafePointer(olds + chunkStart) : nil)
                writer.add(values + chunkStart, to: range)
                chunkStart += chunk
            }
        }
    }

    /// Proposals x + Δx for every coordinate, the objective's projection, then the
    /// writes of (projected − old).
    @inlinable
    mutating func applyProjected<W: CoordinateWriter>(step: OptimizerStep, writer: W) {
        let g = gradient
        let dimension = UInt(bitPattern: g.dimension)
        for i in 0..<g.count {
            let j = g.indices[i]
            if UInt(bitPattern: j) >= dimension { TermGradient.outOfRange(j, dimension: g.dimension) }
            let old = writer.load(j)
            g.olds[i] = old
            let d = optimizer.delta(
                gradient: g.values[i] + g.decays[i] * old, parameter: old, at: j, step: step, state: state)
            g.values[i] = old + d
        }
        for r in 0..<g.runCount {
            let start = g.runs[3 * r], length = g.runs[3 * r + 1], offset = g.runs[3 * r + 2]
            let values = g.runValues + offset, olds = g.runOlds + offset
            writer.load(start..<(start + length), into: olds)
            for k in 0..<length {
                let d = optimizer.delta(
                    gradient: values[k], parameter: olds[k], at: start + k, step: step, state: state)
                values[k] = olds[k] + d
            }
        }
        var proposed = ProposedStep(g)
        objective.project(term: currentTerm, step: &proposed, stepSize: step.stepSize, context: &context)
        for i in 0..<g.count {
            writer.write(g.indices[i], old: g.olds[i], delta: g.values[i] - g.olds[i])
        }
        for r in 0..<g.runCount {
            let start = g.runs[3 * r], length = g.runs[3 * r + 1], offset = g.runs[3 * r + 2]
            let values = g.runValues + offset, olds = g.runOlds + offset
            for k in 0..<length { values[k] -= olds[k] }
            writer.add(values, to: start..<(start + length))
        }
    }
}
