/// An optimizer that can be chosen by name: on the command line, in sweeps, in result
/// and checkpoint files. The rule itself says what it is called, which settings it
/// takes with their defaults, how it is built from settings and which step schedule a
/// run uses when the user gives none; ``OptimizerCatalog`` lists every rule.
///
/// Defaults are written once, in the rule's `init`; ``settings`` reads them from a
/// default instance, so `--help`, the decoding and the type agree.
///
/// ```swift
/// extension AMSGrad: OptimizerRule {
///     public static let name = "amsgrad"
///     public static let summary = "Adam with v̂ the running maximum of v (Reddi et al.)"
///     public static var settings: [OptimizerSetting] {
///         let d = AMSGrad()
///         return [.init(.beta1, d.beta1), .init(.beta2, d.beta2), .init(.epsilon, d.epsilon),
///                 .init(.weightDecay, d.weightDecay)]
///     }
///     public init(settings s: OptimizerSettings) {
///         let d = AMSGrad()
///         self.init(beta1: s[.beta1] ?? d.beta1, beta2: s[.beta2] ?? d.beta2, epsilon: s[.epsilon] ?? d.epsilon,
///                   weightDecay: s[.weightDecay] ?? d.weightDecay)
///     }
///     public func defaultSchedule(sgd: StepSchedule) -> StepSchedule { .constant(0.001) }
/// }
/// ```
public protocol OptimizerRule: Optimizer, Hashable, Codable {
    /// The name on the command line and in files (`adam`).
    static var name: String { get }
    /// The update rule in one line, for `--help`.
    static var summary: String { get }
    /// The settings the rule takes, with their defaults.
    static var settings: [OptimizerSetting] { get }
    /// The rule with `settings` applied over its defaults (settings it does not take
    /// are ignored here; ``OptimizerChoice/init(name:settings:ignoringOthers:)`` refuses them).
    init(settings: OptimizerSettings)
    /// The step schedule a run starts from when no step size is given, from the
    /// workload's SGD schedule `sgd`.
    func defaultSchedule(sgd: StepSchedule) -> StepSchedule
    /// This rule's state over `buffers`, for stepping through ``OptimizerChoice``
    /// (provided: a requirement so that each rule's is specialized for it).
    func erasedState(_ buffers: OptimizerBuffers) -> ErasedOptimizerState
}

extension OptimizerRule {
    @inlinable
    public func erasedState(_ buffers: OptimizerBuffers) -> ErasedOptimizerState {
        let rule = self
        let state = makeState(buffers)
        return ErasedOptimizerState(
            delta: { g, x, j, step in rule.delta(gradient: g, parameter: x, at: j, step: step, state: state) },
            runDeltas: { values, range, step, parameters in
                rule.runDeltas(values, range: range, step: step, state: state, parameters: parameters)
            },
            scatteredDeltas: { values, olds, indices, count, step in
                rule.scatteredDeltas(values, olds: olds, indices: indices, count: count, step: step, state: state)
            })
    }
}

extension OptimizerRule {
    public var name: String { Self.name }
}

/// One setting an optimizer takes, and its default.
public struct OptimizerSetting: Sendable, Hashable {
    /// The settings optimizers take, by the name errors use; ``flag`` is the command line's.
    public enum Key: String, Sendable, Hashable, CaseIterable, Codable {
        case momentum
        case beta1
        case beta2
        case epsilon
        /// RMSProp's α and AdaDelta's ρ.
        case rho
        /// AdaGrad's starting sum G₀.
        case initialAccumulator = "initial accumulator"
        case weightDecay = "weight decay"

        /// The command-line flag (`--weight-decay`).
        public var flag: String { "--" + rawValue.split(separator: " ").joined(separator: "-") }
    }

    public let key: Key
    public let defaultValue: Float

    public init(_ key: Key, _ defaultValue: Float) {
        self.key = key
        self.defaultValue = defaultValue
    }
}

/// Hyperparameters given by name (the command line's `--momentum`, `--beta1`, …); a
/// key not set keeps the optimizer's default.
///
/// ```swift
/// let adam = try OptimizerChoice(name: "adam", settings: OptimizerSettings([.beta2: 0.99]))
/// ```
public struct OptimizerSettings: Sendable, Hashable, Codable {
    public var values: [OptimizerSetting.Key: Float]

    public init(_ values: [OptimizerSetting.Key: Float] = [:]) { self.values = values }

    /// The value of `key`, if it was given.
    public subscript(key: OptimizerSetting.Key) -> Float? {
        get { values[key] }
        set { values[key] = newValue }
    }
}
