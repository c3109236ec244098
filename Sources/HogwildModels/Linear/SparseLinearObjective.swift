import HogwildCore
import HogwildData
import HogwildSupport

/// A linear model on sparse rows: f(x) = Σ_rows f_e(x) with
/// f_e = ℓ(xᵀa_e, y_e) + Σ_{u∈e} w_u·(λ₂/2·x_u² + λ₁·|x_u|).
///
/// With the paper's weighting, w_u = 1/d_u where d_u is the fraction of rows in which
/// feature u appears: the penalty is split over the terms so each step shrinks only
/// the coordinates it touches (a sparse step stays sparse), and summed over all rows
/// it is exactly n·(λ₂/2·‖x‖² + λ₁·‖x‖₁) — so the reported objective, the mean over
/// rows, is mean ℓ + λ₂/2·‖x‖² + λ₁·‖x‖₁. Its L2 gradient coordinate λ₂·x_u/d_u is the
/// update of the C++ peer (../shared/peers/cpp) and of the paper's code. With uniform
/// weighting (w_u = 1) every step applies the full strength to its coordinates, as
/// many sparse SGD codes do; frequent features are then penalised more.
///
/// The L1 part is a proximal step (``project(term:step:stepSize:context:)``): after the
/// optimizer's step, a touched coordinate is soft-thresholded by γ·λ₁·w_u, which can
/// set it exactly to 0 and, like the L2 part, never touches coordinates outside the
/// term. It follows any optimizer's step; γ is the schedule's step size.
///
/// The loss picks the model: ``SparseSVM`` (hinge), ``SparseLogisticRegression``,
/// ``SparseLeastSquares``. With `intercept: true` the prediction is xᵀa + b, b the last
/// coordinate (unpenalised, touched by every row); the paper's models have none.
/// ``model(parameters:)`` takes the trained weights out as a ``LinearModel`` that
/// predicts new rows and saves to a file.
///
/// ## Concurrency contract
/// Every method may be called from any number of workers at once: the value is
/// immutable; its raw pointers point into `data` and the per-feature weights, which it
/// keeps alive.
///
/// ```swift
/// let data = try RCV1Generator(rows: 20_000).generate()
/// let svm = try SparseSVM(data: data, lambda: 1e-4)
/// let x = try SharedParameters(count: svm.dimension)
/// let report = try Trainer(objective: svm, scheme: RelaxedHogwild(), configuration: .init(threads: 2)).run(on: x)
/// let error = svm.errorRate(on: data, parameters: x)
/// ```
public struct SparseLinearObjective<Loss: MarginLoss>: Objective, @unchecked Sendable {
    /// The training rows.
    public let data: SparseDataset
    /// The penalty.
    public let regularization: LinearRegularization
    /// λ₂, the L2 strength.
    public var lambda: Float { regularization.l2 }
    /// λ₂·w_u and λ₁·w_u for every feature u (0 for features no row uses).
    let weights: OwnedBuffer<Float>

    @usableFromInline let offsets: UnsafePointer<UInt32>
    @usableFromInline let columns: UnsafePointer<Int32>
    @usableFromInline let values: UnsafePointer<Float>
    @usableFromInline let labels: UnsafePointer<Float>
    @usableFromInline let shrink: UnsafePointer<Float>
    @usableFromInline let threshold: UnsafePointer<Float>
    @usableFromInline let hasL1: Bool
    /// The intercept's coordinate (the last one), or nil without one.
    @usableFromInline let interceptCoordinate: Int?
    let maximumRowLength: Int

    /// A model over `data`'s features with the paper's degree-weighted L2 of strength
    /// `lambda` (≥ 0, finite).
    public init(data: SparseDataset, lambda: Float = 1e-4) throws(ModelError) {
        try self.init(data: data, regularization: LinearRegularization(l2: lambda))
    }

    /// A model over `data`'s features with the given penalty. Throws if a strength is
    /// invalid, or if the loss needs ±1 labels and a row has another.
    ///
    /// `wholeData`: when `data` is one part of a distributed job's data, the whole
    /// data's row count and rows per feature, so that the degree weighting is the
    /// whole objective's (each part's terms then sum, over all parts, to exactly the
    /// one-process objective).
    public init(
        data: SparseDataset, regularization: LinearRegularization, intercept: Bool = false,
        wholeData: (rows: Int, degrees: [Int])? = nil
    ) throws(ModelError) {
        try regularization.validate()
        if Loss.needsBinaryLabels {
            for r in 0..<data.rowCount where data.labels[r] != 1 && data.labels[r] != -1 {
                throw .incompatibleData(DatasetError.labelNotBinary(row: r, value: data.labels[r]).description)
            }
        }
        self.data = data
        self.regularization = regularization
        let d = data.columnCount
        var degree = [Int](repeating: 0, count: d)
        for k in 0..<data.nonZeroCount { degree[Int(data.columns[k])] += 1 }
        var rows = Float(data.rowCount)
        if let wholeData {
            guard wholeData.degrees.count == d else {
                throw .incompatibleData(
                    "the whole data's degrees cover \(wholeData.degrees.count) features, this part \(d)")
            }
            degree = wholeData.degrees
            rows = Float(wholeData.rows)
        }
        var table = [Float](repeating: 0, count: 2 * max(d, 1))
        for u in 0..<d where degree[u] > 0 {
            let w: Float = regularization.weighting == .degree ? rows / Float(degree[u]) : 1
            table[u] = regularization.l2 * w
            table[d + u] = regularization.l1 * w
        }
        weights = OwnedBuffer(table)
        offsets = data.rowOffsets
        columns = data.columns
        values = data.values
        labels = data.labels
        shrink = UnsafePointer(weights.base)
        threshold = UnsafePointer(weights.base + d)
        hasL1 = regularization.l1 > 0
        interceptCoordinate = intercept ? d : nil
        var longest = 0
        for r in 0..<data.rowCount { longest = max(longest, Int(offsets[r + 1] - offsets[r])) }
        maximumRowLength = longest
    }

    public var termCount: Int { data.rowCount }
    public var dimension: Int { data.columnCount + (interceptCoordinate == nil ? 0 : 1) }

    /// Rows per feature (and every row for the intercept).
    public func coordinateDegrees() -> [Int]? {
        var degree = [Int](repeating: 0, count: dimension)
        for k in 0..<data.nonZeroCount { degree[Int(columns[k])] += 1 }
        if let b = interceptCoordinate { degree[b] = data.rowCount }
        return degree
    }

    /// A key per coordinate: each feature, and the intercept.
    public var conflictKeyCount: Int { dimension }

    @inlinable
    public func forEachConflictKey(of term: Int, _ body: (Int) -> Void) {
        for k in Int(offsets[term])..<Int(offsets[term + 1]) { body(Int(columns[k])) }
        if let b = interceptCoordinate { body(b) }
    }

    public func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void) { body(key..<(key + 1)) }

    /// The most non-zeros in a row (plus the intercept): the gradient's size.
    public var gradientCapacityHint: Int { maximumRowLength + (interceptCoordinate == nil ? 0 : 1) }

    /// G_e: ℓ'(xᵀa_e, y_e)·a_u + λ₂·w_u·x_u for each feature u of the row (the ridge part
    /// named by its coefficient, evaluated by the step at the x_u it starts from).
    @inlinable @inline(__always)
    public func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at x: R, into gradient: inout G,
        context: inout WorkerContext<Void>
    ) {
        let start = Int(offsets[term]), end = Int(offsets[term + 1])
        var prediction: Float = 0
        for k in start..<end { prediction += x.load(Int(columns[k])) * values[k] }
        if let b = interceptCoordinate { prediction += x.load(b) }
        let derivative = Loss.derivative(prediction: prediction, label: labels[term])
        for k in start..<end {
            let j = Int(columns[k])
            gradient.add(j, derivative * values[k], decay: shrink[j])
        }
        if let b = interceptCoordinate { gradient.add(b, derivative) }
    }

    /// Two terms ahead the row's offsets; one term ahead its first features and values.
    @inlinable @inline(__always)
    public func prefetch(term: Int, distance: Int, parameters: UnsafeParameterMemory) {
        if distance == 2 {
            Prefetch.load(offsets + term)
        } else if distance == 1 {
            let start = Int(offsets[term])
            Prefetch.load(columns + start)
            Prefetch.load(values + start)
            Prefetch.load(labels + term)
        }
    }

    /// Whether there is an L1 part to apply after each step.
    public var projectsSteps: Bool { hasL1 }

    /// The L1 proximal step: each proposed x_u soft-thresholded by γ·λ₁·w_u.
    @inlinable
    public func project(term: Int, step: inout ProposedStep, stepSize: Float, context: inout WorkerContext<Void>) {
        for i in 0..<step.count where step.coordinate(i) != interceptCoordinate {
            let moved = step.proposal(i)
            let cut = stepSize * threshold[step.coordinate(i)]
            step.setProposal(i, moved > cut ? moved - cut : (moved < -cut ? moved + cut : 0))
        }
    }

    public func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        let start = Int(offsets[term]), end = Int(offsets[term + 1])
        var prediction: Float = 0
        var penalty: Double = 0
        for k in start..<end {
            let j = Int(columns[k])
            let xj = x.load(j)
            prediction += xj * values[k]
            penalty += 0.5 * Double(shrink[j]) * Double(xj) * Double(xj) + Double(threshold[j]) * Double(abs(xj))
        }
        if let b = interceptCoordinate { prediction += x.load(b) }
        return Double(Loss.loss(prediction: prediction, label: labels[term])) + penalty
    }

    /// The prediction xᵀa (+ b) for row `row` of `dataset`; features beyond the
    /// model's count as 0.
    public func prediction(row: Int, of dataset: SparseDataset, parameters x: UnsafeParameterMemory) -> Float {
        let start = Int(dataset.rowOffsets[row]), end = Int(dataset.rowOffsets[row + 1])
        var p: Float = 0
        for k in start..<end {
            let j = Int(dataset.columns[k])
            if j < data.columnCount { p += x.load(j) * dataset.values[k] }
        }
        if let b = interceptCoordinate { p += x.load(b) }
        return p
    }
}

/// The paper's sparse SVM: hinge loss plus the degree-weighted L2 of ``SparseLinearObjective``.
public typealias SparseSVM = SparseLinearObjective<HingeLoss>
/// Logistic regression on sparse rows (labels ±1).
public typealias SparseLogisticRegression = SparseLinearObjective<LogisticLoss>
/// Least squares on sparse rows (any finite labels).
public typealias SparseLeastSquares = SparseLinearObjective<SquaredLoss>

extension SparseLinearObjective {
    /// The same model (loss, penalty, intercept) over other rows, e.g. a sample of these
    /// to calibrate the step on; degree weights are the new rows' own.
    public func onRows(_ rows: SparseDataset) throws(ModelError) -> SparseLinearObjective {
        try SparseLinearObjective(data: rows, regularization: regularization, intercept: interceptCoordinate != nil)
    }
}
