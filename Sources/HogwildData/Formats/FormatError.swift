/// A file that cannot be read or written, or a line in it that is malformed: says
/// which file, which line and column (1-based), and what was wrong.
public enum FormatError: Error, Equatable, CustomStringConvertible {
    /// Whether the error is one row's (a malformed line or label), which a reader told
    /// to skip invalid rows skips.
    public var isRowError: Bool {
        switch self {
        case .malformed, .nonBinaryLabel, .zeroIndexInOneBasedFile: return true
        default: return false
        }
    }

    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case cannotCreateDirectory(path: String, reason: String)
    /// A malformed line: `line` and `column` count from 1.
    case malformed(path: String, line: Int, column: Int, problem: String)
    /// A classification file's label that is not a class (±1 or 0/1): `label` as written.
    case nonBinaryLabel(path: String, line: Int, column: Int, label: String)
    /// An index 0 in a LIBSVM file read as 1-based (LIBSVM's convention).
    case zeroIndexInOneBasedFile(path: String, line: Int, column: Int)
    /// The file holds no data rows.
    case empty(path: String)
    /// The data read is valid line by line but not as a whole.
    case invalidData(path: String, problem: String)
    /// A malformed binary file: `offset` is the (uncompressed) byte where it went wrong.
    case malformedAt(path: String, offset: Int, problem: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open: \(reason)"
        case .readFailed(let path, let reason): return "\(path): read failed: \(reason)"
        case .writeFailed(let path, let reason): return "\(path): write failed: \(reason)"
        case .cannotCreateDirectory(let path, let reason): return "\(path): cannot create the directory: \(reason)"
        case .malformed(let path, let line, let column, let problem): return "\(path):\(line):\(column): \(problem)"
        case .nonBinaryLabel(let path, let line, let column, let label):
            return
                "\(path):\(line):\(column): label \(label) is not binary (+1/-1 or 0/1): the classifiers (SVM, "
                + "logistic regression) learn two classes; least squares reads any real label"
        case .zeroIndexInOneBasedFile(let path, let line, let column):
            return
                "\(path):\(line):\(column): index 0 in a file read as 1-based (LIBSVM's convention); a 0-based file "
                + "(scikit-learn's dump_svmlight_file writes one) is read with the index base set to 0"
        case .empty(let path): return "\(path): no data rows"
        case .invalidData(let path, let problem): return "\(path): \(problem)"
        case .malformedAt(let path, let offset, let problem): return "\(path):\(offset): \(problem)"
        }
    }
}
