import Hogwild
import HogwildPlatform
import Synchronization

/// Ctrl-C and `kill` during training: the first SIGINT or SIGTERM asks the trainer to
/// stop after the epoch it is in (the epoch finishes: a stop mid-epoch would leave a
/// state no checkpoint can describe), then the command saves a checkpoint if one is
/// configured, says how to resume and exits with 128 + the signal's number. A second
/// signal exits at once, losing what the last checkpoint does not hold.
///
/// In a distributed job `mpirun` turns a SIGINT (or SIGTERM) it receives into SIGTERM to
/// every rank `odls_base_sigkill_timeout` seconds later (default 1) and SIGKILL as long
/// again after; each rank asks for the stop, and the ranks agree at the end of the epoch
/// (``ParameterExchange/agreeToStop(_:)``), so all stop after the same epoch and rank
/// 0 saves one coordinated checkpoint. A job that should save on interruption is
/// launched with that timeout above an epoch's time (`--mca odls_base_sigkill_timeout 60`).
///
/// The handler only does what a signal handler may: atomic stores and write(2).
///
/// ## Concurrency contract
/// One process-wide instance; the handler and any thread may read it.
final class Interruption: Sendable {
    static let shared = Interruption()

    /// The stop signal handed to the trainer.
    let stop = StopSignal()
    /// Signals received (0: none).
    let count = Atomic<Int>(0)
    /// The first signal's number.
    let firstSignal = Atomic<Int32>(0)

    /// What the first signal prints: the single process's line, or the rank's.
    nonisolated(unsafe) private static var firstMessage: UnsafeMutableBufferPointer<UInt8>?

    /// Routes SIGINT and SIGTERM here until ``uninstall()``; `rank` names a distributed
    /// job's rank, whose first signal says what the job will do.
    func install(rank: String? = nil) {
        let message =
            rank.map {
                "\nhogwild \($0): interrupted (mpirun sends SIGTERM to every rank when it is interrupted, or "
                    + "when a rank failed): finishing the current epoch with the other ranks, then rank 0 saves the "
                    + "checkpoint before mpirun's SIGKILL (odls_base_sigkill_timeout s after its SIGTERM: 1 s unless "
                    + "launched with --mca odls_base_sigkill_timeout N); again to quit at once\n"
            } ?? "\ninterrupted: finishing the current epoch, then stopping (again to quit at once)\n"
        let text = Array(message.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
        _ = buffer.initialize(from: text)
        Self.firstMessage = buffer  // set before the handler can run; never freed (one per process)
        _ = Interruption.shared.count.load(ordering: .relaxed)  // initialized before any handler runs
        // A parent may have started us with the signals blocked (the mask is inherited):
        // unblock them on this thread, the trainer's, so they reach the handler.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in Interruption.shared.received(number) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
        }
    }

    /// Back to the default actions.
    func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    var wasInterrupted: Bool { count.load(ordering: .acquiring) > 0 }

    /// The signal's name for messages.
    var signalName: String { firstSignal.load(ordering: .acquiring) == SIGTERM ? "SIGTERM" : "SIGINT" }

    /// The exit status for the first signal: 128 + its number, as shells report it.
    var exitStatus: Int32 { 128 + firstSignal.load(ordering: .acquiring) }

    private func received(_ number: Int32) {
        if count.add(1, ordering: .acquiringAndReleasing).newValue == 1 {
            firstSignal.store(number, ordering: .releasing)
            stop.requestStop()
            if let message = Self.firstMessage { _ = write(2, message.baseAddress, message.count) }
        } else {
            Self.say("\ninterrupted again: quitting now\n")
            _exit(128 + number)
        }
    }

    private static func say(_ message: StaticString) {
        _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    }
}
