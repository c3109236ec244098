import HogwildSupport

/// A training run saved between two epochs: the parameters, the optimizer state, the
/// ``TrainingProgress`` (epochs done, their reports, the step-size multiplier and
/// backoffs), and the run's identity — what must be the same for another run to go
/// on from it (workload, dimension, scheme, optimizer, threads, seed, schedule, …;
/// everything but the epoch count). The random streams of an epoch follow from the
/// seed and the epoch number (see ``TrainingProgress``), so the identity and the
/// progress fix them.
///
/// Stored as a ``ModelFile`` of kind `checkpoint` (versioned, CRC-32, written to a
/// temporary file, flushed and renamed: a crash or a full disk leaves the previous
/// checkpoint whole). Reading refuses a cut, corrupted or foreign file; ``check(_:path:)``
/// refuses one made for another run, naming the setting that differs.
///
/// ```swift
/// let identity = TrainingCheckpoint.identity(workload: "svm rcv1", dimension: x.count, scheme: "hogwild",
///                                            optimizer: "sgd", configuration: config)
/// try TrainingCheckpoint(identity: identity, progress: progress, parameters: x, state: state).write(to: "run.ckpt")
/// let saved = try TrainingCheckpoint.read(from: "run.ckpt")
/// try saved.check(identity, path: "run.ckpt")
/// try saved.restore(parameters: x, state: state, path: "run.ckpt")
/// ```
public struct TrainingCheckpoint: Sendable, Equatable {
    public static let kind = "checkpoint"

    /// Named settings that a resuming run must match exactly.
    public var identity: [String: String]
    public var progress: TrainingProgress
    public var parameters: [Float]
    /// The optimizer's buffers: one list per owner (one when shared, one per worker
    /// otherwise), each laid out like the parameters.
    public var optimizerState: [[[Float]]]

    public init(
        identity: [String: String], progress: TrainingProgress, parameters: [Float], optimizerState: [[[Float]]]
    ) {
        self.identity = identity
        self.progress = progress
        self.parameters = parameters
        self.optimizerState = optimizerState
    }

    /// Captures `parameters` and `state` as they are (call between epochs).
    public init(
        identity: [String: String], progress: TrainingProgress, parameters: SharedParameters, state: OptimizerState
    ) {
        self.init(
            identity: identity, progress: progress, parameters: parameters.copyOut(),
            optimizerState: (0..<state.owners).map { owner in state.buffers(of: owner).map { $0.copyOut() } })
    }

    /// The identity of a run: `workload` (the caller's description of the model and its
    /// data), the dimension, the scheme and optimizer (with their settings), and every
    /// setting of `configuration` but the epoch count.
    public static func identity(
        workload: String, dimension: Int, scheme: String, optimizer: String,
        configuration: TrainingConfiguration
    ) -> [String: String] {
        [
            "workload": workload, "dimension": "\(dimension)", "scheme": scheme, "optimizer": optimizer,
            "threads": "\(configuration.threads)", "seed": "\(configuration.seed)",
            "sampling": configuration.sampling.rawValue, "schedule": configuration.schedule.description,
            "optimizer state": configuration.optimizerState.rawValue, "delay": "\(configuration.delayNanoseconds)",
            "clipping":
                "value \(configuration.clipping.value.map { "\($0)" } ?? "none"), norm "
                + "\(configuration.clipping.norm.map { "\($0)" } ?? "none")",
            "evaluate every epoch": "\(configuration.evaluateEveryEpoch)",
        ]
    }

    /// Throws unless this checkpoint was made by a run with `identity`, naming the first
    /// setting (in name order) that differs.
    public func check(_ identity: [String: String], path: String) throws(ModelFileError) {
        for key in Set(identity.keys).union(self.identity.keys).sorted() where identity[key] != self.identity[key] {
            throw .runMismatch(path: path, setting: key, saved: self.identity[key], run: identity[key])
        }
    }

    /// Copies the saved parameters and optimizer state into `parameters` and `state`.
    public func restore(parameters x: SharedParameters, state: OptimizerState, path: String) throws(ModelFileError) {
        let owners = state.owners
        guard parameters.count == x.count else {
            throw .invalidContent(
                path: path, reason: "the checkpoint holds \(parameters.count) parameters, the model has \(x.count)")
        }
        guard optimizerState.count == owners, optimizerState.allSatisfy({ $0.count == state.buffers(of: 0).count })
        else {
            throw .invalidContent(
                path: path,
                reason:
                    "the checkpoint's optimizer state (\(optimizerState.count) owners of "
                    + "\(optimizerState.first?.count ?? 0) buffers) does not fit this run's (\(owners) of "
                    + "\(state.buffers(of: 0).count))"
            )
        }
        do {
            try x.copyIn(parameters)
            for (owner, buffers) in optimizerState.enumerated() {
                for (target, values) in zip(state.buffers(of: owner), buffers) { try target.copyIn(values) }
            }
        } catch {
            throw .invalidContent(path: path, reason: "cannot restore the saved values: \(error)")
        }
    }

    /// Writes the checkpoint atomically (see ``ModelFile/write(to:)``).
    public func write(to path: String) throws(ModelFileError) {
        var settings = identity.reduce(into: [String: String]()) { $0["identity." + $1.key] = $1.value }
        settings["progress.epochs completed"] = "\(progress.epochsCompleted)"
        settings["progress.initial objective"] = "\(progress.initialObjective)"
        settings["progress.step scale"] = "\(progress.stepScale)"
        settings["progress.history"] = progress.epochs.map(Self.line(for:)).joined(separator: "\n")
        settings["progress.backoffs"] = progress.backoffs.map { "\($0.epoch)\t\($0.stepScale)\t\($0.problem)" }.joined(
            separator: "\n")
        settings["state.owners"] = "\(optimizerState.count)"
        settings["state.buffers"] = "\(optimizerState.first?.count ?? 0)"
        var arrays = ["parameters": parameters]
        for (owner, buffers) in optimizerState.enumerated() {
            for (index, values) in buffers.enumerated() { arrays["state.\(owner).\(index)"] = values }
        }
        try ModelFile(kind: Self.kind, settings: settings, arrays: arrays).write(to: path)
    }

    /// Reads and checks a checkpoint file (not yet against a run: see ``check(_:path:)``).
    public static func read(from path: String) throws(ModelFileError) -> TrainingCheckpoint {
        let file = try ModelFile.read(from: path, kind: kind)
        func bad(_ what: String) -> ModelFileError {
            .invalidContent(path: path, reason: "the checkpoint's \(what) is malformed")
        }
        guard let completed = Int(try file.setting("progress.epochs completed", path: path)), completed >= 0,
            let initial = Double(try file.setting("progress.initial objective", path: path)),
            let scale = Float(try file.setting("progress.step scale", path: path)),
            let owners = Int(try file.setting("state.owners", path: path)), (0...4096).contains(owners),
            let buffers = Int(try file.setting("state.buffers", path: path)), (0...4).contains(buffers)
        else {
            throw bad("progress or state header")
        }
        let historyText = try file.setting("progress.history", path: path)
        var history: [EpochReport] = []
        for line in historyText.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let report = Self.report(from: line) else { throw bad("history line '\(line.prefix(60))'") }
            history.append(report)
        }
        var backoffs: [Backoff] = []
        for line in try file.setting("progress.backoffs", path: path).split(
            separator: "\n", omittingEmptySubsequences: true)
        {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let epoch = Int(fields[0]), let stepScale = Float(fields[1]) else {
                throw bad("backoff list")
            }
            backoffs.append(Backoff(epoch: epoch, problem: String(fields[2]), stepScale: stepScale))
        }
        let parameters = try file.array("parameters", path: path)
        var state: [[[Float]]] = []
        for owner in 0..<owners {
            var list: [[Float]] = []
            for index in 0..<buffers {
                list.append(try file.array("state.\(owner).\(index)", count: parameters.count, path: path))
            }
            state.append(list)
        }
        var identity: [String: String] = [:]
        for (key, value) in file.settings where key.hasPrefix("identity.") {
            identity[String(key.dropFirst(9))] = value
        }
        let progress = TrainingProgress(
            epochsCompleted: completed, epochs: history, initialObjective: initial,
            stepScale: scale, backoffs: backoffs)
        guard history.count == completed, scale.isFinite, scale > 0, scale <= 1 else { throw bad("progress") }
        return TrainingCheckpoint(identity: identity, progress: progress, parameters: parameters, optimizerState: state)
    }

    // One epoch's report as a tab-separated line: numbers in Swift's shortest exact form,
    // so a resumed run's records are the uninterrupted run's to the last bit.
    static func line(for r: EpochReport) -> String {
        let metrics = r.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        return [
            "\(r.epoch)", "\(r.stepSize)", "\(r.seconds)", "\(r.elapsed)", "\(r.updates)", "\(r.samples)",
            r.objective.map { "\($0)" } ?? "-", metrics,
        ].joined(separator: "\t")
    }

    static func report(from line: Substring) -> EpochReport? {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard f.count == 8, let epoch = Int(f[0]), let step = Float(f[1]), let seconds = Double(f[2]),
            let elapsed = Double(f[3]), let updates = Int(f[4]), let samples = Int(f[5])
        else { return nil }
        let objective: Double?
        if f[6] == "-" { objective = nil } else if let value = Double(f[6]) { objective = value } else { return nil }
        var metrics: [String: Double] = [:]
        for pair in f[7].split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1]) else { return nil }
            metrics[String(parts[0])] = value
        }
        return EpochReport(
            epoch: epoch, stepSize: step, seconds: seconds, elapsed: elapsed, updates: updates,
            samples: samples, objective: objective, metrics: metrics)
    }
}
