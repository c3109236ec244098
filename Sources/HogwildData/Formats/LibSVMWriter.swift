/// Writes a ``SparseDataset`` in LIBSVM/svmlight text format: one row a line,
/// `label index:value …` with 1-based, ascending indices. Values are written as the
/// shortest decimal that reads back to the same `Float`, so a round trip is exact.
///
/// ```swift
/// try LibSVMWriter.write(data, to: "train.libsvm")
/// ```
public enum LibSVMWriter {
    public static func write(_ data: SparseDataset, to path: String) throws(FormatError) {
        let out = try OutputFile(path: path)
        for r in 0..<data.rowCount {
            let row = data.rowView(r)
            try out.write(float: row.label)
            for k in 0..<row.columns.count {
                try out.write(byte: UInt8(ascii: " "))
                try out.write(integer: Int(row.columns[k]) + 1)
                try out.write(byte: UInt8(ascii: ":"))
                try out.write(float: row.values[k])
            }
            try out.write(byte: UInt8(ascii: "\n"))
        }
        try out.close()
    }
}
