/// An update scheme chosen at run time, with its settings: what sweeps, comparisons and
/// the command line hold, and what ``AnyTrainer`` dispatches on (once per run, to the
/// generic trainer specialized for the scheme).
///
/// ```swift
/// let schemes: [SchemeChoice] = [.hogwild, .coordinateLocks, .hotReplicas(HotReplicaSettings(mergeInterval: 64))]
/// let same = try SchemeChoice(SchemeKind(parsing: "aig"))
/// ```
public struct SchemeChoice: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The chosen scheme, with its settings.
    public let scheme: any SchemeRule

    public init(_ scheme: some SchemeRule) { self.scheme = scheme }

    /// The scheme `kind` with default settings (plain HOGWILD! for a name the catalog lacks).
    public init(_ kind: SchemeKind) {
        scheme = (SchemeCatalog.rule(kind) ?? RelaxedHogwild.self).init()
    }

    public static var hogwild: SchemeChoice { SchemeChoice(RelaxedHogwild()) }
    public static var hogwildAtomic: SchemeChoice { SchemeChoice(AtomicHogwild()) }
    public static var coordinateLocks: SchemeChoice { SchemeChoice(CoordinateLocks()) }
    public static var roundRobin: SchemeChoice { SchemeChoice(RoundRobin()) }
    public static var globalLock: SchemeChoice { SchemeChoice(GlobalLock()) }
    public static var automatic: SchemeChoice { SchemeChoice(AutomaticScheme()) }
    public static func conflictFree(_ settings: ConflictFreeSettings = ConflictFreeSettings()) -> SchemeChoice {
        SchemeChoice(ConflictFree(settings: settings))
    }
    public static func hotReplicas(_ settings: HotReplicaSettings = HotReplicaSettings()) -> SchemeChoice {
        SchemeChoice(HotReplicas(settings: settings))
    }

    /// Every scheme of the catalog with default settings.
    public static var all: [SchemeChoice] { SchemeCatalog.rules.map { SchemeChoice(anyScheme: $0.init()) } }

    init(anyScheme: any SchemeRule) { scheme = anyScheme }

    /// The scheme's name.
    public var kind: SchemeKind { scheme.kind }

    /// The name, with the settings when they are not the defaults (`hotReplicas(K=64,M=8)`).
    public var description: String {
        let settings = scheme.settingsDescription
        return settings.isEmpty ? kind.rawValue : "\(kind.rawValue)(\(settings))"
    }

    /// The label of its curves in figures, with the settings when they are not the defaults.
    public var figureLabel: String {
        let settings = scheme.settingsDescription
        let name = type(of: scheme).displayName
        return settings.isEmpty ? name : "\(name) (\(settings))"
    }

    /// The colour of its curves in figures.
    public var figureColor: String { type(of: scheme).figureColor }

    /// Throws if the settings are out of range.
    public func validate() throws(TrainingError) { try scheme.validate() }

    public static func == (a: SchemeChoice, b: SchemeChoice) -> Bool { AnyHashable(a.scheme) == AnyHashable(b.scheme) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(scheme)) }

    /// Written as one object: `{"scheme": "hotReplicas", "mergeInterval": 64, …}`.
    public func encode(to encoder: Encoder) throws {
        try encoder.encodeNamed(kind.rawValue, key: "scheme", settings: scheme)
    }

    public init(from decoder: Decoder) throws {
        let name = try decoder.decodeName(key: "scheme")
        guard let rule = SchemeCatalog.rule(SchemeKind(rawValue: name)) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown scheme '\(name)'"))
        }
        scheme = try rule.init(from: decoder)
    }
}
