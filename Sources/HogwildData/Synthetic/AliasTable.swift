import HogwildPlatform
import HogwildSupport

/// Walker's alias method (Vose's construction): O(n) to build, O(1) per draw from a
/// fixed discrete distribution. The generators draw millions of features or items
/// from power laws with it.
///
/// ```swift
/// let table = AliasTable(weights: [5, 3, 2])
/// var rng = Xoshiro256(seed: 1)
/// let i = table.sample(using: &rng)   // 0 half the time
/// ```
public struct AliasTable: Sendable {
    @usableFromInline let probability: [Float]
    @usableFromInline let alias: [Int32]

    /// A table for weights proportional to `weights` (non-negative, not all zero).
    public init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0 && n <= Int(Int32.max), "an alias table needs 1...\(Int32.max) weights")
        let total = weights.reduce(0, +)
        precondition(total > 0 && total.isFinite, "alias table weights must have a positive finite sum")
        var scaled = weights.map { $0 * Double(n) / total }
        var probability = [Float](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        var small: [Int] = [], large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.last {
            probability[s] = Float(scaled[s])
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // What is left has probability 1 up to rounding.
        for i in small + large {
            probability[i] = 1
            alias[i] = Int32(i)
        }
        self.probability = probability
        self.alias = alias
    }

    /// The number of outcomes.
    public var count: Int { probability.count }

    /// One draw.
    @inlinable
    public func sample(using rng: inout Xoshiro256) -> Int {
        let i = rng.next(below: count)
        return rng.nextUnitFloat() < probability[i] ? i : Int(alias[i])
    }

    /// Weights w_k ∝ 1/(k+1)^exponent for k in 0..<count: Zipf's law, the shape of
    /// word and feature frequencies in text.
    public static func zipf(count: Int, exponent: Double) -> AliasTable {
        AliasTable(weights: (0..<count).map { 1 / _pow(Double($0 + 1), exponent) })
    }
}

func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
