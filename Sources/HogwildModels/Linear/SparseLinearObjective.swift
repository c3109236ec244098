import HogwildCore
import HogwildData

/// A linear model on sparse rows: f(x) = Σ_rows ℓ(xᵀa_e, y_e) + (λ/2) Σ_{u∈e} x_u²/d_u,
/// with d_u the fraction of rows in which feature u appears.
///
/// That regularizer is the paper's for the RCV1 SVM: it splits (λ/2)‖x‖² over the
/// terms so each step shrinks only the coordinates it touches (a sparse step stays
/// sparse), and summed over all rows it is exactly n·(λ/2)‖x‖² — so the reported
/// objective, the mean over rows, is mean ℓ + (λ/2)‖x‖². Its gradient coordinate is
/// λ·x_u/d_u, the update of the C++ peer (../shared/peers/cpp) and of the paper's code.
///
/// The loss picks the model: ``SparseSVM`` (hinge), ``SparseLogisticRegression``,
/// ``SparseLeastSquares``.
///
/// ```swift
/// let data = try RCV1Shape(rows: 20_000).generate()
/// let svm = try SparseSVM(data: data, lambda: 1e-4)
/// let x = try SharedParameters(count: svm.dimension)
/// let report = try Trainer(objective: svm, scheme: Hogwild(), configuration: .init(threads: 2)).run(on: x)
/// let error = svm.errorRate(on: data, parameters: x)
/// ```
public struct SparseLinearObjective<Loss: MarginLoss>: Objective, @unchecked Sendable {
    /// The prediction's derivative ∂ℓ/∂p at the term's current x.
    public typealias TermState = Float

    /// The training rows.
    public let data: SparseDataset
    /// λ, the L2 strength.
    public let lambda: Float
    /// λ/d_u for every feature u (0 for features no row uses).
    let regularization: OwnedBuffer<Float>

    @usableFromInline let offsets: UnsafePointer<UInt32>
    @usableFromInline let columns: UnsafePointer<Int32>
    @usableFromInline let values: UnsafePointer<Float>
    @usableFromInline let labels: UnsafePointer<Float>
    @usableFromInline let shrink: UnsafePointer<Float>

    /// A model over `data`'s features with L2 strength `lambda` (≥ 0, finite).
    /// Throws if λ is invalid, or if the loss needs ±1 labels and a row has another.
    public init(data: SparseDataset, lambda: Float = 1e-4) throws(ModelError) {
        guard lambda.isFinite, lambda >= 0 else {
            throw .invalidParameter(name: "lambda", value: Double(lambda), expected: "finite and ≥ 0")
        }
        if Loss.needsBinaryLabels {
            for r in 0..<data.rowCount where data.labels[r] != 1 && data.labels[r] != -1 {
                throw .incompatibleData(DatasetError.labelNotBinary(row: r, value: data.labels[r]).description)
            }
        }
        self.data = data
        self.lambda = lambda
        var degree = [Int](repeating: 0, count: data.columnCount)
        for k in 0..<data.nonZeroCount { degree[Int(data.columns[k])] += 1 }
        let rows = Float(data.rowCount)
        regularization = OwnedBuffer(degree.map { $0 > 0 ? lambda * rows / Float($0) : 0 })
        offsets = data.rowOffsets
        columns = data.columns
        values = data.values
        labels = data.labels
        shrink = UnsafePointer(regularization.base)
    }

    public var termCount: Int { data.rowCount }
    public var dimension: Int { data.columnCount }

    @inlinable @inline(__always)
    public func visitCoordinates<V: CoordinateVisitor>(of term: Int, _ visitor: inout V) {
        let end = Int(offsets[term + 1])
        for k in Int(offsets[term])..<end { visitor.visit(Int(columns[k])) }
    }

    @inlinable @inline(__always)
    public func prepare(term: Int, parameters x: UnsafeParameterMemory,
                        scratch: UnsafeMutableBufferPointer<Float>) -> Float {
        let start = Int(offsets[term]), end = Int(offsets[term + 1])
        var prediction: Float = 0
        for k in start..<end { prediction += x.load(Int(columns[k])) * values[k] }
        return Loss.derivative(prediction: prediction, label: labels[term])
    }

    @inlinable @inline(__always)
    public func apply<W: CoordinateWriter>(term: Int, state derivative: Float, stepSize: Float,
                                           parameters x: UnsafeParameterMemory,
                                           scratch: UnsafeMutableBufferPointer<Float>, writer: W) {
        let start = Int(offsets[term]), end = Int(offsets[term + 1])
        let scaled = -stepSize * derivative
        for k in start..<end {
            let j = Int(columns[k])
            let old = x.load(j)
            writer.write(j, old: old, delta: scaled * values[k] - stepSize * shrink[j] * old)
        }
    }

    public func loss(term: Int, parameters x: UnsafeParameterMemory) -> Double {
        let start = Int(offsets[term]), end = Int(offsets[term + 1])
        var prediction: Float = 0
        var penalty: Double = 0
        for k in start..<end {
            let j = Int(columns[k])
            let xj = x.load(j)
            prediction += xj * values[k]
            penalty += Double(shrink[j]) * Double(xj) * Double(xj)
        }
        return Double(Loss.loss(prediction: prediction, label: labels[term])) + 0.5 * penalty
    }

    /// The prediction xᵀa for row `row` of `dataset` (whose features must fit x).
    public func prediction(row: Int, of dataset: SparseDataset, parameters x: UnsafeParameterMemory) -> Float {
        let start = Int(dataset.rowOffsets[row]), end = Int(dataset.rowOffsets[row + 1])
        var p: Float = 0
        for k in start..<end {
            let j = Int(dataset.columns[k])
            if j < x.count { p += x.load(j) * dataset.values[k] }
        }
        return p
    }
}

/// The paper's sparse SVM: hinge loss plus the degree-weighted L2 of ``SparseLinearObjective``.
public typealias SparseSVM = SparseLinearObjective<HingeLoss>
/// Logistic regression on sparse rows (labels ±1).
public typealias SparseLogisticRegression = SparseLinearObjective<LogisticLoss>
/// Least squares on sparse rows (any finite labels).
public typealias SparseLeastSquares = SparseLinearObjective<SquaredLoss>
