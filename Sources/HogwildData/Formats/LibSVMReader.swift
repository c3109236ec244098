import HogwildSupport

/// Reads LIBSVM/svmlight files (RCV1 as distributed) into a ``SparseDataset``,
/// streaming: the file is read in blocks and parsed in place, so reading costs the
/// final CSR plus one block (and `realloc` growth, which glibc does by remapping
/// pages, not copying).
///
/// Accepted: `label [qid:N] index:value … [# comment]`; indices 1-based or 0-based
/// (by default told apart as scikit-learn's `zero_based="auto"` does: a file with an
/// index 0 is 0-based) and strictly increasing; blank and comment-only lines. `qid` is read
/// and dropped (the linear models have no use for query ids). `.gz` files are read
/// directly.
///
/// Rejected, with `file:line:column` and the problem: a malformed label, pair, index
/// or value; an unsorted or duplicate index; a NaN or infinite value; an index beyond
/// a required column count; a file with no rows. With `skipInvalidRows` such rows
/// are skipped instead, and counted and listed in the result.
///
/// ```swift
/// let loaded = try LibSVMReader.read("rcv1_train.binary.gz")
/// print(loaded.dataset.rowCount, loaded.skipped.count)
/// ```
public enum LibSVMReader {
    /// How labels are read.
    public enum LabelMode: Sendable, Equatable {
        /// Classification: `+1`/`1` → +1; `-1` or `0` → −1 (0/1 files are common);
        /// anything else is an error, and so is a file with both `-1` and `0`.
        case binary
        /// Any finite number, kept as is (regression).
        case real
    }

    /// Where a file's feature numbers start.
    public enum IndexBase: String, Sendable, Hashable, CaseIterable, Codable {
        /// 1 (LIBSVM's own convention, RCV1 as distributed).
        case one
        /// 0 (what scikit-learn's `dump_svmlight_file` writes by default).
        case zero
        /// 0 when the file holds an index 0, else 1 (scikit-learn's `zero_based="auto"`).
        /// A part of a file (a distributed rank's) cannot see the others: it reads 1-based.
        case automatic
    }

    public struct Options: Sendable {
        public var labels: LabelMode = .binary
        /// Where indices start.
        public var indexBase: IndexBase = .automatic
        /// Require this many columns (an index beyond is an error, or dropped with
        /// `dropFeaturesBeyondColumnCount`); nil: one past the largest.
        public var columnCount: Int?
        /// Drop the features at or beyond `columnCount` instead of refusing the row: a
        /// test file's words the training file never had (a model gives them weight 0,
        /// so dropping them changes no prediction). Needs a known index base.
        public var dropFeaturesBeyondColumnCount = false
        /// Skip malformed rows (and report them) instead of failing.
        public var skipInvalidRows = false
        /// Renumber the features by frequency (most used first) as the file is loaded,
        /// in place (see ``SparseDatasetBuilder/renumberColumnsByFrequency()``).
        public var renumberByFrequency = false
        /// Read only this part of the file's lines (a distributed job's rank).
        public var shard: DataShard = .whole
        public init() {}
    }

    /// What was read.
    public struct Result {
        public var dataset: SparseDataset
        /// The rows skipped under `skipInvalidRows`, each with its error.
        public var skipped: [FormatError]
        /// Lines read, blank and comment lines included.
        public var lines: Int
        /// The feature renumbering applied, when asked for.
        public var renumbering: Renumbering?
        /// Where the file's indices started (``IndexBase/one`` or ``IndexBase/zero``):
        /// read a test file of the same data with it.
        public var indexBase: IndexBase
        /// Features dropped under `dropFeaturesBeyondColumnCount`.
        public var droppedFeatures = 0
    }

    public static func read(_ path: String, options: Options = Options()) throws(FormatError) -> Result {
        var options = options
        // A part alone cannot tell: 1-based, and an index 0 is refused naming the setting.
        if options.indexBase == .automatic, !options.shard.isWhole { options.indexBase = .one }
        if options.dropFeaturesBeyondColumnCount, options.indexBase == .automatic || options.columnCount == nil {
            throw .invalidData(
                path: path, problem: "dropping features beyond a column count needs the count and a known index base")
        }
        var dropped = 0
        let reader = try LineReader(path: path, shard: options.shard)
        let builder = SparseDatasetBuilder(columnCount: options.columnCount)
        var skipped: [FormatError] = []
        var firstZeroLine: Int?
        var firstMinusOneLine: Int?
        var largest = -1
        var largestLine = 0
        var firstZeroIndexLine: Int?
        while let line = try reader.nextLine() {
            var cursor = FieldCursor(line)
            if cursor.isBlankOrComment() { continue }
            do throws(FormatError) {
                let label = try parseLabel(&cursor, options: options, path: path, line: reader.lineNumber)
                let (rowLargest, sawZero) = try parseFeatures(
                    &cursor, into: builder, options: options, path: path,
                    line: reader.lineNumber, dropped: &dropped)
                if sawZero, firstZeroIndexLine == nil { firstZeroIndexLine = reader.lineNumber }
                if options.labels == .binary {
                    if label == 0, firstZeroLine == nil { firstZeroLine = reader.lineNumber }
                    if label == -1, firstMinusOneLine == nil { firstMinusOneLine = reader.lineNumber }
                }
                do {
                    try builder.endRow(label: label == 0 && options.labels == .binary ? -1 : label)
                } catch {
                    throw FormatError.invalidData(path: path, problem: error.description)
                }
                if rowLargest > largest { (largest, largestLine) = (rowLargest, reader.lineNumber) }
            } catch {
                guard options.skipInvalidRows, error.isRowError else { throw error }
                builder.discardRow()
                skipped.append(error)
            }
        }
        if let zero = firstZeroLine, let minus = firstMinusOneLine {
            throw .malformed(
                path: path, line: max(zero, minus), column: 1,
                problem: "labels mix 0 (line \(zero)) and -1 (line \(minus)); binary labels are ±1 or 0/1, not both")
        }
        guard builder.rowCount > 0 else {
            if !options.shard.isWhole {
                throw .invalidData(
                    path: path,
                    problem:
                        "\(options.shard) of the file's lines holds no rows: the file is too small for this many ranks")
            }
            throw .empty(path: path)
        }
        var base = options.indexBase
        if base == .automatic {
            // Read as 0-based so far; a file without an index 0 is 1-based.
            base = firstZeroIndexLine == nil ? .one : .zero
            if base == .one, largest >= 0 {
                builder.shiftColumnsDown()
                largest -= 1
            } else if let limit = options.columnCount, largest >= limit {
                throw .malformed(
                    path: path, line: largestLine, column: 1,
                    problem: "index \(largest) is beyond the \(limit) columns required (the file is 0-based)")
            }
        }
        if builder.columnCount == nil {
            // The feature space is as wide as the largest index: one stray huge index
            // would have every per-column array (renumbering, the model) that wide.
            let columns = largest + 1
            do throws(MemoryBudgetError) {
                try MemoryBudget.check(
                    bytes: Double(columns) * bytesPerColumn,
                    for:
                        "index \(largest + (base == .zero ? 0 : 1)) (line \(largestLine)) makes "
                        + "\(columns) columns, and a model over them"
                )
            } catch {
                throw .invalidData(path: path, problem: error.description)
            }
            builder.columnCount = columns
        }
        let renumbering = options.renumberByFrequency ? builder.renumberColumnsByFrequency() : nil
        do {
            return Result(
                dataset: try builder.build(), skipped: skipped, lines: reader.lineNumber,
                renumbering: renumbering, indexBase: base, droppedFeatures: dropped)
        } catch {
            throw .invalidData(path: path, problem: error.description)
        }
    }

    /// Memory a column costs the reader's renumbering and the smallest model over it
    /// (degree count, index maps, parameter, degree weight, one optimizer buffer).
    static let bytesPerColumn: Double = 8 + 8 + 4 + 4 + 4

    static func parseLabel(
        _ cursor: inout FieldCursor, options: Options, path: String,
        line: Int
    ) throws(FormatError) -> Float {
        let column = cursor.column
        let token = cursor.token { FieldCursor.isSpace($0) }
        guard let label = FieldCursor.float(token), label.isFinite else {
            throw .malformed(
                path: path, line: line, column: column,
                problem: "label '\(FieldCursor.text(token))' is not a finite number")
        }
        if options.labels == .binary, label != 1, label != -1, label != 0 {
            throw .nonBinaryLabel(path: path, line: line, column: column, label: FieldCursor.text(token))
        }
        return label
    }

    /// Parses the `index:value` pairs into the builder; returns the largest column and
    /// whether an index 0 was among them. ``IndexBase/automatic`` reads them 0-based.
    static func parseFeatures(
        _ cursor: inout FieldCursor, into builder: SparseDatasetBuilder, options: Options,
        path: String, line: Int, dropped: inout Int
    ) throws(FormatError) -> (largest: Int, sawZero: Bool) {
        var previous = -1
        var sawZero = false
        let offset = options.indexBase == .one ? 1 : 0
        // Automatic: the file may yet prove 1-based, whose largest index may equal the limit.
        let slack = options.indexBase == .automatic ? 1 : 0
        while true {
            if cursor.isBlankOrComment() { return (previous, sawZero) }
            let column = cursor.column
            let indexToken = cursor.token { $0 == UInt8(ascii: ":") || FieldCursor.isSpace($0) }
            guard cursor.current == UInt8(ascii: ":") else {
                throw .malformed(
                    path: path, line: line, column: column,
                    problem: "expected index:value, got '\(FieldCursor.text(indexToken))'")
            }
            cursor.advance()
            if indexToken.elementsEqual("qid".utf8) {
                let qid = cursor.token { FieldCursor.isSpace($0) }
                guard previous == -1, FieldCursor.integer(qid) != nil else {
                    throw .malformed(
                        path: path, line: line, column: column,
                        problem: "qid must be an integer right after the label")
                }
                continue
            }
            guard let raw = FieldCursor.integer(indexToken) else {
                throw .malformed(
                    path: path, line: line, column: column,
                    problem: "index '\(FieldCursor.text(indexToken))' is not an integer")
            }
            let index = raw - offset
            if raw == 0, offset == 1 { throw .zeroIndexInOneBasedFile(path: path, line: line, column: column) }
            guard index >= 0, index < Int(Int32.max) else {
                throw .malformed(
                    path: path, line: line, column: column,
                    problem: "index \(raw) is out of range (indices are \(offset)-based)")
            }
            if index == 0 { sawZero = true }
            let beyond = options.columnCount.map { index >= $0 + slack } ?? false
            if beyond, !options.dropFeaturesBeyondColumnCount, let limit = options.columnCount {
                throw .malformed(
                    path: path, line: line, column: column,
                    problem: "index \(raw) is beyond the \(limit) columns required")
            }
            guard index > previous else {
                throw .malformed(
                    path: path, line: line, column: column,
                    problem: index == previous
                        ? "duplicate index \(raw)"
                        : "index \(raw) follows \(previous + offset); indices must increase")
            }
            let valueColumn = cursor.column
            let valueToken = cursor.token { FieldCursor.isSpace($0) || $0 == UInt8(ascii: "#") }
            guard let value = FieldCursor.float(valueToken) else {
                throw .malformed(
                    path: path, line: line, column: valueColumn,
                    problem: "value '\(FieldCursor.text(valueToken))' is not a number")
            }
            guard value.isFinite else {
                throw .malformed(
                    path: path, line: line, column: valueColumn,
                    problem: "value \(FieldCursor.text(valueToken)) is not finite")
            }
            if beyond {
                dropped += 1
            } else {
                builder.append(column: Int32(index), value: value)
            }
            previous = index
        }
    }
}
