import HogwildCore

/// What a scaling sweep runs: every scheme at every thread count (and artificial
/// delay), each `repeats` times, for a fixed number of epochs, with one optimizer.
///
/// ```swift
/// let plan = SweepPlan(threads: [1, 2, 4], schemes: [.hogwild, .coordinateLocks, .roundRobin, .globalLock],
///                      epochs: 10, schedule: workload.defaultSchedule)
/// let result = try Sweep.run(workload, plan: plan)
/// try result.speedupChart().write(to: "speedup.svg")
/// ```
public struct SweepPlan: Sendable, Codable, Equatable {
    public var threads: [Int]
    /// The schemes, each with its own settings.
    public var schemes: [SchemeChoice]
    public var optimizer: OptimizerChoice
    public var repeats: Int
    public var epochs: Int
    public var schedule: StepSchedule
    /// Artificial delays per gradient, in nanoseconds (the paper's delay experiment); [0] normally.
    public var delays: [Int]
    public var seed: UInt64
    public var sampling: Sampling
    public var optimizerState: OptimizerStatePlacement
    /// The objective whose first crossing is "time to target"; nil: 1% above the
    /// serial run's final objective.
    public var target: Double?
    /// Whether every epoch's objective is computed (off the clock); benchmarks turn
    /// it off and see only the last.
    public var evaluateEveryEpoch: Bool

    public init(
        threads: [Int], schemes: [SchemeChoice], optimizer: OptimizerChoice = .sgd, repeats: Int = 1,
        epochs: Int, schedule: StepSchedule, delays: [Int] = [0], seed: UInt64 = 1,
        sampling: Sampling = .epochPermutation, optimizerState: OptimizerStatePlacement = .shared,
        target: Double? = nil, evaluateEveryEpoch: Bool = true
    ) {
        self.threads = threads
        self.schemes = schemes
        self.optimizer = optimizer
        self.repeats = repeats
        self.epochs = epochs
        self.schedule = schedule
        self.delays = delays
        self.seed = seed
        self.sampling = sampling
        self.optimizerState = optimizerState
        self.target = target
        self.evaluateEveryEpoch = evaluateEveryEpoch
    }

    /// Throws if a list is empty or a count is not positive.
    public func validate() throws(TrainingError) {
        guard !threads.isEmpty, threads.allSatisfy({ $0 >= 1 }) else {
            throw .invalidThreadCount(threads.first { $0 < 1 } ?? 0)
        }
        guard !schemes.isEmpty else {
            throw .invalidParameter(name: "schemes", value: 0, expected: "at least one scheme")
        }
        for scheme in schemes { try scheme.validate() }
        try optimizer.validate()
        guard repeats >= 1 else { throw .invalidParameter(name: "repeats", value: Double(repeats), expected: "≥ 1") }
        guard epochs >= 1 else { throw .invalidEpochCount(epochs) }
        guard !delays.isEmpty, delays.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "delay", value: Double(delays.min() ?? -1), expected: "≥ 0 nanoseconds")
        }
        try schedule.validate()
    }

    /// The training configuration of one cell. A diverged cell is recorded (its
    /// report says where), not thrown: one bad cell must not lose the sweep.
    public func configuration(threads: Int, delay: Int, repeatIndex: Int) -> TrainingConfiguration {
        TrainingConfiguration(
            threads: threads, epochs: epochs, schedule: schedule, sampling: sampling,
            seed: seed &+ UInt64(repeatIndex), delayNanoseconds: delay,
            evaluateEveryEpoch: evaluateEveryEpoch, optimizerState: optimizerState,
            divergence: DivergenceGuard(policy: .record))
    }
}
