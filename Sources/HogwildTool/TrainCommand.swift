import Hogwild
import HogwildCommandLine

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
    Zipf feature frequencies), 2 threads, HOGWILD!, plain SGD, 20 epochs.

    what to train:
    \(WorkloadOptions.help)

    how to train:
      --threads N          worker threads (default 2)
      --scheme NAME        hogwild | hogwildAtomic | coordinateLocks (aig) | roundRobin (rr) |
                           globalLock | hotReplicas (default hogwild)
    \(SchemeOptions.help)
    \(OptimizerOptions.help)
    \(TrainingOptions.help())

    networks (--workload mlp | cnn | softmax | lstm | gru | rnn | autoencoder):
      --save-model PATH    write the trained network and its optimizer state (checksummed)
      --load-model PATH    start from a saved network of the same architecture (and its
                           optimizer state when the optimizer is the same)
      --sample N           character models: print N generated characters at the end (default 300)

    examples:
      hogwild train --threads 4 --scheme hogwild --out results/
      hogwild train --workload mlp --data /usr/share/datasets/fashion-mnist --optimizer adam --epochs 20
      hogwild train --workload lstm --data corpus.txt --optimizer adam --epochs 10 --sample 400
      hogwild train --workload mc --synthetic netflix --scale 0.05 --threads 8 --optimizer adagrad
      hogwild train --workload logistic --data rcv1_train.binary.gz --test-fraction 0.1
      hogwild train --workload cuts --edges graph.txt --terminals terminals.txt --scheme aig
    """

    var options: TrainingOptions
    var workload: WorkloadOptions
    var threads: Int
    var scheme: SchemeChoice
    var optimizer: OptimizerChoice
    var saveModel: String?
    var loadModel: String?
    var sampleLength: Int

    init(arguments args: inout Arguments) throws(UsageError) {
        saveModel = try args.optionalOption("--save-model", expected: "a file path", Parse.string)
        loadModel = try args.optionalOption("--load-model", expected: "a file path", Parse.string)
        sampleLength = try args.option("--sample", default: 300, expected: "a number of characters ≥ 0", Parse.nonNegativeInt)
        threads = try args.option("--threads", default: TrainingConfiguration.defaultThreads, expected: "a positive integer", Parse.positiveInt)
        scheme = try SchemeOptions.scheme(&args)
        optimizer = try OptimizerOptions.optimizer(&args)
        options = try TrainingOptions(arguments: &args)
        workload = try WorkloadOptions(arguments: &args)
        if !workload.spec.kind.isNetwork, saveModel != nil || loadModel != nil {
            throw .conflict("--save-model and --load-model are for the network workloads (mlp, cnn, softmax, lstm, gru, rnn, autoencoder)")
        }
    }

    func run() throws {
        let start = MonotonicClock.nanoseconds()
        if let saveModel { try Output.checkWritable(file: saveModel) }
        var workload = try WorkloadCatalog.make(self.workload.spec)
        if let loadModel, var network = workload as? NetworkWorkload {
            network.start = try NetworkFile.read(from: loadModel, architecture: network.architecture, parameterCount: network.parameterCount)
            Output.line("starting from \(loadModel): \(network.start!.epochs) epochs trained with \(network.start!.optimizer)")
            workload = network
        }
        Output.line("data: \(workload.summary) (\(String(printf: "%.1f", MonotonicClock.seconds(since: start))) s to load)")
        let config = options.configuration(threads: threads, schedule: options.schedule(default: workload.defaultSchedule(for: optimizer)))
        Output.line("model: \(workload.name); scheme \(scheme) (\(scheme.figureLabel)), optimizer \(optimizer.name), \(config.threads) threads, \(config.epochs) epochs, step \(config.schedule)")
        let progress = ProgressReporter(totalEpochs: config.epochs, label: scheme.kind.rawValue)
        let run: WorkloadRun
        if let network = workload as? NetworkWorkload {
            let trained = try network.train(scheme: scheme, optimizer: optimizer, configuration: config, stop: nil) { progress.report($0) }
            run = trained.run
            if let saveModel {
                try trained.saved.write(to: saveModel)
                Output.line("wrote \(saveModel) (\(trained.saved.parameters.count) parameters, \(trained.saved.state.count) optimizer state buffers, \(trained.saved.epochs) epochs)")
            }
            if case .language(let model) = network.model, sampleLength > 0 {
                let text = try model.sample(length: sampleLength, parameters: trained.saved.parameters, seed: config.seed)
                Output.line("sample (temperature 0.8, after the held-out text's first \(model.sequenceLength) characters):\n\(text)")
            }
        } else {
            run = try workload.run(scheme: scheme, optimizer: optimizer, configuration: config, stop: nil) { progress.report($0) }
        }
        let report = run.report
        if !report.schemeParameters.isEmpty {
            Output.line("scheme chose: " + report.schemeParameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let metrics = run.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(printf: "%.4f", $0.value))" }
        Output.line(String(printf: "done: objective %.6f (from %.6f), %.3f s, %.3f M updates/s; ",
                           report.finalObjective, report.initialObjective, report.seconds, report.updatesPerSecond / 1e6)
                    + metrics.joined(separator: ", "))
        if let out = options.out {
            try SingleRunResult(workload: workload.workloadDescription, machine: .current(), run: run).writeFiles(to: out)
            Output.line("wrote \(out)/results.json and \(out)/results.csv")
        }
    }
}
