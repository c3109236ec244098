/// A run's outside world, as one value: what can stop it, where it resumes from, who
/// sees its progress, and which other copies of the parameters it meets.
///
/// Every field has a do-nothing default: no stop but the calling task's cancellation,
/// a fresh start, no observer, and ``LocalExchange`` (one copy, nothing to exchange).
///
/// ```swift
/// let stop = StopSignal()
/// var hooks = RunHooks(stop: stop)
/// hooks.onProgress = ProgressObserver { progress in try? save(progress) }
/// let report = try trainer.run(on: x, hooks: hooks) { epoch in
///     if epoch.objective ?? .infinity < 0.3 { stop.requestStop() }
/// }
/// ```
public struct RunHooks {
    /// Asks the run to stop after its current epoch.
    public var stop: StopSignal?
    /// Where an earlier run stood (its parameters and optimizer state restored): the run
    /// goes on from there, bit-identical with one thread to a run never stopped.
    public var resume: TrainingProgress?
    /// Sees the progress after every good epoch and every backoff: where checkpoints
    /// are written.
    public var onProgress: ProgressObserver?
    /// The other copies of a distributed job (``LocalExchange`` alone).
    public var exchange: any ParameterExchange

    public init(
        stop: StopSignal? = nil, resume: TrainingProgress? = nil, onProgress: ProgressObserver? = nil,
        exchange: any ParameterExchange = LocalExchange()
    ) {
        self.stop = stop
        self.resume = resume
        self.onProgress = onProgress
        self.exchange = exchange
    }

    /// Whether a stop was asked for, by the signal or by cancelling the calling task.
    @inlinable
    public var stopRequested: Bool {
        stop?.isStopRequested == true || withUnsafeCurrentTask { $0?.isCancelled ?? false }
    }
}

/// The exchange of a run with no other copies: one round an epoch, nothing moved, the
/// objective this copy's own.
public final class LocalExchange: ParameterExchange {
    public init() {}
    public func roundsPerEpoch(terms: Int, workers: Int) -> Int { 1 }
    public func begin(_ buffers: ExchangedBuffers) {}
    public func exchange(_ buffers: ExchangedBuffers, epoch: Int, round: Int) {}
    public func settle(_ buffers: ExchangedBuffers) {}
    public func combine(objective local: Double, terms: Int, aggregate: EvaluationAggregate) -> Double { local }
    public func annotate(_ report: inout EpochReport) {}
    public func end(_ buffers: ExchangedBuffers) {}
}
