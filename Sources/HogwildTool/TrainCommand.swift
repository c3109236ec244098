import FoundationEssentials
import Hogwild
import HogwildCommandLine
import HogwildDistributed
import HogwildSupport

/// `hogwild train`: one training run, with progress, a summary and result files.
struct TrainCommand: Command {
    static let name = "train"
    static let summary = "train one model with one scheme, optimizer and thread count"
    static let help = """
        usage: hogwild train [options]

        Trains a model with the chosen update scheme and optimizer and prints the
        objective after every epoch, then the model's metrics. With no options it runs the
        built-in default: the paper's sparse SVM (hinge loss, degree-weighted L2) on an
        RCV1-shaped synthetic set of 100,000 rows (47,236 features, ~75 non-zeros a row,
        Zipf feature frequencies), 2 threads, the automatic scheme, plain SGD, 20 epochs.

        Generated data keep the paper's settings. A linear model on your own LIBSVM file
        (--data) gets defaults for a user's data instead: an intercept, λ = 1/rows, a step γ0
        calibrated on 2,000 of its rows (after Bottou: one pass from each power of two, the
        lowest objective wins, scaled by √(2,000/rows) to an epoch), and early stopping (--tolerance 1e-3, --patience 5) that keeps
        the best epoch's model; each flag overrides its part, and the run prints what it chose.

        what to train:
        \(WorkloadOptions.help)

        how to train:
          --threads N          worker threads (default 2)
          --scheme NAME        automatic (default: HOGWILD!, with hot replicas where coordinates are
                               hot and for networks) | hogwild | hogwildAtomic | coordinateLocks (aig) |
                               roundRobin (rr) | globalLock | hotReplicas | conflictFree (the same
                               result at any thread count)
        \(SchemeOptions.help)
        \(OptimizerOptions.help)
        \(TrainingOptions.help())

        long runs:
          --checkpoint PATH    save the run (parameters, optimizer state, epoch, step-size
                               multiplier, history) to PATH after every --checkpoint-every
                               epochs and when interrupted; written atomically (the last good
                               checkpoint survives a crash or a full disk)
          --checkpoint-every N epochs between checkpoints (default 1)
          --resume PATH        go on from a checkpoint made with the same settings (only --epochs
                               may differ); checkpoints then go on to PATH unless --checkpoint
                               names another file
          --on-divergence P    stop (default: a NaN, ±inf or exploding objective or parameter ends
                               the run with an error naming the epoch) | backoff (restore the
                               state before the epoch, halve the step, retry)
          --divergence-retries N  backoff: retries before giving up (default 3)
          Ctrl-C (SIGINT) or SIGTERM finishes the current epoch, saves the checkpoint, prints
          how to resume and exits with 130 (143); a second Ctrl-C quits at once. In an mpirun
          job the ranks finish the epoch together and rank 0 saves: give mpirun's MCA parameter
          odls_base_sigkill_timeout (its grace before it signals the ranks, 1 s by default) more
          seconds than an epoch takes.

        \(DistributedOptions.help)

        models:
          --save-model PATH    write the trained model (checksummed, atomically): a linear model in the
                               data file's feature numbers, a factor model with the file's user and item
                               ids, a cut's node labels, or a network with its optimizer state
                               (safetensors); use it with 'hogwild predict' and 'hogwild evaluate'
          --load-model PATH    networks: start from a saved network of the same architecture (and its
                               optimizer state when the optimizer is the same); the step schedule starts
                               again at γ0 and the optimizer's step count at 0 (--resume continues a
                               checkpointed run exactly)

        networks (--workload mlp | cnn | softmax | lstm | gru | rnn | autoencoder):
          --sample N           character models: print N generated characters at the end (default 300)

        examples:
          hogwild train --threads 4 --scheme hogwild --out results/
          hogwild train --workload mlp --data /usr/share/datasets/fashion-mnist --optimizer adam --epochs 20
          hogwild train --workload lstm --data corpus.txt --optimizer adam --epochs 10 --sample 400
          hogwild train --workload mc --synthetic netflix --scale 0.05 --threads 8 --optimizer adagrad
          hogwild train --workload logistic --data rcv1_train.binary.gz --test-fraction 0.1
          hogwild train --workload cuts --edges graph.txt --terminals terminals.txt --scheme aig
          hogwild train --workload mc --synthetic netflix --epochs 40 --checkpoint mc.ckpt
          hogwild train --workload mc --synthetic netflix --epochs 40 --resume mc.ckpt
          mpirun -np 4 --bind-to none hogwild train --distributed async --data debian.libsvm --threads 4 --out results/
        """

    var options: TrainingOptions
    var workload: WorkloadOptions
    var threads: Int
    var scheme: SchemeChoice
    var optimizer: OptimizerChoice
    var saveModel: String?
    var loadModel: String?
    var sampleLength: Int
    var checkpoint: String?
    var checkpointEvery: Int
    var resume: String?
    var divergence: DivergenceGuard.Policy
    var distributed: DistributedOptions

    init(arguments args: inout Arguments) throws(UsageError) {
        distributed = try DistributedOptions(arguments: &args)
        saveModel = try args.optionalOption("--save-model", expected: "a file path", Parse.string)
        loadModel = try args.optionalOption("--load-model", expected: "a file path", Parse.string)
        sampleLength = try args.option(
            "--sample", default: 300, expected: "a number of characters ≥ 0", Parse.nonNegativeInt)
        checkpoint = try args.optionalOption("--checkpoint", expected: "a file path", Parse.string)
        let every = try args.optionalOption(
            "--checkpoint-every", expected: "a positive number of epochs", Parse.positiveInt)
        checkpointEvery = every ?? 1
        resume = try args.optionalOption("--resume", expected: "a checkpoint file", Parse.string)
        let onDivergence = try args.option("--on-divergence", default: "stop", expected: "stop | backoff") {
            ["stop", "backoff"].contains($0) ? $0 : nil
        }
        let retries = try args.optionalOption("--divergence-retries", expected: "an integer in 1...30") {
            text -> Int? in
            Int(text).flatMap { (1...30).contains($0) ? $0 : nil }
        }
        if retries != nil, onDivergence != "backoff" {
            throw .conflict("--divergence-retries goes with --on-divergence backoff")
        }
        divergence = onDivergence == "backoff" ? .backoff(retries: retries ?? 3) : .stop
        if every != nil, checkpoint == nil, resume == nil {
            throw .conflict("--checkpoint-every needs --checkpoint PATH (or --resume PATH)")
        }
        threads = try args.option(
            "--threads", default: TrainingConfiguration.defaultThreads, expected: "a positive integer",
            Parse.positiveInt)
        scheme = try SchemeOptions.scheme(&args)
        optimizer = try OptimizerOptions.optimizer(&args)
        options = try TrainingOptions(arguments: &args)
        workload = try WorkloadOptions(arguments: &args)
        if !workload.spec.kind.isNetwork, loadModel != nil {
            throw .conflict(
                "--load-model starts a network from a saved one (mlp, cnn, softmax, lstm, gru, rnn, autoencoder); "
                    + "to go on with a \(workload.spec.kind.rawValue) run, train with --checkpoint PATH and go on "
                    + "with --resume PATH"
            )
        }
        if let settings = distributed.settings {
            if settings.method == .asyncDeltas, onDivergence == "backoff" {
                throw .conflict(
                    "--on-divergence backoff cannot undo an epoch whose changes other ranks already hold "
                        + "(--distributed async); use averaging or stop"
                )
            }
        }
    }

    func run() throws {
        guard distributed.settings != nil else { return try train(cluster: nil) }
        let cluster = try Cluster.join(timeoutSeconds: distributed.timeoutSeconds)
        if !cluster.isRoot { Output.isQuiet.store(true, ordering: .relaxed) }
        do { try train(cluster: cluster) } catch let stopped as Interrupted {
            // Every rank stopped after the same epoch (ParameterExchange.agreeToStop) and
            // rank 0 has saved: leave together, with the signal's status, not an abort
            // (one rank's MPI_Abort could end rank 0 before its checkpoint was written).
            try cluster.finish()
            throw stopped
        } catch {
            // A rank that fails must not leave the others waiting for it: end the job.
            cluster.abort(FlagAdvice.message(for: error))
        }
        try cluster.finish()
    }

    /// One run, read top to bottom: check what can be checked before loading, load,
    /// say what will run, train, report and write.
    func train(cluster: Cluster?) throws {
        let start = MonotonicClock.nanoseconds()
        let writesFiles = cluster?.isRoot ?? true
        let saved = try checkBeforeLoading(writesFiles: writesFiles)
        warnIfThreadsOutnumberCores()
        let workload = try loadWorkload(cluster: cluster)
        Output.line(
            "data: \(workload.summary) (\(String(printf: "%.1f", MonotonicClock.seconds(since: start))) s to load)")
        if let cluster, let settings = distributed.settings {
            Output.line(
                "distributed: \(cluster.size) ranks × \(threads) threads, \(settings.method.rawValue), exchanging "
                    + (settings.every.map { "every \($0) updates a rank" } ?? "at an automatic interval")
                    + "; the data above is rank 0's part"
                    + (settings.method == .averaging && cluster.size > 1
                        ? "; step rule \(settings.stepRule.rawValue)" : ""))
        }
        var config = options.configuration(threads: threads, schedule: try schedule(for: workload, cluster: cluster))
        config.divergence.policy = divergence
        config.earlyStopping = options.earlyStopping(default: Self.usesUserDefaults(workload) ? EarlyStopping() : nil)
        Output.line(
            "model: \(workload.name); scheme \(scheme) (\(scheme.figureLabel)), optimizer \(optimizer.name), "
                + "\(config.threads) threads, \(config.epochs) epochs, step \(config.schedule)"
        )
        if let saved, let resume {
            Output.line("resuming from \(resume): \(saved.progress.epochsCompleted) of \(config.epochs) epochs done")
        }

        var checkpointFailure: ModelFileError?
        var control = RunControl(stop: Interruption.shared.stop, resume: saved, resumePath: resume ?? "") { event in
            switch event {
            case .checkpointWritten: break
            case .checkpointFailed(let error):
                checkpointFailure = error
                Output.line("warning: \(error); training goes on, the previous checkpoint (if any) is kept")
            case .backoff(let backoff):
                Output.line(
                    "diverged in epoch \(backoff.epoch): \(backoff.problem); restored the state before it and halved "
                        + "the step (now ×\(backoff.stepScale))"
                )
            }
        }
        control.checkpoint =
            writesFiles ? checkpointPath.map { RunControl.Checkpointing(path: $0, every: checkpointEvery) } : nil
        if let cluster, let settings = distributed.settings { control.exchange = cluster.makeExchange(settings) }
        let interruption = Interruption.shared
        interruption.install(rank: cluster.map { "rank \($0.rank)" })
        defer { interruption.uninstall() }

        let run = try runTraining(
            workload, configuration: config, control: control, cluster: cluster,
            writesFiles: writesFiles)
        report(run, configuration: config)
        if let out = options.out, writesFiles {
            try SingleRunResult(workload: workload.workloadDescription, machine: .current(), run: run).writeFiles(
                to: out)
            Output.line("wrote \(out)/results.json and \(out)/results.csv")
        }
        if let checkpointFailure { throw CheckpointFailed(error: checkpointFailure) }
        if case .backoff = divergence, !run.report.backoffs.isEmpty,
            run.report.finalObjective > run.report.initialObjective
        {
            throw EndedWorseThanStart(report: run.report)
        }
        if interruption.wasInterrupted {
            throw Interrupted(
                signal: interruption.signalName, status: interruption.exitStatus, epochs: run.report.epochs.count,
                checkpoint: checkpointPath)
        }
    }

    /// The step schedule: `--step` and `--decay`, else the optimizer's default on the
    /// workload; plain SGD on a user's LIBSVM file starts from a γ0 calibrated on a
    /// sample of its rows (``StepCalibration``; the smallest of the ranks' in a
    /// distributed run, so that all agree). The calibration depends on the data and the
    /// seed alone, so a resumed run finds the step its checkpoint was made with.
    func schedule(for workload: any Workload, cluster: Cluster?) throws -> StepSchedule {
        let fallback = workload.defaultSchedule(for: optimizer)
        guard options.step == nil, optimizer.name == SGD.name, Self.usesUserDefaults(workload),
            let linear = workload as? LinearWorkload
        else { return options.schedule(default: fallback) }
        let sampleRows = 2_000
        let start = MonotonicClock.nanoseconds()
        let calibration = try linear.calibrateStep(rows: sampleRows, seed: options.seed)
        var step = calibration.step
        if let cluster { step = Float(-(try cluster.maximum(-Double(step)))) }
        let rows = min(sampleRows, linear.data.rowCount)
        Output.line(
            "step: γ0 = \(Number.readable(Double(step))), calibrated in "
                + String(printf: "%.3f s", MonotonicClock.seconds(since: start))
                + ": one pass over \(Number.grouped(rows)) rows from each power of two, the best "
                + "\(calibration.bestOnSample) scaled by √(\(Number.grouped(rows))/\(Number.grouped(linear.data.rowCount))) "
                + "to an epoch (--step overrides)")
        return options.schedule(default: fallback.scaled(by: step / fallback.initial))
    }

    /// Whether `workload` gets the defaults for a user's data (a linear model on a LIBSVM
    /// file: a calibrated step, early stopping) rather than the paper's.
    static func usesUserDefaults(_ workload: any Workload) -> Bool {
        guard workload is LinearWorkload, case .libsvm = workload.spec.source else { return false }
        return true
    }

    /// Where checkpoints go: `--checkpoint`, else the file resumed from.
    var checkpointPath: String? { checkpoint ?? resume }

    /// Everything that can be found wrong before loading the data: the output paths are
    /// writable, a checkpoint to resume from reads. Returns that checkpoint.
    func checkBeforeLoading(writesFiles: Bool) throws -> TrainingCheckpoint? {
        if let out = options.out, writesFiles { try Output.prepare(directory: out) }
        if let saveModel { try Output.checkWritable(file: saveModel, flag: "--save-model") }
        if let checkpointPath, writesFiles {
            try Output.checkWritable(file: checkpointPath, flag: checkpoint != nil ? "--checkpoint" : "--resume")
        }
        guard let resume else { return nil }
        let saved = try TrainingCheckpoint.read(from: resume)
        // What the run's identity holds that is known before the data: the workload's
        // settings, the scheme, the optimizer and the configuration (the dimension and
        // the default schedule need the data; they are checked once it is loaded).
        let config = options.configuration(threads: threads, schedule: .constant(1))
        let known = RunControl.identity(
            of: workload.spec, dimension: 0, scheme: scheme, optimizer: optimizer, configuration: config)
        try RunControl.check(
            saved, against: known, only: Set(known.keys).subtracting(["dimension", "schedule"]), path: resume)
        return saved
    }

    /// Says so when workers will share cores (more threads than cores, or a launcher
    /// that bound the process to fewer).
    func warnIfThreadsOutnumberCores() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let allowed = min(cores, CPUAffinity.allowedCPUs() ?? cores)
        guard threads > allowed, !options.lockstep else { return }
        let bound =
            allowed < cores
            ? " this process may run on only \(allowed) of the machine's \(cores) cores (a launcher bound it: "
                + "Open MPI binds each rank of a small job to one core unless run with --bind-to none);"
            : ""
        Output.line(
            "warning: \(threads) threads on \(allowed) cores:\(bound) workers will share cores (waiting schemes "
                + "park instead of spinning, but expect each epoch to take longer)"
        )
    }

    /// The workload (this rank's part of it), starting from `--load-model` when given.
    func loadWorkload(cluster: Cluster?) throws -> any Workload {
        let workload = try WorkloadCatalog.make(self.workload.spec, group: cluster)
        guard let loadModel, var network = workload as? NetworkWorkload else { return workload }
        let saved = try NetworkFile.load(from: loadModel)
        // The model's tensors, by name and shape, or refused now rather than after training.
        _ = try saved.parameters(for: network.parameterTensors, path: loadModel)
        network.start = saved
        network.startPath = loadModel
        let state =
            saved.optimizer == optimizer.name
            ? "its \(saved.optimizer) state goes on"
            : "its \(saved.optimizer) state is dropped (this run uses \(optimizer.name))"
        Output.line(
            "starting from \(loadModel): \(saved.epochs) epochs trained; \(state); the step schedule starts again at "
                + "its first epoch (γ0) and the optimizer's step count at 0 (Adam's bias corrections start over), so "
                + "give a smaller --step to go on where it ended (--resume PATH continues a checkpointed run exactly)")
        return network
    }

    /// Trains; saves the network and prints a sample when asked. A diverged run writes
    /// the epochs before it to `--out` before it fails.
    func runTraining(
        _ workload: any Workload, configuration config: TrainingConfiguration, control: RunControl,
        cluster: Cluster?, writesFiles: Bool
    ) throws -> WorkloadRun {
        let progress = ProgressReporter(totalEpochs: config.epochs, label: scheme.kind.rawValue)
        do {
            guard let network = workload as? NetworkWorkload else {
                var local = try workload.run(
                    scheme: scheme, optimizer: optimizer, configuration: config, control: control
                ) { progress.report($0) }
                if let cluster {
                    local.metrics = try cluster.combine(metrics: local.metrics, weight: Double(workload.trainingTerms))
                }
                if let saveModel, writesFiles, let model = local.model {
                    try model.save(to: saveModel)
                    Output.line(
                        "wrote \(saveModel): the \(model.kindName); use it with hogwild predict --model \(saveModel)")
                }
                return local
            }
            let trained = try network.train(
                scheme: scheme, optimizer: optimizer, configuration: config, control: control
            ) { progress.report($0) }
            if let saveModel, writesFiles {
                try trained.saved.save(to: saveModel)
                Output.line(
                    "wrote \(saveModel) (\(trained.saved.parameters.count) parameters, "
                        + "\(trained.saved.state.count) optimizer state buffers, \(trained.saved.epochs) epochs)"
                )
            }
            if case .language(let model) = network.model, sampleLength > 0, !Interruption.shared.wasInterrupted {
                let text = try model.sample(
                    length: sampleLength, parameters: trained.saved.parameters, seed: config.seed)
                Output.line(
                    "sample (temperature 0.8, after the held-out text's first \(model.sequenceLength) "
                        + "characters):\n\(text)"
                )
            }
            return trained.run
        } catch TrainingError.diverged(let divergence, let partial) {
            // The epochs before it are worth keeping: they show how it went wrong.
            if let out = options.out, writesFiles {
                try SingleRunResult(
                    workload: workload.workloadDescription, machine: .current(),
                    run: WorkloadRun(scheme: scheme, optimizer: optimizer, report: partial, metrics: [:])
                ).writeFiles(to: out)
                Output.line("wrote the epochs before it to \(out)/results.json and \(out)/results.csv")
            }
            throw TrainingError.diverged(divergence, partial: partial)
        }
    }

    /// What a scheme chose, in words where it is hot replicas' choice: whether it
    /// replicated and why.
    static func describeChoice(_ chosen: [String: Int], threads: Int) -> String {
        let parameters = chosen.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        if let batch = chosen["batchTerms"], let hotKeys = chosen["hotKeys"] {
            let hot =
                hotKeys == 0
                ? "no hot keys"
                : "the \(Number.grouped(hotKeys)) most frequent keys hot (\(Number.grouped(chosen["hotCoordinates"] ?? 0)) "
                    + "coordinates, their steps applied at each batch's end)"
            return "conflict-free batches of \(Number.grouped(batch)) terms, \(hot)"
        }
        guard let hot = chosen["hotCoordinates"], let m = chosen["mergeInterval"] else { return parameters }
        let milliseconds = { (key: String) in String(printf: "%.1f ms", Double(chosen[key] ?? 0) / 1_000) }
        let why: String
        if chosen["measuredEpochsUnfinished"] != nil {
            why =
                "; the run ended before its four measured epochs, replicas and plain HOGWILD! alternating, were over, "
                + "so nothing was chosen"
        } else if chosen["plainEpochMicroseconds"] != nil {
            why =
                "; its fastest measured epoch took \(milliseconds("replicaEpochMicroseconds")) with replicas, "
                + "\(milliseconds("plainEpochMicroseconds")) plain"
        } else if hot == 0 {
            why =
                threads == 1 ? ": one worker has nothing to contend with" : ": no coordinate is hot enough to replicate"
        } else {
            why = ""
        }
        let scheme =
            hot == 0
            ? "plain HOGWILD!"
            : "hot replicas of the \(Number.grouped(hot)) most frequent coordinates, merged every \(m) updates"
        return "\(scheme) (\(parameters)\(why))"
    }

    /// The run's last line: what the scheme chose, the objective, the speed, the metrics.
    func report(_ run: WorkloadRun, configuration config: TrainingConfiguration) {
        let report = run.report
        if !report.schemeParameters.isEmpty {
            Output.line("scheme chose: " + Self.describeChoice(report.schemeParameters, threads: config.threads))
        }
        let metrics = run.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(printf: "%.4f", $0.value))" }
        if let rule = config.earlyStopping, report.stoppedEarly, !Interruption.shared.wasInterrupted {
            Output.line(
                "early stop: \(rule.patience) epochs in a row lowered the objective by less than "
                    + "\(rule.tolerance) × its start (--tolerance, --patience)"
                    + (report.keptEpoch.map { "; kept epoch \($0)'s parameters, the lowest objective" } ?? ""))
        }
        Output.line(
            (report.stoppedEarly ? "stopped after epoch \(report.epochs.count)/\(config.epochs)" : "done")
                + String(
                    printf: ": objective %.6f (from %.6f), %.3f s, ", report.finalObjective, report.initialObjective,
                    report.seconds)
                + ProgressReporter.rate(updates: report.updates, samples: report.samples, seconds: report.seconds)
                + "; "
                + metrics.joined(separator: ", "))
    }
}

/// A run stopped by SIGINT or SIGTERM: says how to go on, exits 128 + the signal.
struct Interrupted: ExitStatusError {
    let signal: String
    let status: Int32
    let epochs: Int
    let checkpoint: String?
    var exitStatus: Int32 { status }
    var description: String {
        guard let checkpoint else {
            return
                "stopped by \(signal) after \(epochs) epochs; no checkpoint was configured (--checkpoint PATH), so "
                + "the run cannot be resumed"
        }
        return
            "stopped by \(signal) after \(epochs) epochs; the checkpoint is \(checkpoint): resume with the same "
            + "command and --resume \(checkpoint)"
    }
}

/// A backoff run that ended above where it started: backing off kept it finite, not
/// useful. It is a failure (exit 1), with the best epoch to go back to.
struct EndedWorseThanStart: Error, CustomStringConvertible {
    let report: TrainingReport
    var description: String {
        let best = report.epochs.enumerated().compactMap { i, e in e.objective.map { (i + 1, $0) } }.min { $0.1 < $1.1 }
        let bestText =
            best.map {
                "; the best epoch was \($0.0) (objective \(Number.readable($0.1)))"
                    + ($0.1 < report.initialObjective ? "" : ", also above the start")
            } ?? ""
        return
            "the run ended at objective \(Number.readable(report.finalObjective)), above the \(Number.readable(report.initialObjective)) "
            + "it started from, after \(report.backoffs.count) backoffs\(bestText): the step is too large "
            + "(try a --step 10× smaller)"
    }
}

/// The run finished but its checkpoint could not be written.
struct CheckpointFailed: Error, CustomStringConvertible {
    let error: ModelFileError
    var description: String { "the run finished, but its checkpoint could not be written: \(error)" }
}
