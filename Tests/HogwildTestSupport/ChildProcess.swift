#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process whose output a test reads with a deadline, so a child that hangs
/// fails its test instead of hanging the suite.
///
/// Started with `posix_spawn`; standard output (and standard error, merged or
/// discarded) comes back through one pipe that is read with `poll`, never with a
/// blocking read that could wait forever.
///
/// ```swift
/// let run = try ChildProcess.run("/usr/bin/env", ["echo", "hi"], within: 10)
/// #expect(run.status == 0 && run.output == "hi\n")
/// ```
public final class ChildProcess {
    /// Where the child's standard error goes.
    public enum StandardError: Sendable { case merged, discarded }

    /// A child did not finish (or did not print what was awaited) within its deadline.
    public struct TimedOut: Error, CustomStringConvertible {
        public let command: String
        public let seconds: Double
        public let output: String
        public var description: String { "\(command) was still running after \(seconds) s; it printed:\n\(output)" }
    }

    /// A child could not be started.
    public struct LaunchFailed: Error, CustomStringConvertible {
        public let command: String
        public let errno: Int32
        public var description: String { "could not start \(command): \(String(cString: strerror(errno)))" }
    }

    public let processIdentifier: pid_t
    /// Everything read from the child so far.
    public private(set) var output = ""
    private var bytes: [UInt8] = []
    private var readEnd: Int32
    private var exitStatus: Int32?
    private let command: String

    /// Starts `executable` (a path) with `arguments` and this process's environment.
    public init(_ executable: String, _ arguments: [String], standardError: StandardError = .merged) throws {
        command = ([executable] + arguments).joined(separator: " ")
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw LaunchFailed(command: command, errno: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        switch standardError {
        case .merged: posix_spawn_file_actions_adddup2(&actions, ends[1], 2)
        case .discarded: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The child starts as a shell would start it: no signal blocked, SIGINT and SIGTERM
        // at their default actions (a test runner's thread may block or ignore them, and a
        // launcher such as mpirun, unlike hogwild, does not undo that).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(ends[1])
        guard status == 0 else {
            close(ends[0])
            throw LaunchFailed(command: command, errno: status)
        }
        processIdentifier = pid
        readEnd = ends[0]
    }

    deinit {
        if exitStatus == nil {
            kill(processIdentifier, SIGKILL)
            var status: Int32 = 0
            waitpid(processIdentifier, &status, 0)
        }
        if readEnd >= 0 { close(readEnd) }
    }

    /// Reads until `condition(output)` holds or the output ends; returns whether it
    /// held. Throws ``TimedOut`` (and kills the child) when `seconds` pass first.
    @discardableResult
    public func read(until condition: (String) -> Bool, within seconds: Double) throws -> Bool {
        let deadline = Self.now() + seconds
        while !condition(output) {
            guard readEnd >= 0 else { return false }
            let left = deadline - Self.now()
            guard left > 0 else { throw timedOut(seconds) }
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { readDescriptor(readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                close(readEnd)
                readEnd = -1
                return condition(output)
            }
            bytes += chunk[0..<count]
            output = String(decoding: bytes, as: UTF8.self)
        }
        return true
    }

    /// Reads everything the child prints and waits for it to exit; its exit status, or
    /// 128 + the signal that ended it (as a shell reports). Throws ``TimedOut`` (and
    /// kills the child) when `seconds` pass first.
    @discardableResult
    public func finish(within seconds: Double) throws -> Int32 {
        let deadline = Self.now() + seconds
        try read(until: { _ in false }, within: seconds)
        while true {
            var status: Int32 = 0
            let pid = waitpid(processIdentifier, &status, WNOHANG)
            if pid == processIdentifier {
                // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
                let signal = status & 0x7f
                let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
                exitStatus = code
                return code
            }
            if pid < 0 && errno != EINTR { throw LaunchFailed(command: command, errno: errno) }
            guard Self.now() < deadline else { throw timedOut(seconds) }
            usleep(10_000)
        }
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(processIdentifier, signal) }

    /// Runs `executable` to its end within `seconds`: its status and all it printed.
    public static func run(
        _ executable: String, _ arguments: [String], standardError: StandardError = .merged, within seconds: Double
    ) throws -> (status: Int32, output: String) {
        let child = try ChildProcess(executable, arguments, standardError: standardError)
        let status = try child.finish(within: seconds)
        return (status, child.output)
    }

    private func timedOut(_ seconds: Double) -> TimedOut {
        kill(processIdentifier, SIGKILL)
        return TimedOut(command: command, seconds: seconds, output: output)
    }

    /// Monotonic seconds.
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

/// `read(2)`, named apart from ``ChildProcess/read(until:within:)``.
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(descriptor, buffer, count)
    #else
    return Darwin.read(descriptor, buffer, count)
    #endif
}
