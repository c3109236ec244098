/// The arguments of one command, consumed option by option. Each accessor removes
/// what it reads; ``finish()`` then rejects anything left over, so a misspelt flag
/// is an error rather than silently ignored.
///
/// Accepted spellings: `--name value`, `--name=value`, and for flags `--name`.
///
/// ```swift
/// var args = Arguments(["--threads", "1,2,4", "--json"])
/// let threads = try args.list("--threads", of: Int.self, default: [1], expected: "thread counts")
/// let json = args.flag("--json")
/// try args.finish()
/// ```
public struct Arguments {
    private var tokens: [String]
    /// Every option name asked for, for "did you mean" suggestions.
    private var known: Set<String> = ["--help", "-h"]

    public init(_ tokens: [String]) { self.tokens = tokens }

    /// The tokens not consumed yet, in order (a command that hands them on to another).
    public var remaining: [String] { tokens }

    /// Whether `--help` or `-h` was given.
    public var wantsHelp: Bool { tokens.contains("--help") || tokens.contains("-h") }

    /// True (and consumed) if the flag is present (a flag given twice means the same).
    public mutating func flag(_ name: String) -> Bool {
        known.insert(name)
        let before = tokens.count
        tokens.removeAll { $0 == name }
        return tokens.count < before
    }

    /// The raw text of option `name`, if given; an option given twice is refused with
    /// both values.
    public mutating func text(_ name: String, expected: String) throws(UsageError) -> String? {
        known.insert(name)
        var found: String?
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let value: String
            if token == name {
                guard i + 1 < tokens.count, !Self.looksLikeFlag(tokens[i + 1]) else {
                    throw .missingValue(flag: name, expected: expected)
                }
                value = tokens[i + 1]
                tokens.removeSubrange(i...(i + 1))
            } else if token.hasPrefix(name + "=") {
                value = String(token.dropFirst(name.count + 1))
                tokens.remove(at: i)
            } else {
                i += 1
                continue
            }
            if let found { throw .repeatedOption(name, first: found, second: value) }
            found = value
        }
        return found
    }

    /// Option `name` parsed by `parse`, or `defaultValue` when absent.
    public mutating func option<T>(
        _ name: String, default defaultValue: T, expected: String,
        _ parse: (String) -> T?
    ) throws(UsageError) -> T {
        guard let raw = try text(name, expected: expected) else { return defaultValue }
        guard let value = parse(raw) else { throw .invalidValue(flag: name, value: raw, expected: expected) }
        return value
    }

    /// Option `name` parsed by `parse`, or nil when absent.
    public mutating func optionalOption<T>(
        _ name: String, expected: String,
        _ parse: (String) -> T?
    ) throws(UsageError) -> T? {
        guard let raw = try text(name, expected: expected) else { return nil }
        guard let value = parse(raw) else { throw .invalidValue(flag: name, value: raw, expected: expected) }
        return value
    }

    /// A comma-separated list option, each element parsed by `parse`.
    public mutating func list<T>(
        _ name: String, default defaultValue: [T], expected: String,
        _ parse: (String) -> T?
    ) throws(UsageError) -> [T] {
        guard let raw = try text(name, expected: expected) else { return defaultValue }
        var values: [T] = []
        for part in raw.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingWhitespace()
            guard !item.isEmpty, let value = parse(item) else {
                throw .invalidValue(flag: name, value: raw, expected: expected)
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw .invalidValue(flag: name, value: raw, expected: expected) }
        return values
    }

    /// The next positional argument (not starting with `-`), consumed.
    public mutating func positional() -> String? {
        guard let i = tokens.firstIndex(where: { !Self.looksLikeFlag($0) }) else { return nil }
        return tokens.remove(at: i)
    }

    /// The first remaining argument, consumed, if it is not a flag: a positional that
    /// must come first, so that an option's value is never taken for it.
    public mutating func leadingPositional() -> String? {
        guard let first = tokens.first, !Self.looksLikeFlag(first) else { return nil }
        return tokens.removeFirst()
    }

    /// Puts `tokens` back at the front, e.g. a positional file a command reads as the
    /// option that names it (`data stats FILE` as `--data FILE`).
    public mutating func prepend(_ tokens: [String]) {
        self.tokens.insert(contentsOf: tokens, at: 0)
    }

    /// Whether `name` is among the arguments not yet consumed.
    public func contains(_ name: String) -> Bool {
        tokens.contains { $0 == name || $0.hasPrefix(name + "=") }
    }

    /// Throws for the first argument nobody consumed.
    public func finish() throws(UsageError) {
        guard let first = tokens.first else { return }
        if Self.looksLikeFlag(first) {
            let name = String(first.split(separator: "=", maxSplits: 1)[0])
            throw .unknownFlag(name, suggestion: Self.closest(to: name, in: known))
        }
        throw .unexpectedArgument(first)
    }

    static func looksLikeFlag(_ token: String) -> Bool {
        token.hasPrefix("-") && Double(token) == nil
    }

    /// The known option nearest to `name` by edit distance, if close enough.
    package static func closest(to name: String, in candidates: Set<String>) -> String? {
        let scored = candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= max(2, name.count / 3) }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var text = self[...]
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// Parsers for the common value kinds.
public enum Parse {
    public static func int(_ s: String) -> Int? { Int(s.replacingUnderscores()) }
    public static func positiveInt(_ s: String) -> Int? { int(s).flatMap { $0 >= 1 ? $0 : nil } }
    public static func nonNegativeInt(_ s: String) -> Int? { int(s).flatMap { $0 >= 0 ? $0 : nil } }
    public static func uint64(_ s: String) -> UInt64? { UInt64(s.replacingUnderscores()) }
    public static func double(_ s: String) -> Double? { Double(s).flatMap { $0.isFinite ? $0 : nil } }
    public static func float(_ s: String) -> Float? { Float(s).flatMap { $0.isFinite ? $0 : nil } }
    public static func positiveFloat(_ s: String) -> Float? { float(s).flatMap { $0 > 0 ? $0 : nil } }
    public static func nonNegativeFloat(_ s: String) -> Float? { float(s).flatMap { $0 >= 0 ? $0 : nil } }
    public static func string(_ s: String) -> String? { s }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
