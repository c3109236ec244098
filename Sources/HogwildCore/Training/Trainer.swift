/// Runs SGD on an ``Objective`` with T worker threads that share one parameter buffer,
/// putting each step into memory the way the ``UpdateScheme`` says.
///
/// Each epoch makes `objective.termCount` updates in all: the terms are shared out
/// among the workers (a fresh permutation cut into contiguous shares, or uniform
/// draws), every worker runs its share as one task, and the trainer waits for all of
/// them, times the epoch, evaluates the objective off the clock and reports.
/// The step size is the schedule's value for the epoch (or, for per-update
/// schedules, for each update).
///
/// Determinism: with one thread the run is bit-for-bit reproducible for a seed. With
/// more, the order of racing writes depends on the machine, as in the paper.
///
/// ```swift
/// let x = try SharedParameters(count: svm.dimension)
/// let trainer = try Trainer(objective: svm, scheme: Hogwild(),
///                           configuration: TrainingConfiguration(threads: 4, epochs: 10))
/// let report = try trainer.run(on: x) { print("epoch", $0.epoch, $0.objective ?? .nan) }
/// ```
public struct Trainer<O: Objective, S: UpdateScheme>: Sendable {
    public let objective: O
    public let scheme: S
    public let configuration: TrainingConfiguration

    /// The most terms an epoch permutation indexes (it stores 32-bit indices).
    public static var permutationLimit: Int { Int(UInt32.max) }

    /// Validates `configuration` against `objective`; throws ``TrainingError`` naming
    /// the first problem.
    @inlinable
    public init(objective: O, scheme: S, configuration: TrainingConfiguration) throws(TrainingError) {
        try configuration.validate()
        guard objective.termCount > 0 else { throw .noTerms }
        if configuration.sampling == .epochPermutation, objective.termCount > Self.permutationLimit {
            throw .tooManyTerms(objective.termCount, limit: Self.permutationLimit)
        }
        self.objective = objective
        self.scheme = scheme
        self.configuration = configuration
    }

    /// Trains `parameters` in place and reports. Calls `onEpoch` on the calling thread
    /// after every epoch. Stops early, after the current epoch, when `stop` is
    /// requested or the calling task is cancelled.
    @inlinable
    public func run(on parameters: SharedParameters, stop: StopSignal? = nil,
                    onEpoch: (EpochReport) -> Void = { _ in }) throws(TrainingError) -> TrainingReport {
        guard parameters.count == objective.dimension else {
            throw .dimensionMismatch(objective: objective.dimension, parameters: parameters.count)
        }
        return withExtendedLifetime(parameters) {
            train(memory: parameters.memory, stop: stop, onEpoch: onEpoch)
        }
    }

    @inlinable
    func train(memory: UnsafeParameterMemory, stop: StopSignal?,
               onEpoch: (EpochReport) -> Void) -> TrainingReport {
        let workers = configuration.threads
        let terms = objective.termCount
        let coordination = scheme.makeCoordination(for: objective, memory: memory, workers: workers)
        let scratch = PerWorkerScratch(floatsPerWorker: objective.scratchCount, workers: workers)
        let seed = configuration.seed
        let generators = PerWorkerStorage<Xoshiro256>(count: workers) {
            Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: UInt64($0)))
        }
        let permutation = configuration.sampling == .epochPermutation ? EpochPermutation(count: terms) : nil
        var shuffler = Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: UInt64.max))
        let pool = WorkerPool(workers: workers)
        let delay = ArtificialDelay(nanoseconds: configuration.delayNanoseconds)

        let initial = objective.evaluate(parameters: memory)
        var epochs: [EpochReport] = []
        var elapsed = 0.0
        var stoppedEarly = false
        for epoch in 0..<configuration.epochs {
            if stop?.isStopRequested == true || Self.currentTaskIsCancelled {
                stoppedEarly = true
                break
            }
            let start = MonotonicClock.nanoseconds()
            permutation?.shuffle(using: &shuffler)
            scheme.beginEpoch(coordination)
            let stepSize = configuration.schedule.stepSize(epoch: epoch, update: epoch * terms)
            let order = permutation.map { UnsafePointer($0.indices) }
            let job = EpochJob(trainer: self, memory: memory, coordination: coordination,
                               scratch: scratch, generators: generators,
                               order: order.map(UncheckedSendable.init), epoch: epoch,
                               stepSize: stepSize, delay: delay)
            pool.run { worker in job.work(worker: worker) }
            let seconds = MonotonicClock.seconds(since: start)
            elapsed += seconds
            let isLast = epoch == configuration.epochs - 1
            let objectiveValue = configuration.evaluateEveryEpoch || isLast
                ? objective.evaluate(parameters: memory) : nil
            let report = EpochReport(epoch: epoch + 1, stepSize: stepSize, seconds: seconds,
                                     elapsed: elapsed, updates: terms,
                                     updatesPerSecond: seconds > 0 ? Double(terms) / seconds : 0,
                                     objective: objectiveValue)
            epochs.append(report)
            onEpoch(report)
        }
        let final = epochs.last?.objective ?? objective.evaluate(parameters: memory)
        if stoppedEarly, !epochs.isEmpty, epochs[epochs.count - 1].objective == nil {
            epochs[epochs.count - 1].objective = final
        }
        return TrainingReport(scheme: scheme.kind, configuration: configuration, epochs: epochs,
                              initialObjective: initial, finalObjective: final,
                              stoppedEarly: stoppedEarly, schemeParameters: scheme.parameters(of: coordination))
    }

    @usableFromInline
    static var currentTaskIsCancelled: Bool {
        withUnsafeCurrentTask { $0?.isCancelled ?? false }
    }
}

/// One epoch's work for every worker: everything a worker needs, captured once.
@usableFromInline
struct EpochJob<O: Objective, S: UpdateScheme>: Sendable {
    @usableFromInline let trainer: Trainer<O, S>
    @usableFromInline let memory: UnsafeParameterMemory
    @usableFromInline let coordination: S.Coordination
    @usableFromInline let scratch: PerWorkerScratch
    @usableFromInline let generators: PerWorkerStorage<Xoshiro256>
    @usableFromInline let order: UncheckedSendable<UnsafePointer<UInt32>>?
    @usableFromInline let epoch: Int
    @usableFromInline let stepSize: Float
    @usableFromInline let delay: ArtificialDelay

    @usableFromInline
    init(trainer: Trainer<O, S>, memory: UnsafeParameterMemory, coordination: S.Coordination,
         scratch: PerWorkerScratch, generators: PerWorkerStorage<Xoshiro256>,
         order: UncheckedSendable<UnsafePointer<UInt32>>?, epoch: Int, stepSize: Float,
         delay: ArtificialDelay) {
        self.trainer = trainer
        self.memory = memory
        self.coordination = coordination
        self.scratch = scratch
        self.generators = generators
        self.order = order
        self.epoch = epoch
        self.stepSize = stepSize
        self.delay = delay
    }

    /// Worker `worker`'s share of the epoch: terms [n·w/T, n·(w+1)/T) of the
    /// permutation, or as many uniform draws.
    @inlinable
    func work(worker: Int) {
        let objective = trainer.objective
        let scheme = trainer.scheme
        let schedule = trainer.configuration.schedule
        let workers = trainer.configuration.threads
        let terms = objective.termCount
        let lower = terms * worker / workers
        let upper = terms * (worker + 1) / workers
        let scratch = self.scratch.buffer(for: worker)
        let memory = self.memory
        let coordination = self.coordination
        let delay = self.delay
        var stepSize = self.stepSize
        let perUpdate = schedule.isPerUpdate
        let firstUpdate = epoch * terms

        if let order = order?.value {
            for position in lower..<upper {
                if perUpdate {
                    stepSize = schedule.stepSize(epoch: epoch, update: firstUpdate + (position - lower) * workers + worker)
                }
                scheme.process(term: Int(order[position]), objective: objective, memory: memory,
                               stepSize: stepSize, scratch: scratch, worker: worker,
                               coordination: coordination, delay: delay)
            }
        } else {
            var rng = generators[worker]
            for local in 0..<(upper - lower) {
                if perUpdate {
                    stepSize = schedule.stepSize(epoch: epoch, update: firstUpdate + local * workers + worker)
                }
                scheme.process(term: rng.next(below: terms), objective: objective, memory: memory,
                               stepSize: stepSize, scratch: scratch, worker: worker,
                               coordination: coordination, delay: delay)
            }
            generators[worker] = rng
        }
        scheme.finish(worker: worker, coordination: coordination)
    }
}

/// The epoch permutation: 32-bit term indices, reshuffled in place every epoch.
@usableFromInline
final class EpochPermutation: @unchecked Sendable {
    @usableFromInline let indices: UnsafeMutablePointer<UInt32>
    @usableFromInline let count: Int

    @usableFromInline
    init(count: Int) {
        self.count = count
        indices = .allocate(capacity: max(1, count))
        for i in 0..<count { (indices + i).initialize(to: UInt32(truncatingIfNeeded: i)) }
    }

    deinit { indices.deallocate() }

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
