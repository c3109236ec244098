import HogwildSupport

/// The optimizers by name, with their settings: the run-time choice the command line,
/// sweeps and comparisons use, and the one place a new optimizer is registered.
///
/// It conforms to ``Optimizer`` by forwarding to the chosen rule, so a trainer built on
/// it runs any rule; ``Training/run(_:scheme:optimizer:configuration:parameters:stop:onEpoch:)``
/// still specializes plain SGD, the paper's rule, all the way down.
///
/// ```swift
/// let adam = try OptimizerChoice(name: "adam", settings: OptimizerSettings(beta2: 0.99))
/// let report = try Training.run(svm, scheme: .hogwild, optimizer: adam, configuration: config, parameters: x)
/// ```
public enum OptimizerChoice: Optimizer, Hashable, Codable, CustomStringConvertible {
    case sgd(SGD)
    case momentum(Momentum)
    case nesterov(Nesterov)
    case adagrad(AdaGrad)
    case rmsprop(RMSProp)
    case adadelta(AdaDelta)
    case adam(Adam)
    case adamw(AdamW)

    /// Every name ``init(name:settings:)`` accepts.
    public static let names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"]

    /// The optimizer called `name` (case-insensitive) with `settings` applied over its
    /// defaults; throws if the name is unknown, a value is out of range, or (unless
    /// `ignoringOthers`, for comparing several optimizers under one set of flags) a
    /// setting does not apply to this optimizer.
    public init(name: String, settings: OptimizerSettings = OptimizerSettings(),
                ignoringOthers: Bool = false) throws(TrainingError) {
        let s = settings
        func unused(_ flags: [(String, Float?)]) throws(TrainingError) {
            if !ignoringOthers, let (flag, value) = flags.first(where: { $0.1 != nil }), let value {
                throw .invalidParameter(name: flag, value: Double("\(value)") ?? Double(value),
                                        expected: "unset: \(name) has no \(flag)")
            }
        }
        switch name.lowercased() {
        case "sgd":
            try unused([("momentum", s.momentum), ("beta1", s.beta1), ("beta2", s.beta2), ("epsilon", s.epsilon), ("rho", s.rho),
                        ("initial accumulator", s.initialAccumulator)])
            self = .sgd(SGD(weightDecay: s.weightDecay ?? 0))
        case "momentum":
            try unused([("beta1", s.beta1), ("beta2", s.beta2), ("epsilon", s.epsilon), ("rho", s.rho),
                        ("initial accumulator", s.initialAccumulator)])
            self = .momentum(Momentum(momentum: s.momentum ?? 0.9, weightDecay: s.weightDecay ?? 0))
        case "nesterov":
            try unused([("beta1", s.beta1), ("beta2", s.beta2), ("epsilon", s.epsilon), ("rho", s.rho),
                        ("initial accumulator", s.initialAccumulator)])
            self = .nesterov(Nesterov(momentum: s.momentum ?? 0.9, weightDecay: s.weightDecay ?? 0))
        case "adagrad":
            try unused([("momentum", s.momentum), ("beta1", s.beta1), ("beta2", s.beta2), ("rho", s.rho)])
            self = .adagrad(AdaGrad(epsilon: s.epsilon ?? 1e-10, initialAccumulator: s.initialAccumulator ?? 0,
                                    weightDecay: s.weightDecay ?? 0))
        case "rmsprop":
            try unused([("momentum", s.momentum), ("beta1", s.beta1), ("beta2", s.beta2),
                        ("initial accumulator", s.initialAccumulator)])
            self = .rmsprop(RMSProp(alpha: s.rho ?? 0.99, epsilon: s.epsilon ?? 1e-8, weightDecay: s.weightDecay ?? 0))
        case "adadelta":
            try unused([("momentum", s.momentum), ("beta1", s.beta1), ("beta2", s.beta2),
                        ("initial accumulator", s.initialAccumulator)])
            self = .adadelta(AdaDelta(rho: s.rho ?? 0.9, epsilon: s.epsilon ?? 1e-6, weightDecay: s.weightDecay ?? 0))
        case "adam":
            try unused([("momentum", s.momentum), ("rho", s.rho), ("initial accumulator", s.initialAccumulator)])
            self = .adam(Adam(beta1: s.beta1 ?? 0.9, beta2: s.beta2 ?? 0.999, epsilon: s.epsilon ?? 1e-8,
                              weightDecay: s.weightDecay ?? 0))
        case "adamw":
            try unused([("momentum", s.momentum), ("rho", s.rho), ("initial accumulator", s.initialAccumulator)])
            self = .adamw(AdamW(beta1: s.beta1 ?? 0.9, beta2: s.beta2 ?? 0.999, epsilon: s.epsilon ?? 1e-8,
                                weightDecay: s.weightDecay ?? 0.01))
        default:
            throw .unknownOptimizer(name)
        }
        try validate()
    }

    /// The chosen rule as an existential (for display and state sizes, not hot loops).
    var rule: any Optimizer {
        switch self {
        case .sgd(let o): return o
        case .momentum(let o): return o
        case .nesterov(let o): return o
        case .adagrad(let o): return o
        case .rmsprop(let o): return o
        case .adadelta(let o): return o
        case .adam(let o): return o
        case .adamw(let o): return o
        }
    }

    public var name: String { rule.name }
    public var description: String { name }
    public var stateCount: Int { rule.stateCount }
    public func initialState(_ index: Int) -> Float { rule.initialState(index) }
    public var readsParameters: Bool { rule.readsParameters }
    public func validate() throws(TrainingError) { try rule.validate() }

    /// Written as one object: `{"optimizer": "adam", "beta1": 0.9, …}`.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .sgd(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .momentum(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .nesterov(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .adagrad(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .rmsprop(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .adadelta(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .adam(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        case .adamw(let o): try encoder.encodeNamed(name, key: "optimizer", settings: o)
        }
    }

    public init(from decoder: Decoder) throws {
        switch try decoder.decodeName(key: "optimizer") {
        case "sgd": self = .sgd(try SGD(from: decoder))
        case "momentum": self = .momentum(try Momentum(from: decoder))
        case "nesterov": self = .nesterov(try Nesterov(from: decoder))
        case "adagrad": self = .adagrad(try AdaGrad(from: decoder))
        case "rmsprop": self = .rmsprop(try RMSProp(from: decoder))
        case "adadelta": self = .adadelta(try AdaDelta(from: decoder))
        case "adam": self = .adam(try Adam(from: decoder))
        case "adamw": self = .adamw(try AdamW(from: decoder))
        case let other:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown optimizer '\(other)'"))
        }
    }

    /// The step size this optimizer starts from when none is given, from the
    /// workload's SGD schedule: SGD keeps it; momentum and Nesterov scale it by
    /// (1 − μ), so their steady-state step matches; the adaptive rules use a schedule of
    /// their own, the same for every workload, since their steps are already normalised
    /// per coordinate: AdaGrad 0.5 × 0.9 an epoch (the best of the schedules tried on
    /// the Debian text SVM; see the README), RMSProp 0.001, AdaDelta 1, Adam and AdamW
    /// 0.001, constant (PyTorch's defaults).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule {
        switch self {
        case .sgd: return schedule
        case .momentum(let o): return schedule.scaled(by: 1 - o.momentum)
        case .nesterov(let o): return schedule.scaled(by: 1 - o.momentum)
        case .adagrad: return .epochDecay(initial: 0.5, factor: 0.9)
        case .rmsprop: return .constant(0.001)
        case .adadelta: return .constant(1)
        case .adam, .adamw: return .constant(0.001)
        }
    }

    @inlinable
    public func stepConstants(stepSize: Float, update: Int) -> OptimizerStep {
        switch self {
        case .adam(let o): return o.stepConstants(stepSize: stepSize, update: update)
        case .adamw(let o): return o.stepConstants(stepSize: stepSize, update: update)
        default: return OptimizerStep(stepSize: stepSize)
        }
    }

    @inlinable @inline(__always)
    public func delta(gradient g: Float, parameter x: Float, at j: Int, step: OptimizerStep,
                      state: OptimizerStateView) -> Float {
        switch self {
        case .sgd(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .momentum(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .nesterov(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .adagrad(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .rmsprop(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .adadelta(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .adam(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        case .adamw(let o): return o.delta(gradient: g, parameter: x, at: j, step: step, state: state)
        }
    }

    /// The chosen rule's own bulk form (without this, a run chosen by name would take
    /// the per-coordinate default: 2–3× slower dense steps through `Training.run`).
    @inlinable
    public func runDeltas(_ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep,
                          state: OptimizerStateView, scratch: UnsafeMutablePointer<Float>) {
        switch self {
        case .sgd(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .momentum(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .nesterov(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .adagrad(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .rmsprop(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .adadelta(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .adam(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        case .adamw(let o): o.runDeltas(values, range: range, step: step, state: state, scratch: scratch)
        }
    }
}

/// Hyperparameters given by name (the command line's `--momentum`, `--beta1`, …);
/// nil keeps the optimizer's default. ``OptimizerChoice/init(name:settings:)`` refuses
/// a setting the chosen optimizer does not have.
public struct OptimizerSettings: Sendable, Hashable, Codable {
    public var momentum: Float?
    public var beta1: Float?
    public var beta2: Float?
    public var epsilon: Float?
    /// RMSProp's α and AdaDelta's ρ.
    public var rho: Float?
    /// AdaGrad's starting sum G₀.
    public var initialAccumulator: Float?
    public var weightDecay: Float?

    public init(momentum: Float? = nil, beta1: Float? = nil, beta2: Float? = nil, epsilon: Float? = nil,
                rho: Float? = nil, initialAccumulator: Float? = nil, weightDecay: Float? = nil) {
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.rho = rho
        self.initialAccumulator = initialAccumulator
        self.weightDecay = weightDecay
    }
}
