import CHogwildMPI
import HogwildCore
import HogwildData
import HogwildPlatform
import Synchronization

/// This process's place in a distributed job: its rank among `size` ranks started by
/// `mpirun`, and the collective calls the trainer and the data loaders make through
/// Open MPI (loaded at run time, so building and running without MPI need nothing).
///
/// Every call blocks until the ranks meet, under the ``Watchdog``'s limit, and throws
/// ``DistributedError`` naming the call and rank when MPI reports a failure. Calls
/// are made by one thread at a time (MPI is initialized `MPI_THREAD_SERIALIZED`).
///
/// ```swift
/// let cluster = try Cluster.join()
/// let workload = try WorkloadCatalog.make(spec, group: cluster)   // this rank's part of the data
/// control.exchange = try cluster.makeExchange(ExchangeSettings(method: .averaging, every: 10_000))
/// ```
///
/// ## Concurrency contract
/// One instance per process; its MPI calls are serialized by the caller (the
/// trainer's thread); the byte counter is atomic.
public final class Cluster: ShardGroup, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    public var shard: DataShard { DataShard(index: rank, count: size)! }
    public var isRoot: Bool { rank == 0 }
    let watchdog: Watchdog
    /// Bytes this rank has handed to MPI to send (payload), since the start.
    let payloadBytes = Atomic<Int>(0)

    private static let joined = Mutex<Bool>(false)

    /// Whether this process was started by an MPI launcher (Open MPI's or PMIx's
    /// environment is present).
    public static var isLaunchedByMPI: Bool {
        let names: [String] = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"]
        return names.contains { name in getenv(name) != nil }
    }

    /// Loads Open MPI, initializes it and returns this rank. Once per process.
    /// `timeoutSeconds` bounds every wait for the other ranks (see ``Watchdog``).
    public static func join(timeoutSeconds: Double = 300) throws(DistributedError) -> Cluster {
        guard isLaunchedByMPI else { throw .notLaunched }
        let first = joined.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { throw .unsupported("MPI can be started only once per process") }
        var message = [CChar](repeating: 0, count: 1024)
        guard hogwild_mpi_load(&message, message.count) == 0 else {
            throw .libraryUnavailable(Self.text(message))
        }
        var provided: Int32 = 0
        try check(hogwild_mpi_init(&provided), "MPI_Init_thread", rank: -1)
        var rank: Int32 = 0, size: Int32 = 0
        try check(hogwild_mpi_rank(&rank), "MPI_Comm_rank", rank: -1)
        try check(hogwild_mpi_size(&size), "MPI_Comm_size", rank: Int(rank))
        guard provided >= 2 else {
            throw .unsupported(
                "this MPI library gives thread level \(provided); the trainer needs MPI_THREAD_SERIALIZED (2)")
        }
        return Cluster(rank: Int(rank), size: Int(size), timeoutSeconds: timeoutSeconds)
    }

    private init(rank: Int, size: Int, timeoutSeconds: Double) {
        self.rank = rank
        self.size = size
        watchdog = Watchdog(rank: rank, limitSeconds: timeoutSeconds)
    }

    static func check(_ code: Int32, _ call: String, rank: Int) throws(DistributedError) {
        guard code != 0 else { return }
        var text = [CChar](repeating: 0, count: 1024)
        hogwild_mpi_error_string(code, &text, text.count)
        throw .callFailed(call: call, rank: rank, reason: Self.text(text))
    }

    /// A C string buffer's text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func check(_ code: Int32, _ call: String) throws(DistributedError) {
        try Self.check(code, call, rank: rank)
    }

    /// The largest count one MPI call moves (its counts are 32-bit).
    static let chunk = 1 << 26

    // MARK: Collectives

    /// Element-wise sums of `count` floats over every rank, in place.
    public func sum(_ values: UnsafeMutablePointer<Float>, count: Int) throws(DistributedError) {
        try watchdog.guarding("MPI_Allreduce") { () throws(DistributedError) in
            var done = 0
            while done < count {
                let n = min(Self.chunk, count - done)
                try check(hogwild_mpi_allreduce_sum_float(values + done, Int32(n)), "MPI_Allreduce")
                done += n
            }
        }
        payloadBytes.add(count * 4, ordering: .relaxed)
    }

    public func sum(_ values: inout [Double]) throws {
        try sumDoubles(&values)
    }

    /// Element-wise sums of doubles over every rank, in place.
    public func sumDoubles(_ values: inout [Double]) throws(DistributedError) {
        let count = values.count
        try values.withUnsafeMutableBufferPointer { (buffer) throws(DistributedError) in
            try watchdog.guarding("MPI_Allreduce") { () throws(DistributedError) in
                var done = 0
                while done < count {
                    let n = min(Self.chunk, count - done)
                    try check(hogwild_mpi_allreduce_sum_double(buffer.baseAddress! + done, Int32(n)), "MPI_Allreduce")
                    done += n
                }
            }
        }
    }

    public func maximum(_ value: Double) throws -> Double {
        var v = value
        try watchdog.guarding("MPI_Allreduce") { () throws(DistributedError) in
            try check(hogwild_mpi_allreduce_max_double(&v, 1), "MPI_Allreduce")
        }
        return v
    }

    /// Every rank's `values` (the same length on all), rank 0's first.
    public func gather(_ values: [Double]) throws(DistributedError) -> [[Double]] {
        var all = [Double](repeating: 0, count: values.count * size)
        try watchdog.guarding("MPI_Allgather") { () throws(DistributedError) in
            try check(hogwild_mpi_allgather_double(values, &all, Int32(values.count)), "MPI_Allgather")
        }
        return (0..<size).map { Array(all[($0 * values.count)..<(($0 + 1) * values.count)]) }
    }

    /// Rank `root`'s `count` floats to every rank.
    public func broadcast(_ values: UnsafeMutablePointer<Float>, count: Int, root: Int = 0) throws(DistributedError) {
        try watchdog.guarding("MPI_Bcast") { () throws(DistributedError) in
            var done = 0
            while done < count {
                let n = min(Self.chunk, count - done)
                try check(
                    hogwild_mpi_broadcast(UnsafeMutableRawPointer(values + done), Int32(n * 4), Int32(root)),
                    "MPI_Bcast")
                done += n
            }
        }
        if rank == root { payloadBytes.add(count * 4, ordering: .relaxed) }
    }

    public func barrier() throws(DistributedError) {
        try watchdog.guarding("MPI_Barrier") { () throws(DistributedError) in
            try check(hogwild_mpi_barrier(), "MPI_Barrier")
        }
    }

    /// Ends the whole job now: prints `message` and asks MPI to stop every rank.
    public func abort(_ message: String, status: Int32 = 1) -> Never {
        let line = "hogwild rank \(rank): \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        _ = hogwild_mpi_abort(status)
        _exit(status)
    }

    /// Leaves the job (collective: every rank calls it at the end).
    public func finish() throws(DistributedError) {
        try watchdog.guarding("MPI_Finalize") { () throws(DistributedError) in
            try check(hogwild_mpi_finalize(), "MPI_Finalize")
        }
    }

    // MARK: Metrics

    /// The job's metrics from every rank's: each rank's value weighs by `weight` (its
    /// rows); root-mean-square metrics (`*rmse*`) combine as the root of the weighted
    /// mean of squares, sums (`cut`) add, the rest are weighted means. Every rank must
    /// hold the same metric names.
    public func combine(metrics: [String: Double], weight: Double) throws(DistributedError) -> [String: Double] {
        let names = metrics.keys.sorted()
        var values =
            [weight]
            + names.map { name -> Double in
                let v = metrics[name]!
                if name == "cut" { return v }
                return name.contains("rmse") ? v * v * weight : v * weight
            }
        try sumDoubles(&values)
        var combined: [String: Double] = [:]
        for (i, name) in names.enumerated() {
            let v = values[i + 1]
            if name == "cut" {
                combined[name] = v
            } else if name.contains("rmse") {
                combined[name] = (v / values[0]).squareRoot()
            } else {
                combined[name] = v / values[0]
            }
        }
        return combined
    }
}
