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
/// Determinism: with one thread the run is bit-for-bit reproducible for a seed, and so is a run
/// stopped and resumed (the workers' streams of an epoch derive from the seed and the epoch; the
/// permutation's shuffles are replayed). With more, the order of racing writes depends on the
/// machine, as in the paper.
///
/// After each epoch the configuration's ``DivergenceGuard`` checks the objective and
/// the parameters: a diverged run stops (throwing), backs off, or is recorded.
///
/// ```swift
/// let x = try SharedParameters(count: svm.dimension)
/// let trainer = try Trainer(objective: svm, scheme: RelaxedHogwild(), optimizer: AdaGrad(),
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
        try scheme.checkSupport(for: objective, configuration: configuration)
        guard objective.termCount > 0 else { throw .noTerms }
        if configuration.sampling == .epochPermutation, objective.termCount > Self.permutationLimit {
            throw .tooManyTerms(objective.termCount, limit: Self.permutationLimit)
        }
        if configuration.epochObjective == .trainingLoss, !objective.recordsTrainingLoss {
            throw .trainingLossNotRecorded
        }
        self.objective = objective
        self.scheme = scheme
        self.optimizer = optimizer
        self.configuration = configuration
    }

    /// Trains `parameters` in place and reports. Calls `onEpoch` on the calling thread
    /// after every epoch; `hooks` carry what else the run meets: a stop signal (checked
    /// between epochs, as is the calling task's cancellation), a progress to resume
    /// from, a progress observer (called after every epoch that passed the divergence
    /// guard and after every backoff, while parameters and state are quiescent and good:
    /// the moment to write a checkpoint), and the exchange with other copies of a
    /// distributed job, whose rounds cut each epoch (see ``ParameterExchange``).
    ///
    /// `state` carries the optimizer's state into the run (to continue from an earlier
    /// run or a saved one); nil starts from the optimizer's initial state.
    ///
    /// Throws ``TrainingError/diverged(_:partial:)`` when an epoch diverges and the
    /// configuration's ``DivergenceGuard`` says stop.
    @inlinable
    public func run(
        on parameters: SharedParameters, state: OptimizerState? = nil, hooks: RunHooks = RunHooks(),
        onEpoch: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> TrainingReport {
        guard parameters.count == objective.dimension else {
            throw .dimensionMismatch(objective: objective.dimension, parameters: parameters.count)
        }
        try hooks.resume?.validate(for: configuration)
        let optimizerState: OptimizerState
        if let state {
            optimizerState = try checked(state, parameters: parameters)
        } else {
            optimizerState = try freshState(parameters: parameters)
        }
        if objective.projectsSteps, !hooks.exchange.keepsProjectionsFeasible {
            throw .projectionsNotFeasibleUnderExchange
        }
        return try withExtendedLifetime((parameters, optimizerState)) { () throws(TrainingError) -> TrainingReport in
            let session = try TrainingSession(
                trainer: self, memory: parameters.memory, state: optimizerState,
                exchange: hooks.exchange)
            return try train(session, hooks: hooks, onEpoch: onEpoch)
        }
    }

    /// `state` if it fits this run's optimizer, placement and model.
    @usableFromInline
    func checked(_ state: OptimizerState, parameters: SharedParameters) throws(TrainingError) -> OptimizerState {
        guard state.placement == configuration.optimizerState.resolved(for: objective),
            state.names == optimizer.stateNames,
            state.buffers(of: 0).allSatisfy({ $0.count == parameters.count })
        else {
            throw .stateMismatch("the optimizer state was made for another optimizer, placement or model")
        }
        return state
    }

    /// The optimizer's initial state for `parameters`.
    @usableFromInline
    func freshState(parameters: SharedParameters) throws(TrainingError) -> OptimizerState {
        do {
            return try OptimizerState(
                for: optimizer, layout: parameters.layout, workers: configuration.threads,
                placement: configuration.optimizerState.resolved(for: objective))
        } catch {
            throw .stateMismatch("cannot allocate the optimizer state: \(error)")
        }
    }

    /// The run's stream of `stream` in epoch `epoch`: a function of the seed and the
    /// epoch only, so that a resumed run draws what an uninterrupted one would have.
    @inlinable
    static func generator(seed: UInt64, stream: UInt64, epoch: Int) -> Xoshiro256 {
        Xoshiro256(seed: SplitMix64.derive(seed: SplitMix64.derive(seed: seed, stream: stream), stream: UInt64(epoch)))
    }

    /// The epoch loop: run an epoch, evaluate, let the guard judge it, record it.
    @inlinable
    func train(
        _ session: TrainingSession<O, S, Opt>, hooks: RunHooks,
        onEpoch: (EpochReport) -> Void
    ) throws(TrainingError) -> TrainingReport {
        try session.begin()
        var progress: TrainingProgress
        if let resume = hooks.resume {
            progress = resume
        } else {
            progress = TrainingProgress(epochsCompleted: 0, epochs: [], initialObjective: try session.objective())
        }
        var stoppedEarly = false
        var divergence: Divergence?
        var retries = 0
        var best: (epoch: Int, objective: Double)?
        var kept: (epoch: Int, objective: Double)?
        epochs: while progress.epochsCompleted < configuration.epochs {
            if try session.exchange.agreeToStop(hooks.stopRequested) {
                stoppedEarly = true
                break
            }
            let epoch = progress.epochsCompleted
            let report = try session.runEpoch(
                epoch, stepScale: progress.stepScale, elapsed: progress.elapsed,
                evaluate: configuration.evaluateEveryEpoch || epoch == configuration.epochs - 1)
            switch judge(report, session: session, progress: progress, retries: retries) {
            case .good:
                progress.epochs.append(report)
                progress.epochsCompleted = epoch + 1
                onEpoch(report)
                hooks.onProgress?.body(progress)
                if let rule = configuration.earlyStopping {
                    if let objective = report.objective, objective < best?.objective ?? .infinity {
                        best = (epoch + 1, objective)
                        session.keepAsBest()
                    }
                    if progress.epochsCompleted < configuration.epochs,
                        rule.shouldStop(after: [progress.initialObjective] + progress.epochs.map(\.objective))
                    {
                        // The last epochs made no progress: keep the best epoch's parameters.
                        if let best, best.epoch != progress.epochsCompleted {
                            session.restoreBest()
                            kept = best
                        }
                        stoppedEarly = true
                        break epochs
                    }
                }
            case .retry(let backoff):
                retries += 1
                session.restoreSnapshot()
                progress.stepScale = backoff.stepScale
                progress.backoffs.append(backoff)
                hooks.onProgress?.body(progress)
            case .record(let found):
                progress.epochs.append(report)
                onEpoch(report)
                divergence = found
                stoppedEarly = epoch != configuration.epochs - 1
                break epochs
            case .stop(let found):
                throw .diverged(
                    found,
                    partial: makeReport(
                        progress, finalObjective: report.objective ?? .nan,
                        stoppedEarly: true, session: session))
            }
        }
        var final = try session.finish(&progress)
        if let kept { final = kept.objective }
        var report = makeReport(progress, finalObjective: final, stoppedEarly: stoppedEarly, session: session)
        report.divergence = divergence
        report.keptEpoch = kept?.epoch
        return report
    }

    /// What the divergence guard makes of an epoch.
    @usableFromInline
    enum Verdict {
        case good
        case retry(Backoff)
        case record(Divergence)
        case stop(Divergence)
    }

    @inlinable
    func judge(
        _ report: EpochReport, session: TrainingSession<O, S, Opt>, progress: TrainingProgress,
        retries: Int
    ) -> Verdict {
        let guardrail = configuration.divergence
        guard
            let problem = guardrail.problem(
                objective: report.objective, initialObjective: progress.initialObjective,
                parameters: session.memory)
        else { return .good }
        let found = Divergence(
            epoch: report.epoch, scheme: scheme.kind, optimizer: optimizer.name, stepSize: report.stepSize,
            lastFiniteObjective: progress.lastFiniteObjective, problem: problem)
        switch guardrail.policy {
        case .backoff(let limit) where retries < limit:
            return .retry(Backoff(epoch: report.epoch, problem: problem, stepScale: progress.stepScale * 0.5))
        case .record: return .record(found)
        default: return .stop(found)
        }
    }

    @inlinable
    func makeReport(
        _ progress: TrainingProgress, finalObjective: Double, stoppedEarly: Bool,
        session: TrainingSession<O, S, Opt>
    ) -> TrainingReport {
        TrainingReport(
            scheme: scheme.kind, optimizer: optimizer.name, configuration: configuration,
            epochs: progress.epochs, initialObjective: progress.initialObjective, finalObjective: finalObjective,
            stoppedEarly: stoppedEarly, schemeParameters: scheme.parameters(of: session.coordination),
            backoffs: progress.backoffs)
    }
}

extension Trainer where Opt == SGD {
    /// A trainer with plain SGD, the paper's rule.
    @inlinable
    public init(objective: O, scheme: S, configuration: TrainingConfiguration) throws(TrainingError) {
        try self.init(objective: objective, scheme: scheme, optimizer: SGD(), configuration: configuration)
    }
}
