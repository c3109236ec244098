import Synchronization

/// Workloads built once per spec and shared: the paper's recipes use the same data
/// for the table and the figures, and generating a set once saves minutes at full
/// scale.
///
/// ## Concurrency contract
/// Safe to use from any thread (a mutex guards the table); a workload is built while
/// the lock is held, so two threads asking for the same spec get one build.
public final class WorkloadCache: Sendable {
    private let table = Mutex<[WorkloadSpec: any Workload]>([:])

    public init() {}

    /// The workload for `spec`, built on first use.
    public func workload(_ spec: WorkloadSpec) throws -> any Workload {
        try table.withLock { table in
            if let cached = table[spec] { return cached }
            let made = try WorkloadCatalog.make(spec)
            table[spec] = made
            return made
        }
    }
}
