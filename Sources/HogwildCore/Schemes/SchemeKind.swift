/// An update scheme's name: how results, files and the command line call it.
///
/// The built-in names are static members (`.hogwild`, `.coordinateLocks`, …);
/// ``SchemeCatalog`` lists every scheme that can be chosen by name.
///
/// ```swift
/// let kind = try SchemeKind(parsing: "aig")   // .coordinateLocks
/// ```
public struct SchemeKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let hogwild = SchemeKind(rawValue: "hogwild")
    public static let hogwildAtomic = SchemeKind(rawValue: "hogwildAtomic")
    public static let coordinateLocks = SchemeKind(rawValue: "coordinateLocks")
    public static let roundRobin = SchemeKind(rawValue: "roundRobin")
    public static let globalLock = SchemeKind(rawValue: "globalLock")
    public static let hotReplicas = SchemeKind(rawValue: "hotReplicas")
    public static let automatic = SchemeKind(rawValue: "automatic")
    public static let conflictFree = SchemeKind(rawValue: "conflictFree")

    /// Every scheme's name, in the catalog's order.
    public static var allCases: [SchemeKind] { SchemeCatalog.rules.map { $0.kind } }

    /// The name used on the command line and in result files.
    public var description: String { rawValue }

    /// Parses a scheme name (case-insensitive; also each scheme's aliases: `aig`, `rr`,
    /// `lock`, kebab-case).
    public init(parsing text: String) throws(TrainingError) {
        guard let rule = SchemeCatalog.rule(named: text) else { throw .unknownScheme(text) }
        self = rule.kind
    }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
