/// The update schemes by name, for results and the command line. ``SchemeChoice``
/// is the run-time choice with the scheme's settings.
///
/// ```swift
/// let kind = try SchemeKind(parsing: "aig")   // .coordinateLocks
/// ```
public enum SchemeKind: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case hogwild
    case hogwildAtomic
    case coordinateLocks
    case roundRobin
    case globalLock
    case hotReplicas

    /// The name used on the command line and in result files.
    public var description: String { rawValue }

    /// Other spellings accepted by ``init(parsing:)``.
    static let aliases: [String: SchemeKind] = [
        "hogwild-atomic": .hogwildAtomic, "atomic": .hogwildAtomic,
        "coordinate-locks": .coordinateLocks, "aig": .coordinateLocks, "locks": .coordinateLocks,
        "round-robin": .roundRobin, "rr": .roundRobin,
        "global-lock": .globalLock, "lock": .globalLock, "locked": .globalLock,
        "hot-replicas": .hotReplicas, "hot": .hotReplicas, "replicas": .hotReplicas,
    ]

    /// Parses a scheme name (case-insensitive; also `aig`, `rr`, `lock`, kebab-case).
    public init(parsing text: String) throws(TrainingError) {
        let lowered = text.lowercased()
        if let kind = SchemeKind.allCases.first(where: { $0.rawValue.lowercased() == lowered }) {
            self = kind
        } else if let kind = Self.aliases[lowered] {
            self = kind
        } else {
            throw .unknownScheme(text)
        }
    }
}
