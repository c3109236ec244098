/// Euclidean projection onto the probability simplex {x : x ≥ 0, Σx = 1}
/// (Duchi, Shalev-Shwartz, Singer, Chandra 2008): sort descending, find the largest j
/// with u_j > (Σ_{i≤j} u_i − 1)/j, subtract that threshold, clip at 0.
///
/// ```swift
/// var v: [Float] = [0.9, 0.8, -0.3]
/// v.withUnsafeMutableBufferPointer { p in
///     let sorted = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3); defer { sorted.deallocate() }
///     SimplexProjection.project(p, sortBuffer: sorted)          // v == [0.55, 0.45, 0]
/// }
/// ```
public enum SimplexProjection {
    /// Projects `values` in place; `sortBuffer` holds at least `values.count` floats.
    @inlinable
    public static func project(
        _ values: UnsafeMutableBufferPointer<Float>,
        sortBuffer: UnsafeMutableBufferPointer<Float>
    ) {
        let n = values.count
        guard n > 0 else { return }
        // Insertion sort, descending: n is the number of labels, small.
        for i in 0..<n {
            let v = values[i]
            var j = i
            while j > 0, sortBuffer[j - 1] < v {
                sortBuffer[j] = sortBuffer[j - 1]
                j -= 1
            }
            sortBuffer[j] = v
        }
        var cumulative: Float = 0
        var threshold: Float = 0
        for j in 0..<n {
            cumulative += sortBuffer[j]
            let candidate = (cumulative - 1) / Float(j + 1)
            if sortBuffer[j] > candidate { threshold = candidate }
        }
        for i in 0..<n { values[i] = max(values[i] - threshold, 0) }
    }
}
