import Dispatch
import HogwildPlatform
import HogwildSupport

/// Deterministic parallel summation, used to evaluate objectives.
///
/// The range is cut into fixed chunks (independent of the core count), each chunk is
/// summed in order, and the chunk sums are added in order: the same inputs always
/// give the same bits, on 2 cores or 64. Each thread taking part gets its own state
/// (an objective's workspace), made once per thread rather than per term.
///
/// ```swift
/// let total = ParallelSum.sum(count: 1_000_000) { i in Double(i) }
/// ```
public enum ParallelSum {
    /// Terms per chunk unless a caller asks otherwise.
    public static let chunk = 4096

    /// Σ_{i < count} value(i), summed in `Double`.
    public static func sum(count: Int, chunk: Int = chunk, _ value: (Int) -> Double) -> Double {
        sum(count: count, chunk: chunk, makeState: { () }, { _, i in value(i) })
    }

    /// Σ_{i < count} value(&state, i), where each thread makes its `state` once with
    /// `makeState` and passes it to every `value` call it makes.
    public static func sum<State>(
        count: Int, chunk: Int = chunk, makeState: () -> State,
        _ value: (inout State, Int) -> Double
    ) -> Double {
        guard count > 0 else { return 0 }
        let chunk = max(1, chunk)
        let chunks = (count + chunk - 1) / chunk
        if chunks == 1 {
            var state = makeState()
            return sumChunk(0..<count, &state, value)
        }
        let lanes = min(chunks, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var partial = [Double](repeating: 0, count: chunks)
        partial.withUnsafeMutableBufferPointer { out in
            // Lane l writes only the chunks l, l + lanes, …: disjoint slots.
            let out = UncheckedSendable(out)
            withoutActuallyEscaping(value) { value in
                withoutActuallyEscaping(makeState) { makeState in
                    // Called only while concurrentPerform runs, which this call waits for.
                    let value = UncheckedSendable(value), makeState = UncheckedSendable(makeState)
                    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                        var state = makeState.value()
                        for c in stride(from: lane, to: chunks, by: lanes) {
                            let range = (c * chunk)..<min(count, (c + 1) * chunk)
                            out.value[c] = sumChunk(range, &state, value.value)
                        }
                    }
                }
            }
        }
        return partial.reduce(0, +)
    }

    @inline(__always)
    static func sumChunk<State>(
        _ range: Range<Int>, _ state: inout State,
        _ value: (inout State, Int) -> Double
    ) -> Double {
        var s = 0.0
        for i in range { s += value(&state, i) }
        return s
    }
}
