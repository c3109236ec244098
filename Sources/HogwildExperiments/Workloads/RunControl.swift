import FoundationEssentials
import HogwildCore
import HogwildModels

/// How a workload's run is steered besides its settings: a stop signal, checkpoints
/// to write, a checkpoint to resume from, and what to tell the user as it happens.
///
/// ```swift
/// var control = RunControl(stop: StopSignal())
/// control.checkpoint = .init(path: "run.ckpt", every: 5)
/// control.resume = try TrainingCheckpoint.read(from: "run.ckpt")
/// let run = try workload.run(scheme: .hogwild, optimizer: .sgd, configuration: config, control: control) { _ in }
/// ```
public struct RunControl {
    /// Where and how often to save the run.
    public struct Checkpointing: Sendable, Equatable {
        public var path: String
        /// Every this many epochs, and at the end (or where the run stopped early).
        public var every: Int
        public init(path: String, every: Int = 1) {
            self.path = path
            self.every = every
        }
    }

    /// Something worth a line in the log.
    public enum Event {
        case checkpointWritten(path: String, epochs: Int)
        /// The checkpoint could not be written; training goes on in memory and the
        /// previous checkpoint (if any) is still whole.
        case checkpointFailed(ModelFileError)
        /// The divergence guard restored the state from before an epoch and halved γ.
        case backoff(Backoff)
    }

    public var stop: StopSignal?
    public var checkpoint: Checkpointing?
    /// A checkpoint to go on from (read, not yet checked against the run).
    public var resume: TrainingCheckpoint?
    /// Where ``resume`` was read from, for messages.
    public var resumePath: String
    public var onEvent: (Event) -> Void
    /// Another copy of the run to combine with (a distributed job's rank); nil alone.
    public var exchange: (any ParameterExchange)?

    public init(
        stop: StopSignal? = nil, checkpoint: Checkpointing? = nil, resume: TrainingCheckpoint? = nil,
        resumePath: String = "checkpoint", onEvent: @escaping (Event) -> Void = { _ in }
    ) {
        self.stop = stop
        self.checkpoint = checkpoint
        self.resume = resume
        self.resumePath = resumePath
        self.onEvent = onEvent
    }

    /// Throws unless `checkpoint` was made by a run with `identity` (all of it, or the
    /// settings `only` names), naming the first setting that differs; a setting stored
    /// as JSON (the workload, the scheme, the optimizer) is named down to the field
    /// that differs, with both values written plainly.
    public static func check(
        _ checkpoint: TrainingCheckpoint, against identity: [String: String], only: Set<String>? = nil, path: String
    ) throws(ModelFileError) {
        var mine = identity, theirs = checkpoint.identity
        if let only {
            mine = mine.filter { only.contains($0.key) }
            theirs = theirs.filter { only.contains($0.key) }
        }
        for key in Set(mine.keys).union(theirs.keys).sorted() where mine[key] != theirs[key] {
            if let saved = theirs[key], let run = mine[key], let difference = JSONDifference.first(saved, run) {
                throw .runMismatch(
                    path: path,
                    setting: difference.path.isEmpty || difference.path == key ? key : "\(key) (\(difference.path))",
                    saved: difference.a, run: difference.b)
            }
            throw .runMismatch(path: path, setting: key, saved: theirs[key], run: mine[key])
        }
    }

    /// The identity checkpoints of `workload` carry: its spec, the dimension, the
    /// scheme and optimizer with their settings, and the configuration but its epochs.
    public static func identity(
        of spec: WorkloadSpec, dimension: Int, scheme: SchemeChoice, optimizer: OptimizerChoice,
        configuration: TrainingConfiguration
    ) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        }
        return TrainingCheckpoint.identity(
            workload: json(spec), dimension: dimension, scheme: json(scheme),
            optimizer: json(optimizer), configuration: configuration)
    }

    /// Trains `objective` from `x` (and `state`, made fresh when nil) under this control:
    /// restores the resume checkpoint first, writes checkpoints as epochs pass, and, when
    /// `measure` is given, adds its held-out metrics to every epoch's report (and to the
    /// checkpoints' history).
    func train<O: Objective>(
        _ objective: O, spec: WorkloadSpec, scheme: SchemeChoice, optimizer: OptimizerChoice,
        configuration: TrainingConfiguration, parameters x: SharedParameters, state: OptimizerState? = nil,
        measure: ((SharedParameters) throws -> [String: Double])? = nil, onEpoch: (EpochReport) -> Void
    ) throws -> TrainingReport {
        let state =
            try state
            ?? OptimizerState(
                for: optimizer, layout: x.layout, workers: configuration.threads,
                placement: configuration.optimizerState.resolved(for: objective))
        let identity = Self.identity(
            of: spec, dimension: objective.dimension, scheme: scheme, optimizer: optimizer,
            configuration: configuration)
        var progressAtStart: TrainingProgress?
        if let resume {
            try Self.check(resume, against: identity, path: resumePath)
            try resume.restore(parameters: x, state: state, path: resumePath)
            progressAtStart = resume.progress
        }
        var metrics: [Int: [String: Double]] = [:]
        var failure: (any Error)?
        var latest = progressAtStart
        var written = progressAtStart?.epochsCompleted
        let checkpoint = self.checkpoint
        let onEvent = self.onEvent
        func withMetrics(_ progress: TrainingProgress) -> TrainingProgress {
            var progress = progress
            for i in progress.epochs.indices {
                if let m = metrics[progress.epochs[i].epoch] { progress.epochs[i].metrics = m }
            }
            return progress
        }
        func save(_ progress: TrainingProgress) {
            guard let checkpoint else { return }
            do throws(ModelFileError) {
                try TrainingCheckpoint(identity: identity, progress: withMetrics(progress), parameters: x, state: state)
                    .write(to: checkpoint.path)
                written = progress.epochsCompleted
                onEvent(.checkpointWritten(path: checkpoint.path, epochs: progress.epochsCompleted))
            } catch {
                onEvent(.checkpointFailed(error))
            }
        }
        let observer = ProgressObserver { progress in
            let backedOff = progress.backoffs.count > (latest?.backoffs.count ?? 0)
            if backedOff, let last = progress.backoffs.last { onEvent(.backoff(last)) }
            latest = progress
            if let checkpoint, progress.epochsCompleted % checkpoint.every == 0 || backedOff { save(progress) }
        }
        let trainer = try AnyTrainer(
            objective: objective, scheme: scheme, optimizer: optimizer, configuration: configuration)
        let hooks = RunHooks(
            stop: stop, resume: progressAtStart, onProgress: observer, exchange: exchange ?? LocalExchange())
        var report = try trainer.run(on: x, state: state, hooks: hooks) { epoch in
            var epoch = epoch
            if let measure {
                do { epoch.metrics = try measure(x) } catch { failure = error }
                metrics[epoch.epoch] = epoch.metrics
            }
            onEpoch(epoch)
        }
        if let failure { throw failure }
        report.epochs =
            withMetrics(
                TrainingProgress(
                    epochsCompleted: report.epochs.count, epochs: report.epochs,
                    initialObjective: report.initialObjective)
            ).epochs
        // The run's last state is saved, whatever the interval: where it stopped early, or
        // its end (so that it can be extended with more epochs).
        if report.divergence == nil, let latest, written != latest.epochsCompleted { save(latest) }
        return report
    }
}
