/// The schemes by the names the command line and ``SchemeChoice`` use, so that code
/// picks a scheme the same way everywhere:
///
/// ```swift
/// let report = try Trainer(objective: svm, scheme: .globalLock, configuration: .init(threads: 4)).run(on: x)
/// let same = try AnyTrainer(objective: svm, scheme: .globalLock, configuration: .init(threads: 4)).run(on: y)
/// ```
extension UpdateScheme where Self == RelaxedHogwild {
    /// ``RelaxedHogwild``: relaxed stores, no locks.
    public static var hogwild: RelaxedHogwild { RelaxedHogwild() }
}

extension UpdateScheme where Self == AtomicHogwild {
    /// ``AtomicHogwild``: an atomic add per coordinate.
    public static var hogwildAtomic: AtomicHogwild { AtomicHogwild() }
}

extension UpdateScheme where Self == CoordinateLocks {
    /// ``CoordinateLocks``: the paper's AIG.
    public static var coordinateLocks: CoordinateLocks { CoordinateLocks() }
}

extension UpdateScheme where Self == RoundRobin {
    /// ``RoundRobin``: the paper's RR.
    public static var roundRobin: RoundRobin { RoundRobin() }
}

extension UpdateScheme where Self == GlobalLock {
    /// ``GlobalLock``: locked SGD.
    public static var globalLock: GlobalLock { GlobalLock() }
}

extension UpdateScheme where Self == HotReplicas {
    /// ``HotReplicas`` with automatic K and M.
    public static var hotReplicas: HotReplicas { HotReplicas() }
    /// ``HotReplicas`` with the given settings.
    public static func hotReplicas(_ settings: HotReplicaSettings) -> HotReplicas { HotReplicas(settings: settings) }
}
