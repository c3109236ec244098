/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator used here to derive
/// independent seeds, e.g. one per worker from the run's seed.
///
/// ```swift
/// var mixer = SplitMix64(seed: 42)
/// let workerSeed = mixer.next()
/// ```
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed for stream `index` of the run seeded `seed`: distinct, well-mixed seeds
    /// for workers 0, 1, 2, … that do not overlap for nearby run seeds.
    @inlinable
    public static func derive(seed: UInt64, stream index: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        _ = mixer.next()
        return mixer.next()
    }
}
