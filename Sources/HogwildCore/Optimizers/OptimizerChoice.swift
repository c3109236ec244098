/// An optimizer chosen at run time, with its settings: what the command line, sweeps,
/// comparisons and files hold. It conforms to ``Optimizer`` by calling the chosen rule
/// (through its untyped state buffers), so a trainer built on it runs any rule;
/// ``AnyTrainer`` still specializes plain SGD, the paper's rule, all the way down.
///
/// ```swift
/// let adam = try OptimizerChoice(name: "adam", settings: OptimizerSettings([.beta2: 0.99]))
/// let same = OptimizerChoice(Adam(beta2: 0.99))
/// ```
public struct OptimizerChoice: Optimizer, Hashable, Codable, CustomStringConvertible {
    public typealias State = ErasedOptimizerState

    /// The chosen rule.
    public let rule: any OptimizerRule

    public init(_ rule: some OptimizerRule) { self.rule = rule }

    /// Plain SGD, the paper's rule.
    public static var sgd: OptimizerChoice { OptimizerChoice(SGD()) }

    /// The optimizer called `name` (case-insensitive; one of ``OptimizerCatalog/names``)
    /// with `settings` applied over its defaults; throws if the name is unknown, a value
    /// is out of range, or (unless `ignoringOthers`, for comparing several optimizers
    /// under one set of flags) a setting does not apply to this optimizer.
    public init(
        name: String, settings: OptimizerSettings = OptimizerSettings(),
        ignoringOthers: Bool = false
    ) throws(TrainingError) {
        guard let type = OptimizerCatalog.rule(named: name) else { throw .unknownOptimizer(name) }
        if !ignoringOthers {
            let taken = Set(type.settings.map(\.key))
            if let key = OptimizerSetting.Key.allCases.first(where: { settings[$0] != nil && !taken.contains($0) }),
                let value = settings[key]
            {
                throw .invalidParameter(
                    name: key.rawValue, value: Double("\(value)") ?? Double(value),
                    expected: "unset: \(type.name) has no \(key.rawValue)")
            }
        }
        rule = type.init(settings: settings)
        try validate()
    }

    public var name: String { rule.name }
    public var description: String { name }
    public var stateNames: [String] { rule.stateNames }
    public func makeState(_ buffers: OptimizerBuffers) -> ErasedOptimizerState { rule.erasedState(buffers) }
    public func initialState(_ index: Int) -> Float { rule.initialState(index) }
    public var readsParameters: Bool { rule.readsParameters }
    public func validate() throws(TrainingError) { try rule.validate() }

    /// The step schedule a run starts from when no step size is given (see
    /// ``OptimizerRule/defaultSchedule(sgd:)``).
    public func defaultSchedule(sgd schedule: StepSchedule) -> StepSchedule { rule.defaultSchedule(sgd: schedule) }

    public static func == (a: OptimizerChoice, b: OptimizerChoice) -> Bool {
        AnyHashable(a.rule) == AnyHashable(b.rule)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(rule)) }

    /// Written as one object: `{"optimizer": "adam", "beta1": 0.9, …}`.
    public func encode(to encoder: Encoder) throws {
        try encoder.encodeNamed(name, key: "optimizer", settings: rule)
    }

    public init(from decoder: Decoder) throws {
        let name = try decoder.decodeName(key: "optimizer")
        guard let type = OptimizerCatalog.rule(named: name) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown optimizer '\(name)'"))
        }
        rule = try type.init(from: decoder)
    }

    @inlinable
    public func stepConstants(stepSize: Float, update: Int) -> OptimizerStep {
        rule.stepConstants(stepSize: stepSize, update: update)
    }

    @inlinable @inline(__always)
    public func delta(
        gradient g: Float, parameter x: Float, at j: Int, step: OptimizerStep,
        state: ErasedOptimizerState
    ) -> Float {
        state.delta(g, x, j, step)
    }

    /// The chosen rule's own bulk form (without it, a run chosen by name would take the
    /// per-coordinate default).
    @inlinable
    public func runDeltas(
        _ values: UnsafeMutablePointer<Float>, range: Range<Int>, step: OptimizerStep, state: ErasedOptimizerState,
        parameters: UnsafePointer<Float>?
    ) {
        state.runDeltas(values, range, step, parameters)
    }

    /// Every call into the chosen rule is indirect: a term's scattered entries go to it
    /// at once.
    @inlinable public var batchesScatteredEntries: Bool { true }

    @inlinable
    public func scatteredDeltas(
        _ values: UnsafeMutablePointer<Float>, olds: UnsafePointer<Float>, indices: UnsafePointer<Int>, count: Int,
        step: OptimizerStep, state: ErasedOptimizerState
    ) {
        state.scatteredDeltas(values, olds, indices, count, step)
    }
}
