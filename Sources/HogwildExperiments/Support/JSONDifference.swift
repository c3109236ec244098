import FoundationEssentials

/// The first place two JSON texts differ, as a dotted path and the two values written
/// plainly: what a person needs from two settings records that do not match
/// (`settings.l2: 0.0001 against 1e-05`), rather than both records whole.
///
/// ```swift
/// let d = JSONDifference.first(#"{"a":{"b":1}}"#, #"{"a":{"b":2}}"#)   // path "a.b", "1", "2"
/// ```
enum JSONDifference {
    /// A JSON value, decoded without Foundation's `JSONSerialization`.
    indirect enum Value: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let n = try? c.decode(Double.self) {
                self = .number(n)
            } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let a = try? c.decode([Value].self) {
                self = .array(a)
            } else {
                self = .object(try c.decode([String: Value].self))
            }
        }

        /// The value as a person reads it: a string unquoted, an object or array as `{…}`.
        var plain: String {
            switch self {
            case .null: return "none"
            case .bool(let b): return "\(b)"
            case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? "\(Int(n))" : "\(n)"
            case .string(let s): return s
            case .array(let a): return "[" + a.map(\.plain).joined(separator: ", ") + "]"
            case .object(let o):
                return "{" + o.keys.sorted().map { "\($0): \(o[$0]!.plain)" }.joined(separator: ", ") + "}"
            }
        }
    }

    /// The first difference (keys in name order) between `a` and `b`; nil when they are
    /// equal or either is not JSON. A value missing on one side is nil there.
    static func first(_ a: String, _ b: String) -> (path: String, a: String?, b: String?)? {
        guard let x = try? JSONDecoder().decode(Value.self, from: Data(a.utf8)),
            let y = try? JSONDecoder().decode(Value.self, from: Data(b.utf8))
        else { return nil }
        return first(x, y, path: "")
    }

    static func first(_ a: Value?, _ b: Value?, path: String) -> (path: String, a: String?, b: String?)? {
        if a == b { return nil }
        if case .object(let x)? = a, case .object(let y)? = b {
            for key in Set(x.keys).union(y.keys).sorted() {
                if let found = first(x[key], y[key], path: path.isEmpty ? key : path + "." + key) { return found }
            }
            return nil
        }
        return (path, a?.plain, b?.plain)
    }
}
