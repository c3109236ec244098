/// Builds a ``SparseDataset`` row by row without a second copy of the data: rows go
/// into growable buffers that the dataset adopts.
///
/// ## Concurrency contract
/// Not thread-safe: one builder per thread (it is not `Sendable`); the dataset it
/// builds is immutable and shared freely.
///
/// ```swift
/// let builder = SparseDatasetBuilder(columnCount: 10)
/// try builder.appendRow(columns: [1, 4], values: [0.5, 0.5], label: 1)
/// let data = try builder.build()
/// ```
public final class SparseDatasetBuilder {
    /// Column count of the result; `nil` means one past the largest column seen.
    public var columnCount: Int?
    let offsets = GrowableBuffer<UInt32>()
    let columns = GrowableBuffer<Int32>()
    let values = GrowableBuffer<Float>()
    let labels = GrowableBuffer<Float>()
    var largestColumn: Int32 = -1

    public init(columnCount: Int? = nil, reservingRows rows: Int = 0, nonZeros: Int = 0) {
        self.columnCount = columnCount
        offsets.reserve(rows + 1)
        columns.reserve(nonZeros)
        values.reserve(nonZeros)
        labels.reserve(rows)
        offsets.append(0)
    }

    /// Rows so far.
    public var rowCount: Int { labels.count }
    /// Non-zeros so far.
    public var nonZeroCount: Int { columns.count }

    /// Appends a row; columns must strictly increase (validated again at `build`).
    public func appendRow<C: Collection<Int32>, V: Collection<Float>>(
        columns rowColumns: C, values rowValues: V, label: Float
    ) throws(DatasetError) {
        guard rowColumns.count == rowValues.count else {
            throw .lengthMismatch(what: "values of row \(rowCount)", expected: rowColumns.count, got: rowValues.count)
        }
        guard columns.count + rowColumns.count <= SparseDataset.maximumNonZeros else {
            throw .tooManyNonZeros(columns.count + rowColumns.count, limit: SparseDataset.maximumNonZeros)
        }
        for c in rowColumns {
            columns.append(c)
            if c > largestColumn { largestColumn = c }
        }
        for v in rowValues { values.append(v) }
        labels.append(label)
        offsets.append(UInt32(columns.count))
    }

    /// Appends one non-zero to the row being built (finish it with `endRow`).
    public func append(column: Int32, value: Float) {
        columns.append(column)
        values.append(value)
        if column > largestColumn { largestColumn = column }
    }

    /// Ends the row being built with `label`.
    public func endRow(label: Float) throws(DatasetError) {
        guard columns.count <= SparseDataset.maximumNonZeros else {
            throw .tooManyNonZeros(columns.count, limit: SparseDataset.maximumNonZeros)
        }
        labels.append(label)
        offsets.append(UInt32(columns.count))
    }

    /// Lowers every column so far by one (a file read as 0-based that turned out to be
    /// 1-based: no column 0 was seen).
    func shiftColumnsDown() {
        for k in 0..<columns.count { columns[k] -= 1 }
        largestColumn -= 1
    }

    /// Validates and returns the dataset; the builder is empty afterwards.
    public func build() throws(DatasetError) -> SparseDataset {
        let count = columnCount ?? Int(largestColumn) + 1
        let dataset = try SparseDataset(
            offsets: offsets.take(), columns: columns.take(),
            values: values.take(), labels: labels.take(), columnCount: count)
        offsets.append(0)
        largestColumn = -1
        return dataset
    }
}

extension SparseDatasetBuilder {
    /// Replaces the label of a row already appended (generators that label rows only
    /// once every row is seen).
    func setLabel(row: Int, _ label: Float) {
        labels[row] = label
    }
}

extension SparseDatasetBuilder {
    /// Drops the non-zeros appended since the last finished row (a reader skipping a
    /// malformed row).
    func discardRow() {
        let finished = Int(offsets[offsets.count - 1])
        columns.removeLast(columns.count - finished)
        values.removeLast(values.count - finished)
    }
}
