import HogwildPlatform

/// The step size γ as a function of the epoch k (from 0) and the update count t.
///
/// | schedule | γ |
/// |---|---|
/// | `constant(γ0)` | γ0 |
/// | `epochDecay(initial: γ0, factor: β)` | γ0 · β^k — the paper's experiments (β = 0.9 after each epoch) |
/// | `inverseTime(initial: γ0, decay: λ)` | γ0 / (1 + λ·t) — the 1/t rate |
/// | `inverseScaling(initial: γ0, power: p)` | γ0 / (1 + t)^p — scikit-learn's "invscaling" |
///
/// Per-update schedules see t as the worker's estimate of the global update count
/// (its own count × threads + its index), which needs no shared counter.
///
/// ```swift
/// let schedule = StepSchedule.epochDecay(initial: 0.05, factor: 0.9)
/// schedule.stepSize(epoch: 2, update: 0)   // 0.05 · 0.81 = 0.0405
/// ```
public enum StepSchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    case constant(Float)
    case epochDecay(initial: Float, factor: Float)
    case inverseTime(initial: Float, decay: Float)
    case inverseScaling(initial: Float, power: Float)

    /// γ at epoch `epoch` (0-based) and update `update`.
    @inlinable
    public func stepSize(epoch: Int, update: Int) -> Float {
        switch self {
        case .constant(let g):
            return g
        case .epochDecay(let g, let beta):
            return g * Self.power(beta, epoch)
        case .inverseTime(let g, let lambda):
            return g / (1 + lambda * Float(update))
        case .inverseScaling(let g, let p):
            return g / Self.pow(1 + Float(update), p)
        }
    }

    /// Whether γ changes within an epoch (the trainer then recomputes it per update).
    @inlinable
    public var isPerUpdate: Bool {
        switch self {
        case .constant, .epochDecay: return false
        case .inverseTime, .inverseScaling: return true
        }
    }

    /// The first step size.
    public var initial: Float { stepSize(epoch: 0, update: 0) }

    /// The same schedule with every step size multiplied by `factor`.
    public func scaled(by factor: Float) -> StepSchedule {
        switch self {
        case .constant(let g): return .constant(g * factor)
        case .epochDecay(let g, let b): return .epochDecay(initial: g * factor, factor: b)
        case .inverseTime(let g, let l): return .inverseTime(initial: g * factor, decay: l)
        case .inverseScaling(let g, let p): return .inverseScaling(initial: g * factor, power: p)
        }
    }

    /// Checks every parameter: γ0 finite and > 0; β in (0, 1]... (β > 1 is allowed but
    /// must be finite and > 0); decay and power finite and ≥ 0.
    public func validate() throws(TrainingError) {
        func positive(_ name: String, _ v: Float) throws(TrainingError) {
            guard v.isFinite, v > 0 else {
                throw .invalidParameter(name: name, value: Double(v), expected: "a finite number > 0")
            }
        }
        func nonNegative(_ name: String, _ v: Float) throws(TrainingError) {
            guard v.isFinite, v >= 0 else {
                throw .invalidParameter(name: name, value: Double(v), expected: "a finite number ≥ 0")
            }
        }
        switch self {
        case .constant(let g): try positive("step size", g)
        case .epochDecay(let g, let beta):
            try positive("step size", g)
            try positive("decay factor", beta)
        case .inverseTime(let g, let lambda):
            try positive("step size", g)
            try nonNegative("decay", lambda)
        case .inverseScaling(let g, let p):
            try positive("step size", g)
            try nonNegative("power", p)
        }
    }

    public var description: String {
        switch self {
        case .constant(let g): return "constant(\(g))"
        case .epochDecay(let g, let b): return "epochDecay(\(g), ×\(b)/epoch)"
        case .inverseTime(let g, let l): return "inverseTime(\(g)/(1+\(l)t))"
        case .inverseScaling(let g, let p): return "inverseScaling(\(g)/(1+t)^\(p))"
        }
    }

    @inlinable
    static func power(_ base: Float, _ exponent: Int) -> Float {
        var result: Float = 1
        for _ in 0..<exponent { result *= base }
        return result
    }

    @inlinable
    static func pow(_ base: Float, _ exponent: Float) -> Float {
        Float(exp(Double(exponent) * log(Double(base))))
    }
}
