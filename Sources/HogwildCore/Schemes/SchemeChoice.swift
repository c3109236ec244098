import HogwildSupport

/// An update scheme chosen at run time, with its settings: what sweeps, comparisons
/// and the command line hold, and what ``Training/run(_:scheme:optimizer:configuration:parameters:stop:onEpoch:)``
/// dispatches on (once per run, to the generic trainer specialized for the scheme).
///
/// A scheme's settings travel with it (hot replicas' K, M and merge mode), not in the
/// training configuration. Adding a scheme: its type, a case here and in
/// ``SchemeKind``, and a line in `Training.run`.
///
/// ```swift
/// let schemes: [SchemeChoice] = [.hogwild, .coordinateLocks, .hotReplicas(HotReplicaSettings(mergeInterval: 64))]
/// ```
public enum SchemeChoice: Sendable, Hashable, Codable, CustomStringConvertible {
    case hogwild
    case hogwildAtomic
    case coordinateLocks
    case roundRobin
    case globalLock
    case hotReplicas(HotReplicaSettings)

    /// The scheme `kind` with default settings.
    public init(_ kind: SchemeKind) {
        switch kind {
        case .hogwild: self = .hogwild
        case .hogwildAtomic: self = .hogwildAtomic
        case .coordinateLocks: self = .coordinateLocks
        case .roundRobin: self = .roundRobin
        case .globalLock: self = .globalLock
        case .hotReplicas: self = .hotReplicas(HotReplicaSettings())
        }
    }

    /// Every scheme with default settings.
    public static var all: [SchemeChoice] { SchemeKind.allCases.map(SchemeChoice.init) }

    /// The scheme's name.
    public var kind: SchemeKind {
        switch self {
        case .hogwild: return .hogwild
        case .hogwildAtomic: return .hogwildAtomic
        case .coordinateLocks: return .coordinateLocks
        case .roundRobin: return .roundRobin
        case .globalLock: return .globalLock
        case .hotReplicas: return .hotReplicas
        }
    }

    /// The name, with the settings when they are not the defaults (`hotReplicas(K=64,M=8)`).
    public var description: String {
        guard case .hotReplicas(let s) = self, s != HotReplicaSettings() else { return kind.rawValue }
        var parts: [String] = []
        if let k = s.hotCoordinates { parts.append("K=\(k)") }
        if let m = s.mergeInterval { parts.append("M=\(m)") }
        if s.merge != .atomicAdd { parts.append("merge=\(s.merge == .relaxedStore ? "relaxed" : "atomic")") }
        return "\(kind.rawValue)(\(parts.joined(separator: ",")))"
    }

    /// Written as one object: `{"scheme": "hotReplicas", "mergeInterval": 64, …}`.
    public func encode(to encoder: Encoder) throws {
        if case .hotReplicas(let settings) = self {
            try encoder.encodeNamed(kind.rawValue, key: "scheme", settings: settings)
        } else {
            try encoder.encodeNamed(kind.rawValue, key: "scheme", settings: nil as HotReplicaSettings?)
        }
    }

    public init(from decoder: Decoder) throws {
        let name = try decoder.decodeName(key: "scheme")
        guard let kind = SchemeKind(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown scheme '\(name)'"))
        }
        self = kind == .hotReplicas ? .hotReplicas(try HotReplicaSettings(from: decoder)) : SchemeChoice(kind)
    }

    /// Throws if the settings are out of range.
    public func validate() throws(TrainingError) {
        if case .hotReplicas(let settings) = self { try settings.validate() }
    }
}
