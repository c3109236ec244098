import Dispatch
import HogwildCore
import HogwildPlatform
import HogwildSupport
import Synchronization

/// Ends a rank that waits too long for the others: a peer that hangs, or a network
/// that silently stops delivering, would otherwise leave this rank blocked in an MPI
/// call forever. (A peer that dies is noticed by `mpirun`, which ends the job within
/// seconds; this covers what it cannot see.)
///
/// Every blocking call runs inside ``guarding(_:_:)``; a timer thread looks twice a
/// second and, past the limit, prints which call on which rank waited and exits the
/// process with status 1, which makes `mpirun` end the other ranks.
///
/// ## Concurrency contract
/// One call is guarded at a time (calls are serialized on the trainer's thread); the
/// timer thread only reads the atomics.
final class Watchdog: Sendable {
    let rank: Int
    let limitNanoseconds: UInt64
    private let since = Atomic<UInt64>(0)
    private let call = Atomic<Int>(0)
    private let names = Mutex<[String]>([])

    init(rank: Int, limitSeconds: Double) {
        self.rank = rank
        limitNanoseconds = UInt64(max(0.1, limitSeconds) * 1e9)
        let limit = limitNanoseconds
        DispatchQueue.global(qos: .utility).async { [self] in
            while true {
                usleep(500_000)
                let started = since.load(ordering: .acquiring)
                if started != 0, MonotonicClock.nanoseconds() &- started > limit {
                    let name = names.withLock {
                        $0.indices.contains(call.load(ordering: .relaxed))
                            ? $0[call.load(ordering: .relaxed)] : "an MPI call"
                    }
                    let message =
                        "hogwild rank \(self.rank): no reply from the other ranks for \(limit / 1_000_000_000) s in "
                        + "\(name): a rank died, hung or cannot be reached; ending the job\n"
                    _ = message.withCString { write(2, $0, strlen($0)) }
                    _exit(1)
                }
            }
        }
    }

    /// Runs `body` (one blocking MPI call or a short sequence of them) under the limit.
    func guarding<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let index = names.withLock { names -> Int in
            if let i = names.firstIndex(of: name) { return i }
            names.append(name)
            return names.count - 1
        }
        call.store(index, ordering: .relaxed)
        since.store(MonotonicClock.nanoseconds(), ordering: .releasing)
        defer { since.store(0, ordering: .releasing) }
        return try body()
    }
}
