#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A busy-wait added to every gradient computation, between reading x_e and writing
/// the step: the paper's delay experiment, which stands in for expensive gradients
/// and stretches the lag τ between a read and its write.
///
/// ```swift
/// var config = TrainingConfiguration(threads: 4)
/// config.delayNanoseconds = 10_000   // 10 µs per gradient
/// ```
@frozen
public struct ArtificialDelay: Sendable {
    /// The wait per gradient, in nanoseconds (0: none).
    public let nanoseconds: Int

    @inlinable public init(nanoseconds: Int) { self.nanoseconds = nanoseconds }

    /// Spins (without sleeping, as a long computation would) for the delay.
    @inlinable @inline(__always)
    public func wait() {
        if nanoseconds > 0 { Self.spin(nanoseconds) }
    }

    @usableFromInline
    static func spin(_ nanoseconds: Int) {
        let end = MonotonicClock.nanoseconds() &+ UInt64(nanoseconds)
        while MonotonicClock.nanoseconds() < end {}
    }
}

/// Nanoseconds from a monotonic clock (for timing and delays; not wall time).
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Seconds elapsed since `start` (a value of ``nanoseconds()``).
    public static func seconds(since start: UInt64) -> Double {
        Double(nanoseconds() &- start) / 1e9
    }
}
