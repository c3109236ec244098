import HogwildPlatform

/// Backoff for busy-wait loops: spin a while, then give the core away.
///
/// The paper's RR and AIG busy-wait, which is fastest when every worker owns a core.
/// With more workers than cores a pure spin can starve the very thread it waits for,
/// so after a short spin each further round calls `sched_yield`.
@frozen
public struct SpinWait {
    @usableFromInline var spins = 0
    /// Spins before the first yield.
    @usableFromInline static var spinLimit: Int { 64 }

    @inlinable public init() {}

    /// Waits a little longer than last time.
    @inlinable @inline(__always)
    public mutating func pause() {
        if spins < Self.spinLimit {
            spins += 1
        } else {
            Self.yieldProcessor()
        }
    }

    @usableFromInline
    static func yieldProcessor() {
        _ = sched_yield()
    }
}
