import Hogwild
import HogwildCommandLine
import HogwildPlatform
import HogwildSupport

/// `hogwild predict`: a saved model's predictions on data, one per line or as CSV.
struct PredictCommand: Command {
    static let name = "predict"
    static let summary = "a saved model's predictions on a data file (one per line, or CSV), and its metrics"
    static let help = """
        usage: hogwild predict --model FILE [--data FILE|DIR] [--out FILE] [--format lines|csv]

        Reads a model that 'hogwild train --save-model' wrote and writes its predictions for
        every row of the data, in the data's order; the metrics (the data carry labels or
        ratings) go to standard error, so that standard output holds the predictions alone.

          --model FILE         the saved model: linear, factor, cut or network
          --data FILE|DIR      linear models: a LIBSVM file (1- or 0-based indices, .gz ok;
                               features the model never saw count as 0); factor models: a ratings
                               file 'user item rating' (users and items by the training file's
                               ids); networks: the IDX directory (its test images are predicted)
                               or, for character models, nothing (see --sample); cuts: nothing
                               (the prediction is every node's label)
          --index-base B       auto (default) | 0 | 1: where a LIBSVM file's feature numbers start
          --out FILE           write the predictions to FILE (default: standard output)
          --format F           lines (default: one prediction per line: a label ±1 or a value, a
                               rating, a class, an anomaly score, a node's label) | csv (a header,
                               then each row's number or ids, its label when known, the prediction
                               and for linear models the decision value xᵀw + b)
          --sample N           character models: N generated characters (default 300)
          --seed S             seed of --sample (default 1)

        examples:
          hogwild train --data train.libsvm --save-model svm.model
          hogwild predict --model svm.model --data test.libsvm > predictions.txt
          hogwild predict --model mc.model --data ratings-test.txt --format csv --out predictions.csv
          hogwild predict --model mlp.safetensors --data /usr/share/datasets/fashion-mnist --format csv
        """

    var input: ModelInput
    var out: String?
    var csv: Bool

    init(arguments args: inout Arguments) throws(UsageError) {
        input = try ModelInput(arguments: &args)
        out = try args.optionalOption("--out", expected: "a file path", Parse.string)
        csv = try args.option("--format", default: false, expected: "lines | csv") {
            $0 == "csv" ? true : $0 == "lines" ? false : nil
        }
        if let out { try Output.checkWritable(file: out, flag: "--out") }
    }

    func run() throws {
        let predictions = try input.predictions()
        let text = csv ? predictions.csv() : predictions.lines()
        if let out {
            try ResultFiles.writeText(text, to: out)
            Output.line("wrote \(predictions.count) predictions to \(out)")
        } else {
            print(text, terminator: "")
        }
        if !predictions.metrics.isEmpty { printError(predictions.metricsLine) }
    }
}

/// `hogwild evaluate`: a saved model's metrics on data.
struct EvaluateCommand: Command {
    static let name = "evaluate"
    static let summary = "a saved model's metrics on a data file: error, RMSE, accuracy, AUC, bits per character"
    static let help = """
        usage: hogwild evaluate --model FILE --data FILE|DIR

        Reads a model that 'hogwild train --save-model' wrote and prints its metrics on the
        data: a linear classifier's error rate (and least squares' RMSE), a factor model's
        RMSE, a network's held-out metrics (accuracy and loss, AUC, bits per character), a
        cut's value on the graph.

          --model FILE         the saved model
          --data FILE|DIR      as for 'hogwild predict' (a LIBSVM file, a ratings file, an IDX
                               directory or a text file)
          --edges FILE --terminals FILE
                               cuts: the graph to measure the labelling's cut on

        example:
          hogwild evaluate --model svm.model --data test.libsvm
        """

    var input: ModelInput

    init(arguments args: inout Arguments) throws(UsageError) {
        input = try ModelInput(arguments: &args)
    }

    func run() throws {
        let predictions = try input.predictions()
        guard !predictions.metrics.isEmpty else {
            throw UsageError.missingArgument(
                name: "--edges and --terminals", expected: "the graph to measure the cut's labelling on")
        }
        Output.line(predictions.metricsLine)
    }
}

/// The model and data both commands read, and the predictions they make.
struct ModelInput {
    var model: String
    var data: String?
    var edges: String?
    var terminals: String?
    var sampleLength: Int
    var seed: UInt64
    var indexBase: LibSVMReader.IndexBase?

    init(arguments args: inout Arguments) throws(UsageError) {
        guard let model = try args.optionalOption("--model", expected: "a saved model file", Parse.string) else {
            throw .missingArgument(name: "--model", expected: "the file 'hogwild train --save-model FILE' wrote")
        }
        self.model = model
        data = try args.optionalOption("--data", expected: "a data file or directory", Parse.string)
        edges = try args.optionalOption("--edges", expected: "an edge-list file", Parse.string)
        terminals = try args.optionalOption("--terminals", expected: "a terminals file", Parse.string)
        if (edges == nil) != (terminals == nil) { throw .conflict("--edges and --terminals go together") }
        sampleLength = try args.option(
            "--sample", default: 300, expected: "a number of characters ≥ 1", Parse.positiveInt)
        seed = try args.option("--seed", default: 1, expected: "a non-negative integer", Parse.uint64)
        indexBase = try WorkloadOptions.indexBase(&args)
    }

    /// The data path, which `what` needs.
    func requireData(_ what: String) throws(UsageError) -> String {
        guard let data else { throw .missingArgument(name: "--data", expected: what) }
        return data
    }

    func predictions() throws -> Predictions {
        switch try TrainedModel.load(from: model) {
        case .linear(let linear):
            return try Self.predict(
                linear, on: requireData("a LIBSVM file"), indexBase: indexBase ?? linear.indexBase ?? .automatic)
        case .factors(let factors):
            return try Self.predict(factors, on: requireData("a ratings file"), modelPath: model)
        case .cut(let labelling):
            guard let edges, let terminals else {
                return Predictions(header: ["node", "label"], rows: labelling.nodeRows(), metrics: [])
            }
            return try Self.evaluate(labelling, edges: edges, terminals: terminals)
        case .network(let file): return try predict(file)
        }
    }

    static func predict(
        _ model: LinearModel, on path: String, indexBase: LibSVMReader.IndexBase
    ) throws -> Predictions {
        var options = LibSVMReader.Options()
        options.indexBase = indexBase
        options.labels = model.loss == .squared ? .real : .binary
        let data = try LibSVMReader.read(path, options: options).dataset
        let scores = model.decisionFunction(data)
        var rows: [[String]] = []
        rows.reserveCapacity(data.rowCount)
        var wrong = 0
        var squares = 0.0
        for r in 0..<data.rowCount {
            let label = data.labels[r], prediction = model.label(scores[r])
            if prediction != label { wrong += 1 }
            squares += Double(scores[r] - label) * Double(scores[r] - label)
            rows.append([
                "\(r + 1)", Predictions.text(label), Predictions.text(prediction), Predictions.text(scores[r]),
            ])
        }
        let n = Double(data.rowCount)
        let metrics: [(String, String)] =
            model.loss == .squared
            ? [("rmse", Number.compact((squares / n).squareRoot())), ("rows", Number.grouped(data.rowCount))]
            : [
                ("error", Number.compact(Double(wrong) / n)),
                ("wrong", "\(Number.grouped(wrong)) of \(Number.grouped(data.rowCount)) rows"),
            ]
        return Predictions(header: ["row", "label", "prediction", "decision"], rows: rows, metrics: metrics)
    }

    static func predict(_ model: FactorModel, on path: String, modelPath: String) throws -> Predictions {
        guard model.userIDs != nil, model.itemIDs != nil else { throw PredictionError.noIDs(path: modelPath) }
        let ratings = try RatingsReader.read(path).dataset
        let predicted = model.predictByID(ratings)
        var squares = 0.0
        var rows: [[String]] = []
        rows.reserveCapacity(ratings.count)
        for i in 0..<ratings.count {
            let entry = ratings.entries[i]
            let user = ratings.userIDs?[Int(entry.user)] ?? "\(entry.user)"
            let item = ratings.itemIDs?[Int(entry.item)] ?? "\(entry.item)"
            squares += Double(predicted[i] - entry.value) * Double(predicted[i] - entry.value)
            rows.append([user, item, Predictions.text(entry.value), Predictions.text(predicted[i])])
        }
        return Predictions(
            header: ["user", "item", "rating", "prediction"], rows: rows,
            metrics: [
                ("rmse", Number.compact((squares / Double(max(1, ratings.count))).squareRoot())),
                ("ratings", Number.grouped(ratings.count)),
            ])
    }

    static func evaluate(_ labelling: CutLabelling, edges: String, terminals: String) throws -> Predictions {
        let graph = try EdgeListReader.read(edges: edges, terminals: terminals)
        guard graph.nodeCount == labelling.labels.count else {
            throw PredictionError.graphMismatch(
                edges: edges, nodes: graph.nodeCount, modelNodes: labelling.labels.count)
        }
        return Predictions(
            header: ["node", "label"], rows: labelling.nodeRows(),
            metrics: [("cut", Number.compact(graph.cutValue(labels: labelling.labels)))])
    }

    func predict(_ file: NetworkFile) throws -> Predictions {
        guard let recipe = file.recipe, let settings = WorkloadSpec.Settings.fromRecipe(recipe) else {
            throw PredictionError.noRecipe(path: model)
        }
        let kind = settings.kind
        let isLanguage = [.lstm, .gru, .rnn].contains(kind)
        let source: WorkloadSpec.Source
        if let data {
            // The same reading of a network's --data as `hogwild train` makes.
            source = try WorkloadOptions.source(
                kind: kind, synthetic: nil, scale: nil, data: data, test: nil, edges: nil, terminals: nil)
        } else if isLanguage {
            source = .synthetic(.text, scale: nil)
        } else {
            throw UsageError.missingArgument(
                name: "--data", expected: "the IDX directory of the images to classify (its test set is predicted)")
        }
        let workload = try WorkloadCatalog.make(WorkloadSpec(settings: settings, source: source))
        guard let network = workload as? NetworkWorkload else { throw PredictionError.noRecipe(path: model) }
        let parameters = try file.parameters(for: network.parameterTensors, path: model)
        let metrics = try network.metrics(parameters: parameters).sorted { $0.key < $1.key }.map {
            ($0.key, Number.compact($0.value))
        }
        switch network.model {
        case .classifier(let classifier, let test):
            let predicted = try classifier.predict(test, parameters: parameters)
            let rows = predicted.indices.map { ["\($0 + 1)", "\(test.labels[$0])", "\(predicted[$0])"] }
            return Predictions(header: ["image", "label", "prediction"], rows: rows, metrics: metrics)
        case .autoencoder(let autoencoder, let test, _):
            let scores = try autoencoder.anomalyScores(test, parameters: parameters)
            let rows = scores.indices.map { ["\($0 + 1)", "\(test.labels[$0])", Predictions.text(scores[$0])] }
            return Predictions(header: ["image", "label", "anomaly_score"], rows: rows, metrics: metrics)
        case .language(let language):
            let text = try language.sample(length: sampleLength, parameters: parameters, seed: seed)
            return Predictions(header: ["text"], rows: [[text]], metrics: metrics, plain: text + "\n")
        }
    }
}

/// Predictions as rows of text, with the metrics of the data they were made on. Values
/// are written as Swift writes a Float: the shortest text that reads back to the same
/// number, so a prediction file holds exactly what the library computed.
struct Predictions {
    var header: [String]
    var rows: [[String]]
    var metrics: [(String, String)]
    /// The text of `lines()` when it is not each row's prediction (a character sample).
    var plain: String?

    var count: Int { rows.count }

    /// `value` exactly: an integer as one (a label: "-1"), anything else as the
    /// shortest text that reads back to the same Float.
    static func text(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? "\(Int(value))" : "\(value)"
    }

    /// One prediction a line: each row's prediction column (the third, or the last).
    func lines() -> String {
        if let plain { return plain }
        let column = header.firstIndex { $0 == "prediction" || $0 == "anomaly_score" } ?? header.count - 1
        var out = ""
        out.reserveCapacity(rows.count * 8)
        for row in rows {
            out += row[column]
            out += "\n"
        }
        return out
    }

    func csv() -> String {
        var table = CSVTable(header: header)
        table.rows = rows
        return table.text
    }

    var metricsLine: String { metrics.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
}

extension CutLabelling {
    /// (node id or number, label) per node.
    func nodeRows() -> [[String]] {
        labels.indices.map { [nodeIDs?[$0] ?? "\($0)", "\(labels[$0])"] }
    }
}

/// Why a saved model cannot predict.
enum PredictionError: Error, CustomStringConvertible {
    case noRecipe(path: String)
    case graphMismatch(edges: String, nodes: Int, modelNodes: Int)
    case noIDs(path: String)

    var description: String {
        switch self {
        case .noRecipe(let path):
            return
                "\(path): the network was saved without its workload settings (by a build before 'hogwild predict'); "
                + "train and save it again"
        case .noIDs(let path):
            return
                "\(path): the factor model knows its users and items by number only (it was trained on generated "
                + "data), so the ids of a ratings file cannot be matched to them"
        case .graphMismatch(let edges, let nodes, let modelNodes):
            return "\(edges): the graph has \(nodes) nodes, the labelling \(modelNodes): not the graph it was cut on"
        }
    }
}
