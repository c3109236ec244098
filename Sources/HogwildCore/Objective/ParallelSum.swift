import Dispatch

/// Deterministic parallel summation used for full-objective evaluation.
///
/// The range is cut into fixed chunks (independent of the core count), each chunk is
/// summed in order, and the chunk sums are added in order: the same inputs always
/// give the same bits, on 2 cores or 64.
public enum ParallelSum {
    /// Terms per chunk.
    public static let chunk = 4096

    /// Σ_{i < count} value(i), summed in `Double`.
    public static func sum(count: Int, _ value: (Int) -> Double) -> Double {
        guard count > 0 else { return 0 }
        let chunks = (count + chunk - 1) / chunk
        if chunks == 1 { return sumChunk(0..<count, value) }
        var partial = [Double](repeating: 0, count: chunks)
        partial.withUnsafeMutableBufferPointer { out in
            let out = UncheckedSendable(out)
            withoutActuallyEscaping(value) { value in
                let value = UncheckedSendable(value)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let range = (c * chunk)..<min(count, (c + 1) * chunk)
                    out.value[c] = sumChunk(range, value.value)
                }
            }
        }
        return partial.reduce(0, +)
    }

    @inline(__always)
    static func sumChunk(_ range: Range<Int>, _ value: (Int) -> Double) -> Double {
        var s = 0.0
        for i in range { s += value(i) }
        return s
    }
}

/// Carries a value the compiler cannot prove `Sendable` across a
/// `concurrentPerform` whose iterations touch disjoint parts of it.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline var value: Value
    @inlinable init(_ value: Value) { self.value = value }
}
