/// The update schemes by name, for results, the command line and run-time choice.
///
/// ```swift
/// let kind = try SchemeKind(parsing: "coordinateLocks")
/// let report = try Training.run(svm, scheme: kind, configuration: config, parameters: x)
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

    /// The label the paper's figures use.
    public var paperLabel: String {
        switch self {
        case .hogwild: return "HOGWILD!"
        case .hogwildAtomic: return "HOGWILD! (atomic add)"
        case .coordinateLocks: return "AIG"
        case .roundRobin: return "RR"
        case .globalLock: return "locked SGD"
        case .hotReplicas: return "HOGWILD! + hot replicas"
        }
    }

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
