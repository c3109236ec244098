import HogwildCore

/// What can go wrong between ranks, in words a user can act on.
public enum DistributedError: Error, Equatable, CustomStringConvertible {
    /// Open MPI's library could not be loaded (not installed, or not Open MPI).
    case libraryUnavailable(String)
    /// The process was not started by `mpirun` (or `mpiexec`).
    case notLaunched
    /// An MPI call failed: which call, on which rank, MPI's reason.
    case callFailed(call: String, rank: Int, reason: String)
    /// A setting that does not work with this job (ranks, workload, policy…).
    case unsupported(String)

    public var description: String {
        switch self {
        case .libraryUnavailable(let reason):
            return
                "a distributed run needs Open MPI at run time (Debian: apt-get install openmpi-bin libopenmpi-dev): "
                + "\(reason)"
        case .notLaunched:
            return "a distributed run is started by MPI's launcher, mpirun, one process per rank"
        case .callFailed(let call, let rank, let reason):
            return "rank \(rank): \(call) failed: \(reason) (another rank probably died or cannot be reached)"
        case .unsupported(let what):
            return what
        }
    }

    /// The trainer's error for this failure.
    var trainingError: TrainingError { .exchangeFailed(description) }
}
