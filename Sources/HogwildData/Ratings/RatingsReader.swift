/// Reads ratings triples, one a line: `user item rating [timestamp]`, the fields
/// separated by whitespace, commas or `::` (MovieLens 1M), whichever the first data
/// line uses. Ids may be any tokens; they are mapped to dense indices in order of
/// first appearance (integer ids compare as numbers) and kept for writing back.
///
/// A header (a first line whose rating field is not a number, like MovieLens'
/// `userId,movieId,rating,timestamp`) is recognised and reported in the result, never
/// silently taken as data. Every other malformed line — a wrong field count, an empty
/// id, a rating that is not a finite number — is an error naming file, line and
/// column, or with `skipInvalidRows` a counted skip. `.gz` files are read directly.
///
/// ```swift
/// let loaded = try RatingsReader.read("ratings.csv")
/// print(loaded.dataset.userCount, loaded.header ?? "no header")
/// ```
public enum RatingsReader {
    public struct Options: Sendable {
        public var skipInvalidRows = false
        /// Read only this part of the file's lines (a distributed job's rank).
        public var shard: DataShard = .whole
        public init() {}
    }

    public struct Result {
        public var dataset: RatingsDataset
        public var skipped: [FormatError]
        /// The header line, when the file had one.
        public var header: String?
        public var separator: Separator
    }

    /// The field separator of a ratings file.
    public enum Separator: String, Sendable {
        case whitespace, comma, doubleColon = "::"
    }

    public static func read(_ path: String, options: Options = Options()) throws(FormatError) -> Result {
        let reader = try LineReader(path: path, shard: options.shard)
        let users = IdentifierMap(), items = IdentifierMap()
        let buffer = GrowableBuffer<Rating>()
        var separator: Separator?
        var header: String?
        var skipped: [FormatError] = []
        var sawData = false
        while let line = try reader.nextLine() {
            var cursor = FieldCursor(line)
            if cursor.isBlankOrComment() { continue }
            let sep = separator ?? detect(line)
            separator = sep
            do throws(FormatError) {
                let fields = try split(line, separator: sep, path: path, lineNumber: reader.lineNumber)
                if fields.dropFirst().contains(where: { Self.isIndexValuePair($0.bytes) }) {
                    throw .malformed(
                        path: path, line: reader.lineNumber, column: 1,
                        problem:
                            "expected 'user item rating [timestamp]', got index:value pairs: this looks like a "
                            + "LIBSVM file (the linear models read those: svm, logistic, leastSquares)")
                }
                guard fields.count == 3 || fields.count == 4 else {
                    throw .malformed(
                        path: path, line: reader.lineNumber, column: 1,
                        problem: "expected 'user item rating [timestamp]', got \(fields.count) fields")
                }
                guard let rating = FieldCursor.float(fields[2].bytes) else {
                    if !sawData, header == nil {
                        header = String(decoding: line, as: UTF8.self)
                        continue
                    }
                    throw .malformed(
                        path: path, line: reader.lineNumber, column: fields[2].column,
                        problem: "rating '\(FieldCursor.text(fields[2].bytes))' is not a number")
                }
                guard rating.isFinite else {
                    throw .malformed(
                        path: path, line: reader.lineNumber, column: fields[2].column,
                        problem: "rating \(FieldCursor.text(fields[2].bytes)) is not finite")
                }
                if fields.count == 4, FieldCursor.float(fields[3].bytes) == nil {
                    throw .malformed(
                        path: path, line: reader.lineNumber, column: fields[3].column,
                        problem: "timestamp '\(FieldCursor.text(fields[3].bytes))' is not a number")
                }
                let u = try users.index(
                    of: fields[0].bytes, path: path, line: reader.lineNumber, column: fields[0].column)
                let i = try items.index(
                    of: fields[1].bytes, path: path, line: reader.lineNumber, column: fields[1].column)
                buffer.append(Rating(user: u, item: i, value: rating))
                sawData = true
            } catch {
                guard options.skipInvalidRows, case .malformed = error else { throw error }
                skipped.append(error)
            }
        }
        guard buffer.count > 0 else {
            if !options.shard.isWhole {
                throw .invalidData(
                    path: path,
                    problem:
                        "\(options.shard) of the file's lines holds no ratings: the file is too small for this many "
                        + "ranks"
                )
            }
            throw .empty(path: path)
        }
        do {
            let dataset = try RatingsDataset(
                entries: buffer.take(), userCount: users.count,
                itemCount: items.count, userIDs: users.identifiers,
                itemIDs: items.identifiers)
            return Result(dataset: dataset, skipped: skipped, header: header, separator: separator ?? .whitespace)
        } catch {
            throw .invalidData(path: path, problem: error.description)
        }
    }

    /// Whether `field` reads as a LIBSVM `index:value` pair (digits, a colon, a number).
    static func isIndexValuePair(_ field: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
        let digits = field[..<colon].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return digits && FieldCursor.float(UnsafeMutableBufferPointer(rebasing: field[(colon + 1)...])) != nil
    }

    static func detect(_ line: UnsafeMutableBufferPointer<UInt8>) -> Separator {
        var previousColon = false
        for b in line {
            if b == UInt8(ascii: ":") {
                if previousColon { return .doubleColon }
                previousColon = true
            } else {
                previousColon = false
                if b == UInt8(ascii: ",") { return .comma }
            }
        }
        return .whitespace
    }

    struct Field {
        var bytes: UnsafeMutableBufferPointer<UInt8>
        var column: Int
    }

    /// Splits a line into fields; an empty field between separators is an error.
    static func split(
        _ line: UnsafeMutableBufferPointer<UInt8>, separator: Separator, path: String,
        lineNumber: Int
    ) throws(FormatError) -> [Field] {
        var fields: [Field] = []
        var cursor = FieldCursor(line)
        switch separator {
        case .whitespace:
            while !cursor.isBlankOrComment() {
                let column = cursor.column
                fields.append(Field(bytes: cursor.token { FieldCursor.isSpace($0) }, column: column))
            }
        case .comma, .doubleColon:
            let width = separator == .comma ? 1 : 2
            let first: UInt8 = separator == .comma ? UInt8(ascii: ",") : UInt8(ascii: ":")
            while true {
                cursor.skipSpaces()
                let column = cursor.column
                var token = cursor.token { $0 == first }
                while let last = token.last, FieldCursor.isSpace(last) {
                    token = UnsafeMutableBufferPointer(rebasing: token[0..<(token.count - 1)])
                }
                guard !token.isEmpty else {
                    throw .malformed(path: path, line: lineNumber, column: column, problem: "empty field")
                }
                fields.append(Field(bytes: token, column: column))
                if cursor.atEnd { break }
                if width == 2 {
                    guard cursor.position + 1 < line.count, line[cursor.position + 1] == first else {
                        throw .malformed(
                            path: path, line: lineNumber, column: cursor.column,
                            problem: "expected '::' between fields")
                    }
                }
                cursor.advance(width)
            }
        }
        return fields
    }
}

/// Maps the ids of a file to dense indices in order of first appearance.
final class IdentifierMap {
    private var numeric: [Int: Int32] = [:]
    private var textual: [String: Int32] = [:]
    private(set) var identifiers: [String] = []

    var count: Int { identifiers.count }

    func index(
        of token: UnsafeMutableBufferPointer<UInt8>, path: String, line: Int,
        column: Int
    ) throws(FormatError) -> Int32 {
        guard !token.isEmpty else { throw .malformed(path: path, line: line, column: column, problem: "empty id") }
        if let n = FieldCursor.integer(token) {
            if let existing = numeric[n] { return existing }
            return try add(String(n), path: path, line: line, column: column) { numeric[n] = $0 }
        }
        let text = String(decoding: token, as: UTF8.self)
        if let existing = textual[text] { return existing }
        return try add(text, path: path, line: line, column: column) { textual[text] = $0 }
    }

    private func add(
        _ id: String, path: String, line: Int, column: Int,
        _ remember: (Int32) -> Void
    ) throws(FormatError) -> Int32 {
        guard identifiers.count < Int(Int32.max) else {
            throw .malformed(path: path, line: line, column: column, problem: "more than \(Int32.max) distinct ids")
        }
        let index = Int32(identifiers.count)
        identifiers.append(id)
        remember(index)
        return index
    }
}
