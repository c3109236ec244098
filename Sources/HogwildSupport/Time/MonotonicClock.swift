import HogwildPlatform

/// Nanoseconds from a monotonic clock (for timing and delays; not wall time).
///
/// ```swift
/// let start = MonotonicClock.nanoseconds()
/// work()
/// print(MonotonicClock.seconds(since: start))
/// ```
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot, on Linux).
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
