import HogwildCore
import HogwildData
import HogwildModels
import HogwildSupport

/// A linear model (SVM, logistic regression or least squares) on sparse rows, with an
/// optional held-out test set.
///
/// The objective is an enum of the concrete ones rather than a generic parameter on
/// purpose: the harness holds workloads as `any Workload`, and a generic workload
/// reached through an existential would train with unspecialized code (a witness-table
/// call per term for the loss). Switching on the enum calls the trainer with a
/// concrete type, which the compiler specializes.
public struct LinearWorkload: Workload {
    public enum Objective: Sendable {
        case svm(SparseSVM)
        case logistic(SparseLogisticRegression)
        case leastSquares(SparseLeastSquares)
    }

    public let spec: WorkloadSpec
    public let summary: String
    public let objective: Objective
    public let test: SparseDataset?
    public let defaultSchedule: StepSchedule
    /// How the reader renumbered the file's features (the trained model is saved in
    /// the file's own numbering); nil when the columns are the data's own.
    public var renumbering: Renumbering?
    /// Where the file's feature numbers started (the trained model records it); nil
    /// for generated data.
    public var indexBase: LibSVMReader.IndexBase?

    public init(
        spec: WorkloadSpec, summary: String, objective: Objective, test: SparseDataset?, schedule: StepSchedule,
        renumbering: Renumbering? = nil
    ) throws {
        self.spec = spec
        self.renumbering = renumbering
        self.summary = summary
        self.objective = objective
        self.test = test
        defaultSchedule = schedule
        if let test, test.columnCount > data.columnCount {
            throw ModelError.incompatibleData(
                "the test set has \(test.columnCount) features, training only \(data.columnCount)")
        }
    }

    /// The training rows.
    public var data: SparseDataset {
        switch objective {
        case .svm(let m): return m.data
        case .logistic(let m): return m.data
        case .leastSquares(let m): return m.data
        }
    }

    public func statistics() -> SparsityStatistics { SparsityStatistics(of: data) }
    public var memoryFootprint: Int { data.memoryFootprint }
    public var trainingTerms: Int { data.rowCount }

    /// The calibration of γ0 (``StepCalibration``) on `rows` training rows drawn at
    /// random with `seed` (all of them when there are fewer), with this model's loss,
    /// penalty and intercept, scaled to an epoch over all the rows.
    public func calibrateStep(rows: Int = 2_000, seed: UInt64 = 1) throws -> StepCalibration.Result {
        var random = SplitMix64(seed: seed)
        var order = Array(0..<data.rowCount)
        let count = min(rows, order.count)
        for i in 0..<count { order.swapAt(i, i + Int(random.next() % UInt64(order.count - i))) }
        let sample = try data.subset(order[0..<count].sorted())
        let terms = data.rowCount
        switch objective {
        case .svm(let m): return try StepCalibration.calibrate(try m.onRows(sample), epochTerms: terms, seed: seed)
        case .logistic(let m):
            return try StepCalibration.calibrate(try m.onRows(sample), epochTerms: terms, seed: seed)
        case .leastSquares(let m):
            return try StepCalibration.calibrate(try m.onRows(sample), epochTerms: terms, seed: seed)
        }
    }

    public func run(
        scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
        control: RunControl, onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun {
        switch objective {
        case .svm(let m): return try train(m, scheme, optimizer, configuration, control, onEpoch)
        case .logistic(let m): return try train(m, scheme, optimizer, configuration, control, onEpoch)
        case .leastSquares(let m): return try train(m, scheme, optimizer, configuration, control, onEpoch)
        }
    }

    func train<L: MarginLoss>(
        _ model: SparseLinearObjective<L>, _ scheme: SchemeChoice, _ optimizer: OptimizerChoice,
        _ configuration: TrainingConfiguration, _ control: RunControl,
        _ onEpoch: (EpochReport) -> Void
    ) throws -> WorkloadRun {
        let x = try SharedParameters(count: model.dimension)
        let report = try control.train(
            model, spec: spec, scheme: scheme, optimizer: optimizer,
            configuration: configuration, parameters: x, onEpoch: onEpoch)
        var metrics = ["train_loss": model.meanLoss(on: model.data, parameters: x)]
        if L.needsBinaryLabels {
            metrics["train_error"] = model.errorRate(on: model.data, parameters: x)
        } else {
            metrics["train_rmse"] = model.rootMeanSquaredError(on: model.data, parameters: x)
        }
        if let test {
            metrics["test_loss"] = model.meanLoss(on: test, parameters: x)
            if L.needsBinaryLabels {
                metrics["test_error"] = model.errorRate(on: test, parameters: x)
            } else {
                metrics["test_rmse"] = model.rootMeanSquaredError(on: test, parameters: x)
            }
        }
        var model = model.model(parameters: x)
        if let renumbering { model = model.inOriginalNumbering(renumbering) }
        model.indexBase = indexBase
        return WorkloadRun(
            scheme: scheme, optimizer: optimizer, report: report, metrics: metrics, model: .linear(model))
    }
}
