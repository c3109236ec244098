import HogwildCore

extension SchemeKind {
    /// The label the paper's figures use ("HOGWILD!", "AIG", "RR").
    public var figureLabel: String {
        switch self {
        case .hogwild: return "HOGWILD!"
        case .hogwildAtomic: return "HOGWILD! (atomic add)"
        case .coordinateLocks: return "AIG"
        case .roundRobin: return "RR"
        case .globalLock: return "locked SGD"
        case .hotReplicas: return "HOGWILD! + hot replicas"
        }
    }
}

extension SchemeChoice {
    /// The figure label, with the settings when they are not the defaults.
    public var figureLabel: String {
        guard case .hotReplicas(let settings) = self, settings != HotReplicaSettings() else { return kind.figureLabel }
        let text = description
        return kind.figureLabel + " " + text[text.firstIndex(of: "(")!...]
    }
}
