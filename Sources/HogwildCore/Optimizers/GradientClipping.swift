/// Limits on a term's gradient, applied before the optimizer's rule (and before weight
/// decay), as `torch.nn.utils.clip_grad_value_` and `clip_grad_norm_` do before
/// `optimizer.step()`:
///
///     by value c:  g_j ← min(max(g_j, −c), c)
///     by norm  c:  g ← g · min(1, c / ‖g‖₂)      (‖g‖ over the term's whole gradient)
///
/// Both may be set; value clipping comes first.
///
/// ```swift
/// var config = TrainingConfiguration(threads: 4)
/// config.clipping = GradientClipping(norm: 5)
/// ```
public struct GradientClipping: Sendable, Hashable, Codable {
    /// c for clipping each coordinate, or nil.
    public var value: Float?
    /// c for clipping the Euclidean norm, or nil.
    public var norm: Float?

    public init(value: Float? = nil, norm: Float? = nil) {
        self.value = value
        self.norm = norm
    }

    /// Whether either limit is set.
    @inlinable public var isActive: Bool { value != nil || norm != nil }

    public func validate() throws(TrainingError) {
        if let value { try TrainingError.check("clip value", value, value > 0, "a finite number > 0") }
        if let norm { try TrainingError.check("clip norm", norm, norm > 0, "a finite number > 0") }
    }

    /// Clips `gradient` in place.
    @inlinable
    public func apply(to gradient: inout TermGradient) {
        if let c = value {
            for i in 0..<gradient.count { gradient.values[i] = min(max(gradient.values[i], -c), c) }
            for i in 0..<gradient.runValueCount { gradient.runValues[i] = min(max(gradient.runValues[i], -c), c) }
        }
        if let c = norm {
            let length = gradient.squaredNorm.squareRoot()
            guard length > Double(c) else { return }
            let scale = Float(Double(c) / length)
            for i in 0..<gradient.count { gradient.values[i] *= scale }
            for i in 0..<gradient.runValueCount { gradient.runValues[i] *= scale }
        }
    }
}
