import HogwildCore
import HogwildData
import HogwildPlatform

/// A trained linear model, out of the shared buffer: weights, an intercept and the loss
/// it was trained with. It predicts new sparse rows and saves to and loads from a
/// ``ModelFile``, as scikit-learn's `decision_function`/`predict` and a saved
/// `state_dict` would.
///
/// Weights are indexed like the columns of the data the model was trained on. A reader
/// or generator that renumbered features by frequency (as the command line does) gives
/// a ``Renumbering``; ``inOriginalNumbering(_:)`` maps the weights back to the file's
/// feature numbers before saving, so new rows read without renumbering predict right.
///
/// ```swift
/// let model = svm.model(parameters: x)
/// let score = model.decisionFunction(indices: [3, 17], values: [0.5, 1])
/// try model.save(to: "svm.model")
/// let same = try LinearModel.load(from: "svm.model")
/// ```
public struct LinearModel: Sendable, Equatable {
    /// The loss the model was trained with, which decides what ``predict(indices:values:)`` returns.
    public enum Loss: String, Sendable, Equatable, CaseIterable {
        case hinge, logistic, squared
    }

    public var loss: Loss
    /// One weight per feature.
    public var weights: [Float]
    /// b in xᵀa + b (0 for a model trained without an intercept).
    public var intercept: Float
    /// Where the feature numbers of the file it was trained on started (nil: unknown,
    /// e.g. generated data): a file of new rows is read the same way.
    public var indexBase: LibSVMReader.IndexBase?

    public init(loss: Loss, weights: [Float], intercept: Float = 0, indexBase: LibSVMReader.IndexBase? = nil) {
        self.loss = loss
        self.weights = weights
        self.intercept = intercept
        self.indexBase = indexBase
    }

    /// xᵀa + b for the sparse row (`indices[k]`, `values[k]`); features the model
    /// never saw (negative or beyond its weights) count as 0.
    public func decisionFunction(indices: [Int], values: [Float]) -> Float {
        precondition(indices.count == values.count, "a sparse row needs one value per index")
        var p: Float = 0
        for k in indices.indices where indices[k] >= 0 && indices[k] < weights.count {
            p += weights[indices[k]] * values[k]
        }
        return p + intercept
    }

    /// xᵀa + b for every row of `dataset`.
    public func decisionFunction(_ dataset: SparseDataset) -> [Float] {
        (0..<dataset.rowCount).map { r in
            let start = Int(dataset.rowOffsets[r]), end = Int(dataset.rowOffsets[r + 1])
            var p: Float = 0
            for k in start..<end {
                let j = Int(dataset.columns[k])
                if j < weights.count { p += weights[j] * dataset.values[k] }
            }
            return p + intercept
        }
    }

    /// The prediction: the label ±1 for the classifiers (hinge, logistic; +1 when the
    /// decision function is ≥ 0), the value itself for least squares.
    public func predict(indices: [Int], values: [Float]) -> Float {
        label(decisionFunction(indices: indices, values: values))
    }

    /// ``predict(indices:values:)`` for every row of `dataset`.
    public func predict(_ dataset: SparseDataset) -> [Float] { decisionFunction(dataset).map(label) }

    /// P(y = +1) = 1 / (1 + e^(−(xᵀa + b))), for a logistic model.
    public func probability(indices: [Int], values: [Float]) -> Float {
        precondition(loss == .logistic, "probabilities come from a logistic model, not a \(loss.rawValue) one")
        return 1 / (1 + expf(-decisionFunction(indices: indices, values: values)))
    }

    /// The prediction for decision value `decision`: ±1 (classifiers), itself (least squares).
    public func label(_ decision: Float) -> Float {
        loss == .squared ? decision : (decision >= 0 ? 1 : -1)
    }

    /// The same model with its weights moved from the renumbered columns back to the
    /// data file's own feature numbers.
    public func inOriginalNumbering(_ renumbering: Renumbering) -> LinearModel {
        var copy = self
        copy.weights = [Float](repeating: 0, count: renumbering.newIndex.count)
        for (old, new) in renumbering.newIndex.enumerated() where Int(new) < weights.count {
            copy.weights[old] = weights[Int(new)]
        }
        return copy
    }

    static let fileKind = "linear"

    /// Saves the model (atomically; see ``ModelFile``).
    public func save(to path: String) throws(ModelFileError) {
        var settings = ["loss": loss.rawValue]
        if let indexBase { settings["indexBase"] = indexBase.rawValue }
        try ModelFile(kind: Self.fileKind, settings: settings, arrays: ["weights": weights, "intercept": [intercept]])
            .write(to: path)
    }

    /// Loads a model saved by ``save(to:)``.
    public static func load(from path: String) throws(ModelFileError) -> LinearModel {
        let file = try ModelFile.read(from: path, kind: fileKind)
        let name = try file.setting("loss", path: path)
        guard let loss = Loss(rawValue: name) else {
            throw .invalidContent(path: path, reason: "unknown loss '\(name)'")
        }
        let base = try file.settings["indexBase"].map { text throws(ModelFileError) -> LibSVMReader.IndexBase in
            guard let base = LibSVMReader.IndexBase(rawValue: text), base != .automatic else {
                throw .invalidContent(path: path, reason: "unknown index base '\(text)'")
            }
            return base
        }
        return LinearModel(
            loss: loss, weights: try file.array("weights", path: path),
            intercept: try file.array("intercept", count: 1, path: path)[0], indexBase: base)
    }
}

extension SparseLinearObjective {
    /// The trained model in `parameters` (read once; the buffer may keep training).
    /// The loss must be one ``LinearModel`` knows (hinge, logistic, squared).
    public func model(parameters: SharedParameters) -> LinearModel {
        let values = parameters.copyOut()
        guard let loss = LinearModel.Loss(rawValue: Loss.name) else {
            preconditionFailure("a LinearModel holds hinge, logistic or squared models, not \(Loss.name)")
        }
        return LinearModel(
            loss: loss, weights: Array(values[0..<data.columnCount]),
            intercept: interceptCoordinate.map { values[$0] } ?? 0)
    }
}
