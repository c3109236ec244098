import FoundationEssentials
import HogwildCore

/// A small CSV table: a header and rows of text fields. Writes RFC 4180 quoting when
/// a field needs it and reads it back; the plot command and the result files use it.
///
/// ```swift
/// var table = CSVTable(header: ["threads", "speedup"])
/// table.append(["1", "1.0"])
/// try table.write(to: "speedup.csv")
/// ```
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    /// Appends a row (it must have one field per column).
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a row of \(row.count) fields in a table of \(header.count) columns")
        rows.append(row)
    }

    /// The column called `name`, or a typed error listing the columns there are.
    public func column(_ name: String) throws(CSVError) -> Int {
        guard let index = header.firstIndex(of: name) else { throw .unknownColumn(name, available: header) }
        return index
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public func write(to path: String) throws {
        try ResultFiles.writeText(text, to: path)
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }

    /// Parses CSV text; every row must have as many fields as the header.
    public static func parse(_ text: String, path: String = "<text>") throws(CSVError) -> CSVTable {
        var records: [[String]] = []
        var field = "", record: [String] = []
        var inQuotes = false, afterQuote = false
        var line = 1
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            if inQuotes {
                if c == "\"" {
                    inQuotes = false
                    afterQuote = true
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
            case "\"" where afterQuote:
                field.append("\"")
                inQuotes = true
                afterQuote = false
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\n", "\r\n":
                record.append(field)
                field = ""
                afterQuote = false
                if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
                record = []
                line += 1
            case "\r":
                continue
            default:
                if afterQuote { throw .malformed(path: path, line: line, problem: "text after a closing quote") }
                field.append(c)
            }
        }
        if inQuotes { throw .malformed(path: path, line: line, problem: "a quoted field is never closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        guard let header = records.first else { throw .malformed(path: path, line: 1, problem: "no header line") }
        var table = CSVTable(header: header)
        for (index, row) in records.dropFirst().enumerated() {
            guard row.count == header.count else {
                throw .malformed(
                    path: path, line: index + 2, problem: "\(row.count) fields, the header has \(header.count)")
            }
            table.rows.append(row)
        }
        return table
    }

    public static func read(_ path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw CSVError.cannotRead(path) }
        let text = String(decoding: data, as: UTF8.self)
        return try parse(text, path: path)
    }
}

/// What is wrong with a CSV file or a request about its columns.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    case cannotRead(String)
    case malformed(path: String, line: Int, problem: String)
    case unknownColumn(String, available: [String])
    case notNumeric(column: String, line: Int, value: String)

    public var description: String {
        switch self {
        case .cannotRead(let path): return "\(path): cannot read"
        case .malformed(let path, let line, let problem): return "\(path):\(line): \(problem)"
        case .unknownColumn(let name, let available):
            return "no column '\(name)'; the columns are \(available.joined(separator: ", "))"
        case .notNumeric(let column, let line, let value):
            return "line \(line): column '\(column)' holds '\(value)', not a number"
        }
    }
}
