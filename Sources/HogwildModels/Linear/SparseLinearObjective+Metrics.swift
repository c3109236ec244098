import HogwildCore
import HogwildData

extension SparseLinearObjective {
    /// The share of rows of `dataset` whose predicted sign differs from the label
    /// (classification error; a prediction of exactly 0 counts as wrong). Features
    /// beyond the model's dimension count as 0.
    public func errorRate(on dataset: SparseDataset, parameters: SharedParameters) -> Double {
        guard dataset.rowCount > 0 else { return 0 }
        let x = parameters.memory
        let wrong = ParallelSum.sum(count: dataset.rowCount) { r in
            let p = prediction(row: r, of: dataset, parameters: x)
            return p * dataset.labels[r] > 0 ? 0 : 1
        }
        return withExtendedLifetime(parameters) { wrong / Double(dataset.rowCount) }
    }

    /// The mean loss ℓ over the rows of `dataset`, without the regularizer (the
    /// number to compare between training and test sets).
    public func meanLoss(on dataset: SparseDataset, parameters: SharedParameters) -> Double {
        guard dataset.rowCount > 0 else { return 0 }
        let x = parameters.memory
        let total = ParallelSum.sum(count: dataset.rowCount) { r in
            Double(Loss.loss(prediction: prediction(row: r, of: dataset, parameters: x), label: dataset.labels[r]))
        }
        return withExtendedLifetime(parameters) { total / Double(dataset.rowCount) }
    }

    /// Root mean squared error of the predictions on `dataset` (for least squares).
    public func rootMeanSquaredError(on dataset: SparseDataset, parameters: SharedParameters) -> Double {
        guard dataset.rowCount > 0 else { return 0 }
        let x = parameters.memory
        let total = ParallelSum.sum(count: dataset.rowCount) { r in
            let e = Double(prediction(row: r, of: dataset, parameters: x) - dataset.labels[r])
            return e * e
        }
        return withExtendedLifetime(parameters) { (total / Double(dataset.rowCount)).squareRoot() }
    }
}
