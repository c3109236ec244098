import HogwildPlatform
import HogwildSupport
import Synchronization

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

    /// Delays of at least this long watch the clock; shorter ones count loop
    /// iterations calibrated once, because two clock reads (~20–50 ns in a VM) would
    /// be longer than the delay itself.
    public static let clockThreshold = 2_000

    @usableFromInline
    static func spin(_ nanoseconds: Int) {
        if nanoseconds < clockThreshold {
            SpinCalibration.spin(iterations: Int(Double(nanoseconds) * SpinCalibration.iterationsPerNanosecond))
            return
        }
        let end = MonotonicClock.nanoseconds() &+ UInt64(nanoseconds)
        while MonotonicClock.nanoseconds() < end {}
    }
}

/// A busy loop whose speed is measured once per process.
enum SpinCalibration {
    /// Loop iterations per nanosecond on this machine (measured over ~2 ms).
    static let iterationsPerNanosecond: Double = {
        let iterations = 1_000_000
        var best = Double.infinity
        for _ in 0..<3 {
            let start = MonotonicClock.nanoseconds()
            spin(iterations: iterations)
            best = min(best, Double(MonotonicClock.nanoseconds() &- start))
        }
        return Double(iterations) / max(best, 1)
    }()

    /// Runs `iterations` rounds of dependent integer arithmetic the optimizer cannot
    /// remove (the result is published once through an atomic).
    @inline(never)
    static func spin(iterations: Int) {
        var x: UInt64 = 0x9E37_79B9
        for _ in 0..<max(0, iterations) { x = x &* 6_364_136_223_846_793_005 &+ 1 }
        sink.store(x, ordering: .relaxed)
    }

    static let sink = Atomic<UInt64>(0)
}
