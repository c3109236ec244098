import HogwildSupport

/// Labelled sparse rows in compressed sparse row (CSR) form: the data of the linear
/// models (the paper's RCV1 SVM).
///
/// Storage is four flat buffers: 32-bit row offsets (rows + 1), 32-bit column indices
/// and 32-bit `Float` values (one each per non-zero), and a `Float` label per row —
/// 8 bytes per non-zero plus 8 per row. Everything is validated once, here (columns
/// in range and strictly increasing within each row, values and labels finite), so
/// the training loop reads the buffers without checks.
///
/// ## Concurrency contract
/// Immutable after construction: any number of threads may read it at once.
///
/// ```swift
/// let data = try SparseDataset(rowOffsets: [0, 2, 3], columns: [0, 4, 2],
///                              values: [1, 0.5, 2], labels: [1, -1], columnCount: 5)
/// data.row(0).columns   // [0, 4]
/// ```
public final class SparseDataset: Sendable {
    /// The number of rows (examples).
    public let rowCount: Int
    /// The number of columns (features); every column index is below it.
    public let columnCount: Int
    /// The number of stored non-zeros.
    public let nonZeroCount: Int

    let offsetStorage: OwnedBuffer<UInt32>
    let columnStorage: OwnedBuffer<Int32>
    let valueStorage: OwnedBuffer<Float>
    let labelStorage: OwnedBuffer<Float>

    /// Raw buffers for the package's hot loops; valid while the dataset is alive (the
    /// objectives that read them hold the dataset). Callers outside the package use
    /// ``row(_:)`` or ``withUnsafeBuffers(_:)``.
    package var rowOffsets: UnsafePointer<UInt32> { UnsafePointer(offsetStorage.base) }
    package var columns: UnsafePointer<Int32> { UnsafePointer(columnStorage.base) }
    package var values: UnsafePointer<Float> { UnsafePointer(valueStorage.base) }
    package var labels: UnsafePointer<Float> { UnsafePointer(labelStorage.base) }

    /// Calls `body` with the four buffers (row offsets, column indices, values, labels);
    /// the pointers must not escape `body`.
    public func withUnsafeBuffers<R, E: Error>(
        _ body: (
            _ rowOffsets: UnsafeBufferPointer<UInt32>, _ columns: UnsafeBufferPointer<Int32>,
            _ values: UnsafeBufferPointer<Float>, _ labels: UnsafeBufferPointer<Float>
        ) throws(E) -> R
    ) throws(E) -> R {
        try withExtendedLifetime(self) { () throws(E) -> R in
            try body(
                UnsafeBufferPointer(start: rowOffsets, count: rowCount + 1),
                UnsafeBufferPointer(start: columns, count: nonZeroCount),
                UnsafeBufferPointer(start: values, count: nonZeroCount),
                UnsafeBufferPointer(start: labels, count: rowCount))
        }
    }

    /// The most non-zeros a dataset holds (32-bit row offsets).
    public static let maximumNonZeros = Int(UInt32.max)

    /// Builds and validates a dataset from arrays. `columnCount` defaults to one past
    /// the largest column index.
    public convenience init(
        rowOffsets: [Int], columns: [Int32], values: [Float], labels: [Float],
        columnCount: Int? = nil
    ) throws(DatasetError) {
        guard rowOffsets.count == labels.count + 1 else {
            throw .lengthMismatch(
                what: "row offsets (one per row plus one)", expected: labels.count + 1, got: rowOffsets.count)
        }
        guard columns.count == values.count else {
            throw .lengthMismatch(what: "values (one per column index)", expected: columns.count, got: values.count)
        }
        guard columns.count <= Self.maximumNonZeros else {
            throw .tooManyNonZeros(columns.count, limit: Self.maximumNonZeros)
        }
        guard rowOffsets.first == 0 else {
            throw .invalidRowOffsets("the first offset must be 0, got \(rowOffsets[0])")
        }
        for r in 0..<labels.count where rowOffsets[r + 1] < rowOffsets[r] {
            throw .invalidRowOffsets("offset \(r + 1) (\(rowOffsets[r + 1])) is below offset \(r) (\(rowOffsets[r]))")
        }
        guard rowOffsets.last == columns.count else {
            throw .invalidRowOffsets(
                "the last offset must equal the \(columns.count) non-zeros, got \(rowOffsets.last!)")
        }
        let count = columnCount ?? (Int(columns.max() ?? -1) + 1)
        try self.init(
            offsets: OwnedBuffer(rowOffsets.map { UInt32($0) }), columns: OwnedBuffer(columns),
            values: OwnedBuffer(values), labels: OwnedBuffer(labels), columnCount: count)
    }

    /// Adopts buffers filled by a reader or builder, validating them.
    public init(
        offsets: OwnedBuffer<UInt32>, columns: OwnedBuffer<Int32>, values: OwnedBuffer<Float>,
        labels: OwnedBuffer<Float>, columnCount: Int
    ) throws(DatasetError) {
        guard columnCount >= 0, columnCount <= Int(Int32.max) else { throw .invalidColumnCount(columnCount) }
        guard offsets.count == labels.count + 1 else {
            throw .lengthMismatch(
                what: "row offsets (one per row plus one)", expected: labels.count + 1, got: offsets.count)
        }
        guard columns.count == values.count else {
            throw .lengthMismatch(what: "values (one per column index)", expected: columns.count, got: values.count)
        }
        guard offsets.base[0] == 0, Int(offsets.base[labels.count]) == columns.count else {
            throw .invalidRowOffsets("offsets must run from 0 to the \(columns.count) non-zeros")
        }
        let rows = labels.count
        for r in 0..<rows {
            let label = labels.base[r]
            guard label.isFinite else { throw .nonFiniteLabel(row: r, value: label) }
            let start = Int(offsets.base[r]), end = Int(offsets.base[r + 1])
            guard start <= end else {
                throw .invalidRowOffsets("offset \(r + 1) (\(end)) is below offset \(r) (\(start))")
            }
            var previous = -1
            for k in start..<end {
                let c = Int(columns.base[k])
                guard c >= 0, c < columnCount else {
                    throw .columnOutOfRange(row: r, position: k - start, column: c, columnCount: columnCount)
                }
                guard c > previous else {
                    throw .unsortedColumns(row: r, position: k - start, previous: previous, column: c)
                }
                let v = values.base[k]
                guard v.isFinite else { throw .nonFiniteValue(row: r, position: k - start, value: v) }
                previous = c
            }
        }
        self.rowCount = rows
        self.columnCount = columnCount
        self.nonZeroCount = columns.count
        self.offsetStorage = offsets
        self.columnStorage = columns
        self.valueStorage = values
        self.labelStorage = labels
    }

    /// Bytes of the four buffers: 8 per non-zero, 8 per row, plus 4.
    public var memoryFootprint: Int {
        offsetStorage.byteCount + columnStorage.byteCount + valueStorage.byteCount + labelStorage.byteCount
    }

    /// Row `index` (a copy of its columns and values).
    public func row(_ index: Int) -> SparseRow {
        let view = rowView(index)
        return SparseRow(columns: Array(view.columns), values: Array(view.values), label: view.label)
    }

    /// Row `index` as views into the buffers, for the package's loops over rows.
    package func rowView(
        _ index: Int
    ) -> (columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, label: Float) {
        precondition(index >= 0 && index < rowCount, "row \(index) outside 0..<\(rowCount)")
        let start = Int(rowOffsets[index]), end = Int(rowOffsets[index + 1])
        return (
            UnsafeBufferPointer(start: columns + start, count: end - start),
            UnsafeBufferPointer(start: values + start, count: end - start), labels[index]
        )
    }

    /// The labels as an array.
    public var labelArray: [Float] { labelStorage.array }

    /// A dataset of the rows at `indices` (in that order), same column space.
    public func subset(_ indices: some Collection<Int>) throws(DatasetError) -> SparseDataset {
        let builder = SparseDatasetBuilder(columnCount: columnCount)
        for i in indices {
            guard i >= 0, i < rowCount else {
                throw .invalidArgument(name: "row index", value: "\(i)", expected: "in 0..<\(rowCount)")
            }
            let r = rowView(i)
            try builder.appendRow(columns: r.columns, values: r.values, label: r.label)
        }
        return try builder.build()
    }
}

/// One row of a ``SparseDataset``: its column indices (ascending), values and label.
public struct SparseRow: Sendable, Equatable {
    public let columns: [Int32]
    public let values: [Float]
    public let label: Float
}
