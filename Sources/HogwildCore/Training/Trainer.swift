import HogwildSupport

/// Runs SGD on an ``Objective`` with T worker threads that share one parameter buffer:
/// the ``Optimizer`` turns each term's gradient into a step and the ``UpdateScheme``
/// puts it into memory.
///
/// Each epoch makes `objective.termCount` updates in all: the terms are shared out
/// among the workers (a fresh permutation cut into contiguous shares, or uniform
/// draws), every worker runs its share as one task, and the trainer waits for all of
/// them, times the epoch, evaluates the objective off the clock and reports.
/// The step size is the schedule's value for the epoch (or, for per-update
/// schedules, for each update). Each worker keeps its ``WorkerContext`` (random
/// stream, update count, the objective's workspace) and gradient buffer for the whole
/// run, so a step allocates nothing once the buffers have grown to fit.
///
/// Determinism: with one thread the run is bit-for-bit reproducible for a seed, and
/// so is a run stopped and resumed (the workers' streams of an epoch derive from the
/// seed and the epoch; the permutation's shuffles are replayed). With more, the order of racing writes depends on the machine,
/// as in the paper.
///
/// After each epoch the configuration's ``DivergenceGuard`` checks the objective and
/// the parameters: a diverged run stops (throwing), backs off, or is recorded.
///
/// ```swift
/// let x = try SharedParameters(count: svm.dimension)
/// let trainer = try Trainer(objective: svm, scheme: PlainHogwild(), optimizer: AdaGrad(),
///                           configuration: TrainingConfiguration(threads: 4, epochs: 10, schedule: .constant(0.1)))
/// let report = try trainer.run(on: x) { print("epoch", $0.epoch, $0.objective ?? .nan) }
/// ```
public struct Trainer<O: Objective, S: UpdateScheme, Opt: Optimizer>: Sendable {
    public let objective: O
    public let scheme: S
    public let optimizer: Opt
    public let configuration: TrainingConfiguration

    /// The most terms an epoch permutation indexes (it stores 32-bit indices).
    public static var permutationLimit: Int { Int(UInt32.max) }

    /// Validates `configuration` and `optimizer` against `objective`; throws
    /// ``TrainingError`` naming the first problem.
    @inlinable
    public init(objective: O, scheme: S, optimizer: Opt, configuration: TrainingConfiguration) throws(TrainingError) {
        try configuration.validate()
        try optimizer.validate()
        guard objective.termCount > 0 else { throw .noTerms }
        if configuration.sampling == .epochPermutation, objective.termCount > Self.permutationLimit {
            throw .tooManyTerms(objective.termCount, limit: Self.permutationLimit)
        }
        self.objective = objective
        self.scheme = scheme
        self.optimizer = optimizer
        self.configuration = configuration
    }

    /// Trains `parameters` in place and reports. Calls `onEpoch` on the calling thread
    /// after every epoch and `onProgress` after every epoch that passed the divergence
    /// guard (and after every backoff), when parameters and optimizer state are
    /// quiescent and good: the moment to write a checkpoint. Stops early, after the
    /// current epoch, when `stop` is requested or the calling task is cancelled.
    ///
    /// `state` carries the optimizer's state into the run (to continue from an earlier
    /// run or a saved one); nil starts from the optimizer's initial state. `resume`
    /// continues a run from where `onProgress` last saw it: with the parameters and
    /// state of that moment restored, a 1-thread run ends bit-identical to one never
    /// interrupted.
    ///
    /// With an `exchange` the run is one copy of a distributed job: each epoch is cut
    /// into the exchange's rounds, the copies combine between rounds, and the objective
    /// reported is the job's (see ``ParameterExchange``).
    ///
    /// Throws ``TrainingError/diverged(_:partial:)`` when an epoch diverges and the
    /// configuration's ``DivergenceGuard`` says stop.
    @inlinable
    public func run(on parameters: SharedParameters, state: OptimizerState? = nil, resume: TrainingProgress? = nil,
                    stop: StopSignal? = nil, exchange: (any ParameterExchange)? = nil, onProgress: ProgressObserver? = nil,
                    onEpoch: (EpochReport) -> Void = { _ in }) throws(TrainingError) -> TrainingReport {
        guard parameters.count == objective.dimension else {
            throw .dimensionMismatch(objective: objective.dimension, parameters: parameters.count)
        }
        try resume?.validate(for: configuration)
        let optimizerState: OptimizerState
        if let state {
            guard state.placement == configuration.optimizerState,
                  state.buffers(of: 0).count == optimizer.stateCount,
                  state.buffers(of: 0).allSatisfy({ $0.count == parameters.count }) else {
                throw .stateMismatch("the optimizer state was made for another optimizer, placement or model")
            }
            optimizerState = state
        } else {
            do {
                optimizerState = try OptimizerState(for: optimizer, layout: parameters.layout,
                                                    workers: configuration.threads, placement: configuration.optimizerState)
            } catch {
                throw .stateMismatch("cannot allocate the optimizer state: \(error)")
            }
        }
        return try withExtendedLifetime((parameters, optimizerState)) { () throws(TrainingError) -> TrainingReport in
            try train(memory: parameters.memory, state: optimizerState, resume: resume, stop: stop, exchange: exchange,
                      onProgress: onProgress, onEpoch: onEpoch)
        }
    }

    /// The run's stream of `stream` in epoch `epoch`: a function of the seed and the
    /// epoch only, so that a resumed run draws what an uninterrupted one would have.
    @inlinable
    static func generator(seed: UInt64, stream: UInt64, epoch: Int) -> Xoshiro256 {
        Xoshiro256(seed: SplitMix64.derive(seed: SplitMix64.derive(seed: seed, stream: stream), stream: UInt64(epoch)))
    }

    @inlinable
    func train(memory: UnsafeParameterMemory, state: OptimizerState, resume: TrainingProgress?, stop: StopSignal?,
               exchange: (any ParameterExchange)?, onProgress: ProgressObserver?,
               onEpoch: (EpochReport) -> Void) throws(TrainingError) -> TrainingReport {
        let workers = configuration.threads
        let terms = objective.termCount
        let samples = objective.sampleCount
        let coordination = scheme.makeCoordination(for: objective, memory: memory, workers: workers)
        let seed = configuration.seed
        let generators = PerWorkerStorage<Xoshiro256>(count: workers) { _ in Xoshiro256(seed: seed) }
        let steppers = (0..<workers).map { w in
            WorkerSlot(WorkerStepper(
                objective: objective, optimizer: optimizer, state: state.view(for: w), placement: state.placement,
                clipping: configuration.clipping,
                context: WorkerContext(worker: w, workers: workers, random: Xoshiro256(seed: seed),
                                       workspace: objective.makeWorkspace())))
        }
        let permutation = configuration.sampling == .epochPermutation ? EpochPermutation(count: terms) : nil
        let pool = WorkerPool(workers: workers)
        let delay = ArtificialDelay(nanoseconds: configuration.delayNanoseconds)
        let guardrail = configuration.divergence
        let snapshot = guardrail.policy.restores ? StateSnapshot(memory: memory, state: state) : nil
        let exchanged = ExchangedBuffers(memory: memory, state: state)
        let rounds = max(1, try exchange?.roundsPerEpoch(terms: terms, workers: workers) ?? 1)
        let stepMultiplier = exchange?.stepMultiplier ?? 1
        // The job's objective: this copy's alone, or every copy's combined.
        func evaluate() throws(TrainingError) -> Double {
            let local = objective.evaluate(parameters: memory)
            guard let exchange else { return local }
            return try exchange.combine(objective: local, terms: terms, aggregate: objective.evaluationAggregate)
        }
        if let exchange, objective.projectsSteps, !exchange.keepsProjectionsFeasible {
            throw .exchangeUnsupported("this objective projects its steps onto a constraint set (a cut's simplex, an L1 penalty's clipping at zero), and this exchange adds the copies' changes (asynchronous deltas), which leaves that set and diverges; average the copies instead (--distributed averaging)")
        }
        try exchange?.begin(exchanged)

        var progress: TrainingProgress
        if let resume { progress = resume } else {
            progress = TrainingProgress(epochsCompleted: 0, epochs: [], initialObjective: try evaluate())
        }
        var shuffler = Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: UInt64.max))
        var shuffledEpochs = 0
        var stoppedEarly = false
        var divergence: Divergence?
        var retries = 0
        while progress.epochsCompleted < configuration.epochs {
            if stop?.isStopRequested == true || Self.currentTaskIsCancelled {
                stoppedEarly = true
                break
            }
            let epoch = progress.epochsCompleted
            snapshot?.take()
            // Every stream and count a worker carries is set from the epoch alone.
            for w in 0..<workers {
                let lower = terms * w / workers, upper = terms * (w + 1) / workers
                steppers[w].stepper.context.random = Self.generator(seed: seed, stream: WorkerSlot<O, Opt>.randomStream + UInt64(w), epoch: epoch)
                steppers[w].stepper.context.updates = epoch * (upper - lower)
                generators[w] = Self.generator(seed: seed, stream: UInt64(w), epoch: epoch)
            }
            // Epoch k's order is the identity shuffled k + 1 times by one stream, as the
            // engine has always drawn it; a resumed run replays the shuffles of the epochs
            // before (O(n) each, beside an epoch's work), a retried epoch keeps its order.
            if let permutation {
                while shuffledEpochs <= epoch {
                    permutation.shuffle(using: &shuffler)
                    shuffledEpochs += 1
                }
            }
            let start = MonotonicClock.nanoseconds()
            scheme.beginEpoch(coordination)
            let stepScale = progress.stepScale * stepMultiplier
            let stepSize = configuration.schedule.stepSize(epoch: epoch, update: epoch * terms) * stepScale
            let order = permutation.map { UnsafePointer($0.indices) }
            for round in 0..<rounds {
                if round > 0 { scheme.beginEpoch(coordination) }
                let job = EpochJob(trainer: self, memory: memory, coordination: coordination, steppers: steppers,
                                   generators: generators, order: order.map(UncheckedSendable.init), epoch: epoch,
                                   stepSize: stepSize, stepScale: stepScale, delay: delay, round: round, rounds: rounds)
                pool.run { worker in job.work(worker: worker) }
                try exchange?.exchange(exchanged, epoch: epoch, round: round)
            }
            let seconds = MonotonicClock.seconds(since: start)
            let isLast = epoch == configuration.epochs - 1
            var objectiveValue: Double?
            if configuration.evaluateEveryEpoch || isLast {
                try exchange?.settle(exchanged)
                objectiveValue = try evaluate()
            }
            var report = EpochReport(epoch: epoch + 1, stepSize: stepSize, seconds: seconds, elapsed: progress.elapsed + seconds,
                                     updates: terms, samples: samples, objective: objectiveValue)
            try exchange?.annotate(&report)
            if let problem = guardrail.problem(objective: objectiveValue, initialObjective: progress.initialObjective,
                                               parameters: memory) {
                let found = Divergence(epoch: epoch + 1, scheme: scheme.kind, optimizer: optimizer.name, stepSize: stepSize,
                                       lastFiniteObjective: progress.lastFiniteObjective, problem: problem)
                switch guardrail.policy {
                case .backoff(let limit) where retries < limit:
                    retries += 1
                    snapshot?.restore()
                    progress.stepScale *= 0.5
                    progress.backoffs.append(Backoff(epoch: epoch + 1, problem: problem, stepScale: progress.stepScale))
                    onProgress?.body(progress)
                    continue
                case .record:
                    progress.epochs.append(report)
                    onEpoch(report)
                    divergence = found
                    stoppedEarly = !isLast
                default:
                    throw .diverged(found, partial: makeReport(progress, finalObjective: objectiveValue ?? .nan,
                                                               stoppedEarly: true, coordination: coordination))
                }
                break
            }
            progress.epochs.append(report)
            progress.epochsCompleted = epoch + 1
            onEpoch(report)
            onProgress?.body(progress)
        }
        if progress.epochs.last?.objective == nil { try exchange?.settle(exchanged) }
        var final: Double
        if let last = progress.epochs.last?.objective { final = last } else { final = try evaluate() }
        try exchange?.end(exchanged)
        if !progress.epochs.isEmpty, progress.epochs[progress.epochs.count - 1].objective == nil {
            progress.epochs[progress.epochs.count - 1].objective = final
        }
        var report = makeReport(progress, finalObjective: final, stoppedEarly: stoppedEarly, coordination: coordination)
        report.divergence = divergence
        return report
    }

    @inlinable
    func makeReport(_ progress: TrainingProgress, finalObjective: Double, stoppedEarly: Bool,
                    coordination: S.Coordination) -> TrainingReport {
        TrainingReport(scheme: scheme.kind, optimizer: optimizer.name, configuration: configuration,
                       epochs: progress.epochs, initialObjective: progress.initialObjective, finalObjective: finalObjective,
                       stoppedEarly: stoppedEarly, schemeParameters: scheme.parameters(of: coordination),
                       backoffs: progress.backoffs)
    }

    @usableFromInline
    static var currentTaskIsCancelled: Bool {
        withUnsafeCurrentTask { $0?.isCancelled ?? false }
    }
}

extension Trainer where Opt == SGD {
    /// A trainer with plain SGD, the paper's rule.
    @inlinable
    public init(objective: O, scheme: S, configuration: TrainingConfiguration) throws(TrainingError) {
        try self.init(objective: objective, scheme: scheme, optimizer: SGD(), configuration: configuration)
    }
}

/// One worker's stepper, kept between epochs.
///
/// ## Concurrency contract
/// Worker w reads and writes only slot w, and only while it runs its share of an
/// epoch; the pool's dispatch and wait order those accesses between epochs.
@usableFromInline
final class WorkerSlot<O: Objective, Opt: Optimizer>: @unchecked Sendable {
    /// The stream offset of workers' context generators (apart from the sampling streams).
    @usableFromInline static var randomStream: UInt64 { 0x0C0_7E47 << 16 }
    @usableFromInline var stepper: WorkerStepper<O, Opt>
    @usableFromInline init(_ stepper: WorkerStepper<O, Opt>) { self.stepper = stepper }
    deinit { stepper.gradient.deallocate() }
}

/// One epoch's work for every worker: everything a worker needs, captured once.
@usableFromInline
struct EpochJob<O: Objective, S: UpdateScheme, Opt: Optimizer>: Sendable {
    @usableFromInline let trainer: Trainer<O, S, Opt>
    @usableFromInline let memory: UnsafeParameterMemory
    @usableFromInline let coordination: S.Coordination
    @usableFromInline let steppers: [WorkerSlot<O, Opt>]
    @usableFromInline let generators: PerWorkerStorage<Xoshiro256>
    @usableFromInline let order: UncheckedSendable<UnsafePointer<UInt32>>?
    @usableFromInline let epoch: Int
    @usableFromInline let stepSize: Float
    /// What backoffs left of the schedule's step sizes (1 when none).
    @usableFromInline let stepScale: Float
    @usableFromInline let delay: ArtificialDelay
    /// This job runs slice `round` of `rounds` of every worker's share (0 of 1 in one process).
    @usableFromInline let round: Int
    @usableFromInline let rounds: Int

    @usableFromInline
    init(trainer: Trainer<O, S, Opt>, memory: UnsafeParameterMemory, coordination: S.Coordination,
         steppers: [WorkerSlot<O, Opt>], generators: PerWorkerStorage<Xoshiro256>,
         order: UncheckedSendable<UnsafePointer<UInt32>>?, epoch: Int, stepSize: Float, stepScale: Float,
         delay: ArtificialDelay, round: Int = 0, rounds: Int = 1) {
        self.round = round
        self.rounds = rounds
        self.trainer = trainer
        self.memory = memory
        self.coordination = coordination
        self.steppers = steppers
        self.generators = generators
        self.order = order
        self.epoch = epoch
        self.stepSize = stepSize
        self.stepScale = stepScale
        self.delay = delay
    }

    /// Worker `worker`'s share of the epoch: terms [n·w/T, n·(w+1)/T) of the
    /// permutation, or as many uniform draws (this round's slice of them).
    @inlinable
    func work(worker: Int) {
        let scheme = trainer.scheme
        let schedule = trainer.configuration.schedule
        let workers = trainer.configuration.threads
        let terms = trainer.objective.termCount
        let shareLower = terms * worker / workers
        let share = terms * (worker + 1) / workers - shareLower
        let lower = shareLower + share * round / rounds
        let upper = shareLower + share * (round + 1) / rounds
        let memory = self.memory
        let coordination = self.coordination
        let delay = self.delay
        var stepSize = self.stepSize
        let perUpdate = schedule.isPerUpdate
        let firstUpdate = epoch * terms
        let stepScale = self.stepScale
        // The stepper lives in this thread's frame while the worker runs: no shared
        // cache line is written per term.
        let slot = steppers[worker]
        var stepper = slot.stepper
        defer { slot.stepper = stepper }

        let objective = trainer.objective
        if let order = order?.value {
            for position in lower..<upper {
                // Each stage finds in cache what the stage before asked for a term earlier.
                if position + 3 < upper { objective.prefetch(term: Int(order[position + 3]), distance: 3, parameters: memory) }
                if position + 2 < upper { objective.prefetch(term: Int(order[position + 2]), distance: 2, parameters: memory) }
                if position + 1 < upper { objective.prefetch(term: Int(order[position + 1]), distance: 1, parameters: memory) }
                if perUpdate {
                    stepSize = schedule.stepSize(epoch: epoch, update: firstUpdate + (position - shareLower) * workers + worker) * stepScale
                }
                scheme.process(term: Int(order[position]), stepper: &stepper, stepSize: stepSize, memory: memory,
                               worker: worker, coordination: coordination, delay: delay)
            }
        } else {
            var rng = generators[worker]
            for local in (lower - shareLower)..<(upper - shareLower) {
                if perUpdate {
                    stepSize = schedule.stepSize(epoch: epoch, update: firstUpdate + local * workers + worker) * stepScale
                }
                scheme.process(term: rng.next(below: terms), stepper: &stepper, stepSize: stepSize, memory: memory,
                               worker: worker, coordination: coordination, delay: delay)
            }
            generators[worker] = rng
        }
        scheme.finish(worker: worker, coordination: coordination)
    }
}

/// The epoch permutation: 32-bit term indices, reshuffled in place every epoch.
///
/// ## Concurrency contract
/// Shuffled by the trainer's thread between epochs; read by the workers during one.
@usableFromInline
final class EpochPermutation: @unchecked Sendable {
    @usableFromInline let storage: OwnedBuffer<UInt32>
    @usableFromInline var indices: UnsafeMutablePointer<UInt32> { storage.base }
    @usableFromInline var count: Int { storage.count }

    @usableFromInline
    init(count: Int) {
        storage = OwnedBuffer(repeating: 0, count: count, alignment: 64)
        for i in 0..<count { storage.base[i] = UInt32(truncatingIfNeeded: i) }
    }

    /// Fisher–Yates on the previous order (any order is a fine start: the result is
    /// uniform).
    @usableFromInline
    func shuffle(using rng: inout Xoshiro256) {
        var i = count - 1
        while i > 0 {
            let j = rng.next(below: i + 1)
            let t = indices[i]; indices[i] = indices[j]; indices[j] = t
            i -= 1
        }
    }
}
