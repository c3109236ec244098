import HogwildSupport

/// One run's machinery, built once: the workers' steppers and streams, the pool, the
/// epoch permutation, the scheme's coordination, the snapshot for backoffs and the
/// exchange with other copies. ``Trainer`` drives it epoch by epoch.
///
/// ## Concurrency contract
/// Used by the trainer's thread only; the workers touch their own slots, and only
/// while ``runEpoch(_:stepScale:elapsed:evaluate:)`` waits for them.
@usableFromInline
final class TrainingSession<O: Objective, S: UpdateScheme, Opt: Optimizer> {
    @usableFromInline let trainer: Trainer<O, S, Opt>
    @usableFromInline let memory: UnsafeParameterMemory
    @usableFromInline let coordination: S.Coordination
    @usableFromInline let steppers: [WorkerSlot<O, Opt>]
    @usableFromInline let generators: PerWorkerStorage<Xoshiro256>
    @usableFromInline let permutation: EpochPermutation?
    @usableFromInline let pool: WorkerPool
    @usableFromInline let delay: ArtificialDelay
    @usableFromInline let snapshot: StateSnapshot?
    /// Under early stopping: the parameters and state after the best epoch so far.
    @usableFromInline let best: StateSnapshot?
    @usableFromInline let exchange: any ParameterExchange
    @usableFromInline let exchanged: ExchangedBuffers
    /// Draws every epoch's shuffle; `shuffledEpochs` of them are done.
    @usableFromInline var shuffler: Xoshiro256
    @usableFromInline var shuffledEpochs = 0

    @inlinable
    init(
        trainer: Trainer<O, S, Opt>, memory: UnsafeParameterMemory, state: OptimizerState,
        exchange: any ParameterExchange
    ) throws(TrainingError) {
        let configuration = trainer.configuration
        let objective = trainer.objective
        let workers = configuration.threads
        let seed = configuration.seed
        self.trainer = trainer
        self.memory = memory
        coordination = trainer.scheme.makeCoordination(for: objective, memory: memory, workers: workers)
        if trainer.configuration.lockstep { trainer.scheme.runsInLockstep(coordination) }
        generators = PerWorkerStorage<Xoshiro256>(count: workers) { _ in Xoshiro256(seed: seed) }
        steppers = (0..<workers).map { w in
            WorkerSlot(
                WorkerStepper(
                    objective: objective, optimizer: trainer.optimizer, state: state.view(for: w),
                    placement: state.placement,
                    clipping: configuration.clipping,
                    context: WorkerContext(
                        worker: w, workers: workers, random: Xoshiro256(seed: seed),
                        workspace: objective.makeWorkspace())))
        }
        permutation = configuration.sampling == .epochPermutation ? EpochPermutation(count: objective.termCount) : nil
        pool = WorkerPool(workers: workers)
        delay = ArtificialDelay(nanoseconds: configuration.delayNanoseconds)
        snapshot = configuration.divergence.policy.restores ? StateSnapshot(memory: memory, state: state) : nil
        best = configuration.earlyStopping != nil ? StateSnapshot(memory: memory, state: state) : nil
        self.exchange = exchange
        let touched = exchange.recordsTouchedKeys ? TouchedKeys(objective: objective, workers: workers) : nil
        exchanged = ExchangedBuffers(
            memory: memory, state: state, touched: touched, projectsSteps: objective.projectsSteps)
        shuffler = Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: UInt64.max))
    }

    /// Before the first epoch: every copy of a distributed job starts from the same values.
    @inlinable
    func begin() throws(TrainingError) { try exchange.begin(exchanged) }

    /// The job's objective: this copy's, combined with the other copies'.
    @inlinable
    func objective() throws(TrainingError) -> Double {
        let objective = trainer.objective
        return try exchange.combine(
            objective: objective.evaluate(parameters: memory), terms: objective.termCount,
            aggregate: objective.evaluationAggregate)
    }

    /// Runs epoch `epoch` (from 0) at `stepScale` × the schedule's step and evaluates the
    /// objective after it when `evaluate`. The epoch's clock counts what a user waits
    /// for in the epoch, the shuffle of its order included (as hand-written loops count
    /// theirs); the evaluation and the backoff snapshot are off it.
    @inlinable
    func runEpoch(
        _ epoch: Int, stepScale backoffScale: Float, elapsed: Double,
        evaluate: Bool
    ) throws(TrainingError) -> EpochReport {
        snapshot?.take()
        let configuration = trainer.configuration
        let terms = trainer.objective.termCount
        let scheme = trainer.scheme
        let start = MonotonicClock.nanoseconds()
        prepare(epoch: epoch)
        scheme.beginEpoch(coordination)
        let order = permutation.map { UncheckedSendable(UnsafePointer($0.indices)) }
        // Asked every epoch: an exchange may adapt its interval to what it measured.
        let rounds = max(1, try exchange.roundsPerEpoch(terms: terms, workers: configuration.threads))
        var stepSize: Float = 0
        for round in 0..<rounds {
            if round > 0 { scheme.beginEpoch(coordination) }
            let multiplier = exchange.stepMultiplier(epochs: Double(epoch) + Double(round) / Double(rounds))
            let stepScale = backoffScale * multiplier
            stepSize = configuration.schedule.stepSize(epoch: epoch, update: epoch * terms) * stepScale
            let job = EpochJob(
                trainer: trainer, memory: memory, coordination: coordination, steppers: steppers,
                generators: generators, order: order, epoch: epoch, stepSize: stepSize,
                stepScale: stepScale, delay: delay, round: round, rounds: rounds, touched: exchanged.touched)
            if let plan = coordination as? ConflictFreePlan {
                // The scheme that orders its terms itself (see ConflictFree).
                job.runConflictFree(plan: plan, pool: pool, serial: configuration.lockstep)
            } else if configuration.lockstep {
                job.workInLockstep()
            } else {
                pool.run { worker in job.work(worker: worker) }
            }
            try exchange.exchange(exchanged, epoch: epoch, round: round)
        }
        let seconds = MonotonicClock.seconds(since: start)
        var objectiveValue: Double?
        if reportsTrainingLoss {
            objectiveValue = try trainingLoss()
        } else if evaluate {
            try exchange.settle(exchanged)
            objectiveValue = try objective()
        }
        var report = EpochReport(
            epoch: epoch + 1, stepSize: stepSize, seconds: seconds, elapsed: elapsed + seconds,
            updates: terms, samples: trainer.objective.sampleCount, objective: objectiveValue)
        try exchange.annotate(&report)
        return report
    }

    /// Whether an epoch reports its steps' mean loss rather than an evaluation.
    @inlinable
    var reportsTrainingLoss: Bool {
        switch trainer.configuration.epochObjective {
        case .trainingLoss: return true
        case .automatic: return trainer.objective.recordsTrainingLoss
        case .evaluated: return false
        }
    }

    /// The mean of the losses the epoch's steps recorded (every copy's, in a distributed job).
    @inlinable
    func trainingLoss() throws(TrainingError) -> Double {
        var total = 0.0, terms = 0
        for slot in steppers {
            total += slot.stepper.context.trainingLossTotal
            terms += slot.stepper.context.trainingLossTerms
        }
        return try exchange.combine(
            objective: terms > 0 ? total / Double(terms) : .nan, terms: trainer.objective.termCount,
            aggregate: .meanOverTerms)
    }

    /// Sets every stream and count a worker carries from the epoch alone, and brings the
    /// permutation to epoch `epoch`'s order.
    @inlinable
    func prepare(epoch: Int) {
        let workers = trainer.configuration.threads, terms = trainer.objective.termCount
        let seed = trainer.configuration.seed
        for w in 0..<workers {
            let lower = terms * w / workers, upper = terms * (w + 1) / workers
            steppers[w].stepper.context.random = Trainer<O, S, Opt>.generator(
                seed: seed, stream: WorkerSlot<O, Opt>.randomStream + UInt64(w), epoch: epoch)
            steppers[w].stepper.context.updates = epoch * (upper - lower)
            steppers[w].stepper.context.trainingLossTotal = 0
            steppers[w].stepper.context.trainingLossTerms = 0
            generators[w] = Trainer<O, S, Opt>.generator(seed: seed, stream: UInt64(w), epoch: epoch)
        }
        // Epoch k's order is the identity shuffled k + 1 times by one stream; a resumed
        // run replays the shuffles of the epochs before (O(n) each, beside an epoch's
        // work), a retried epoch keeps its order.
        if let permutation {
            while shuffledEpochs <= epoch {
                permutation.shuffle(using: &shuffler)
                shuffledEpochs += 1
            }
        }
    }

    /// Keeps the parameters and state as they are now as the best so far (early stopping).
    @inlinable
    func keepAsBest() { best?.take() }

    /// Puts back the parameters and state kept by ``keepAsBest()``.
    @inlinable
    func restoreBest() {
        best?.restore()
        exchanged.touched?.markEverything()
    }

    /// Puts back the parameters and state from before the last epoch (a backoff).
    @inlinable
    func restoreSnapshot() {
        snapshot?.restore()
        exchanged.touched?.markEverything()
    }

    /// After the last epoch (or a stop): the final objective (evaluated now if the last
    /// epoch did not, and written into its report), and the exchange ended.
    @inlinable
    func finish(_ progress: inout TrainingProgress) throws(TrainingError) -> Double {
        let final: Double
        if let last = progress.epochs.last?.objective {
            final = last
        } else {
            try exchange.settle(exchanged)
            final = try objective()
        }
        try exchange.end(exchanged)
        if !progress.epochs.isEmpty, progress.epochs[progress.epochs.count - 1].objective == nil {
            progress.epochs[progress.epochs.count - 1].objective = final
        }
        return final
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
    /// Where the workers record the keys their steps touch, for the exchange (nil: not asked).
    @usableFromInline let touched: TouchedKeys?

    @usableFromInline
    init(
        trainer: Trainer<O, S, Opt>, memory: UnsafeParameterMemory, coordination: S.Coordination,
        steppers: [WorkerSlot<O, Opt>], generators: PerWorkerStorage<Xoshiro256>,
        order: UncheckedSendable<UnsafePointer<UInt32>>?, epoch: Int, stepSize: Float, stepScale: Float,
        delay: ArtificialDelay, round: Int = 0, rounds: Int = 1, touched: TouchedKeys? = nil
    ) {
        self.touched = touched
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

    /// Where worker `worker`'s share of the epoch starts (terms [n·w/T, n·(w+1)/T) of
    /// the permutation, or as many uniform draws), and this round's slice of it.
    @inlinable
    func positions(of worker: Int) -> (shareLower: Int, lower: Int, upper: Int) {
        let workers = trainer.configuration.threads
        let terms = trainer.objective.termCount
        let shareLower = terms * worker / workers
        let share = terms * (worker + 1) / workers - shareLower
        return (shareLower, shareLower + share * round / rounds, shareLower + share * (round + 1) / rounds)
    }

    /// Worker `worker`'s share of the epoch: terms [n·w/T, n·(w+1)/T) of the
    /// permutation, or as many uniform draws (this round's slice of them).
    @inlinable
    func work(worker: Int) {
        let scheme = trainer.scheme
        let schedule = trainer.configuration.schedule
        let workers = trainer.configuration.threads
        let terms = trainer.objective.termCount
        let (shareLower, lower, upper) = positions(of: worker)
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

        if let order = order?.value {
            for position in lower..<upper {
                prefetch(ahead: position, until: upper) { Int(order[$0]) }
                if perUpdate {
                    stepSize =
                        schedule.stepSize(
                            epoch: epoch, update: firstUpdate + (position - shareLower) * workers + worker) * stepScale
                }
                let term = Int(order[position])
                scheme.process(
                    term: term, stepper: &stepper, stepSize: stepSize, memory: memory,
                    worker: worker, coordination: coordination, delay: delay)
                touched?.mark(term: term, of: trainer.objective, worker: worker)
            }
        } else {
            var rng = generators[worker]
            for local in (lower - shareLower)..<(upper - shareLower) {
                if perUpdate {
                    stepSize =
                        schedule.stepSize(epoch: epoch, update: firstUpdate + local * workers + worker) * stepScale
                }
                let term = rng.next(below: terms)
                scheme.process(
                    term: term, stepper: &stepper, stepSize: stepSize, memory: memory,
                    worker: worker, coordination: coordination, delay: delay)
                touched?.mark(term: term, of: trainer.objective, worker: worker)
            }
            generators[worker] = rng
        }
        scheme.finish(worker: worker, coordination: coordination)
    }

    /// The objective's prefetch hints for the terms 1, 2 and 3 places after `index` in
    /// a sequence that ends before `end` (`term` maps a place to its term), as the
    /// plain epoch loop gives them: each stage finds what the one before fetched.
    @inlinable @inline(__always)
    func prefetch(ahead index: Int, until end: Int, term: (Int) -> Int) {
        let objective = trainer.objective
        for distance in stride(from: 3, through: 1, by: -1) where index + distance < end {
            objective.prefetch(term: term(index + distance), distance: distance, parameters: memory)
        }
    }

    /// Every worker's share on the calling thread, in lockstep: at each tick, worker 0,
    /// 1, …, T − 1 each process the next term of their share (see
    /// ``TrainingConfiguration/lockstep``); the same terms, step sizes and streams as
    /// ``work(worker:)``.
    @inlinable
    func workInLockstep() {
        let scheme = trainer.scheme
        let schedule = trainer.configuration.schedule
        let workers = trainer.configuration.threads
        let terms = trainer.objective.termCount
        let shares = (0..<workers).map { positions(of: $0) }
        var steppers = (0..<workers).map { self.steppers[$0].stepper }
        var generators = (0..<workers).map { self.generators[$0] }
        let order = self.order?.value
        var tick = 0
        var anyLeft = true
        while anyLeft {
            anyLeft = false
            for w in 0..<workers where shares[w].lower + tick < shares[w].upper {
                anyLeft = true
                let position = shares[w].lower + tick
                let term = order.map { Int($0[position]) } ?? generators[w].next(below: terms)
                let update = epoch * terms + (position - shares[w].shareLower) * workers + w
                let stepSize =
                    schedule.isPerUpdate ? schedule.stepSize(epoch: epoch, update: update) * stepScale : stepSize
                scheme.process(
                    term: term, stepper: &steppers[w], stepSize: stepSize, memory: memory, worker: w,
                    coordination: coordination, delay: delay)
                touched?.mark(term: term, of: trainer.objective, worker: w)
            }
            tick += 1
        }
        for w in 0..<workers {
            scheme.finish(worker: w, coordination: coordination)
            self.steppers[w].stepper = steppers[w]
            self.generators[w] = generators[w]
        }
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
            let t = indices[i]
            indices[i] = indices[j]
            indices[j] = t
            i -= 1
        }
    }
}
