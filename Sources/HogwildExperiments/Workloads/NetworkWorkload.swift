import HogwildAutograd
import HogwildCore
import HogwildData
import HogwildModels
import HogwildNetworks

/// A network of the model zoo on its data: an image classifier (softmax regression,
/// MLP, CNN, row-by-row recurrent classifier), the autoencoder scored as an anomaly
/// detector, or the character language model. Every step is dense: a minibatch's
/// gradient touches every parameter of the one shared vector.
///
/// After each epoch it measures its held-out metric into the epoch's report
/// (`test_accuracy` and `test_loss`, `test_auc`, or `test_bits_per_char`); that time is
/// not counted as training time.
///
/// ```swift
/// let images = WorkloadSpec.Source.images(directory: "/usr/share/datasets/fashion-mnist")
/// let workload = try WorkloadCatalog.make(WorkloadSpec(kind: .mlp, source: images))
/// let run = try workload.run(scheme: .hogwild, optimizer: OptimizerChoice(Adam()),
///                            configuration: workload.defaultConfiguration(threads: 2))
/// print(run.metrics["test_accuracy"]!)
/// ```
public struct NetworkWorkload: Workload {
    public enum Model: Sendable {
        case classifier(ImageClassifier, test: LabeledImages)
        /// Trained on `normalClass` only; the test set's other classes are the anomalies.
        case autoencoder(Autoencoder, test: LabeledImages, normalClass: Int32)
        case language(CharLanguageModel)
    }

    public let spec: WorkloadSpec
    public let summary: String
    public let model: Model
    public let defaultSchedule: StepSchedule
    /// A saved network to start from (its parameters and optimizer state) instead of fresh parameters.
    public var start: NetworkFile?
    /// Where ``start`` was read from (named in errors).
    public var startPath = ""

    public init(spec: WorkloadSpec, summary: String, model: Model, schedule: StepSchedule) {
        self.spec = spec
        self.summary = summary
        self.model = model
        defaultSchedule = schedule
    }

    /// The architecture, as saved files record and check it.
    public var architecture: String {
        switch model {
        case .classifier(let m, _): return "\(spec.kind.rawValue) \(m.network)"
        case .autoencoder(let m, _, _): return "autoencoder \(m.network)"
        case .language(let m): return m.description
        }
    }

    /// The model's tensors by name, as saved files hold them.
    public var parameterTensors: [NamedTensor] {
        switch model {
        case .classifier(let m, _): return m.parameterTensors
        case .autoencoder(let m, _, _): return m.parameterTensors
        case .language(let m): return m.parameterTensors
        }
    }

    public var parameterCount: Int {
        switch model {
        case .classifier(let m, _): return m.parameterCount
        case .autoencoder(let m, _, _): return m.parameterCount
        case .language(let m): return m.parameterCount
        }
    }

    var termCount: Int {
        switch model {
        case .classifier(let m, _): return m.termCount
        case .autoencoder(let m, _, _): return m.termCount
        case .language(let m): return m.termCount
        }
    }

    public func statistics() -> SparsityStatistics { .dense(terms: termCount, vertices: parameterCount) }

    public var memoryFootprint: Int {
        switch model {
        case .classifier(let m, let test):
            return 4 * (m.data.pixels.count + test.pixels.count + m.data.count + test.count)
        case .autoencoder(let m, let test, _): return 4 * (m.data.pixels.count + test.pixels.count)
        case .language(let m): return 4 * (m.corpus.train.count + m.corpus.heldOut.count)
        }
    }

    /// Held-out metrics at `parameters`.
    public func metrics(parameters: [Float]) throws -> [String: Double] {
        switch model {
        case .classifier(let m, let test):
            let (accuracy, loss) = try m.evaluate(on: test, parameters: parameters)
            return ["test_accuracy": accuracy, "test_error": 1 - accuracy, "test_loss": loss]
        case .autoencoder(let m, let test, let normal):
            let scores = try m.anomalyScores(test, parameters: parameters)
            return ["test_auc": rocAUC(scores: scores, positive: test.labels.map { $0 != normal })]
        case .language(let m):
            return ["test_bits_per_char": try m.heldOutBits(parameters: parameters)]
        }
    }

    public func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        control: RunControl, onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun {
        try train(
            scheme: scheme, optimizer: optimizer, configuration: configuration, control: control, onEpoch: onEpoch
        ).run
    }

    /// Trains (from ``start`` when set) and returns the run and the trained network with
    /// its optimizer state, ready to save.
    public func train(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        control: RunControl, onEpoch: (EpochReport) -> Void
    ) throws -> (run: WorkloadRun, saved: NetworkFile) {
        switch model {
        case .classifier(let m, _): return try train(m, scheme, optimizer, configuration, control, onEpoch)
        case .autoencoder(let m, _, _): return try train(m, scheme, optimizer, configuration, control, onEpoch)
        case .language(let m): return try train(m, scheme, optimizer, configuration, control, onEpoch)
        }
    }

    func train<M: DifferentiableModel>(
        _ model: M, _ scheme: SchemeChoice, _ optimizer: OptimizerChoice,
        _ configuration: TrainingConfiguration, _ control: RunControl,
        _ onEpoch: (EpochReport) -> Void
    ) throws -> (run: WorkloadRun, saved: NetworkFile) {
        let objective = try NetworkObjective(model)
        let x = try SharedParameters(count: model.parameterCount)
        let state = try OptimizerState(
            for: optimizer, layout: x.layout, workers: configuration.threads,
            placement: configuration.optimizerState.resolved(for: objective))
        var epochsBefore = 0
        if let start {
            let tensors = model.parameterTensors
            try x.copyIn(start.parameters(for: tensors, path: startPath))
            if start.optimizer == optimizer.name {
                for (index, name) in state.names.enumerated() {
                    guard let values = try start.state(name, for: tensors, path: startPath) else { continue }
                    for worker in 0..<state.owners { try state.buffers(of: worker)[index].copyIn(values) }
                }
            }
            epochsBefore = start.epochs
        } else {
            try x.copyIn(model.initialParameters(seed: spec.seed))
        }
        if control.resume != nil { epochsBefore = 0 }
        let report = try control.train(
            objective, spec: spec, scheme: scheme, optimizer: optimizer, configuration: configuration,
            parameters: x, state: state, measure: { try metrics(parameters: $0.copyOut()) },
            onEpoch: onEpoch)
        let parameters = x.copyOut()
        var final = try report.epochs.last?.metrics ?? metrics(parameters: parameters)
        final["train_loss"] = report.finalObjective
        if case .language(let m) = self.model {
            final["unigram_bits_per_char"] = m.corpus.unigramBits
            final["bigram_bits_per_char"] = m.corpus.bigramBits
        }
        let saved = NetworkFile(
            architecture: architecture, tensors: model.parameterTensors, parameters: parameters,
            optimizer: optimizer.name,
            state: zip(state.names, state.buffers(of: 0)).map { ($0, $1.copyOut()) },
            epochs: epochsBefore + report.epochs.count, recipe: spec.settings.recipe())
        return (
            WorkloadRun(scheme: scheme, optimizer: optimizer, report: report, metrics: final, model: .network(saved)),
            saved
        )
    }
}
