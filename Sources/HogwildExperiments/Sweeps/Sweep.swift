import HogwildCore

/// What a scaling sweep runs: every scheme at every thread count (and artificial
/// delay), each `repeats` times, for a fixed number of epochs.
///
/// ```swift
/// let plan = SweepPlan(threads: [1, 2, 4], schemes: [.hogwild, .coordinateLocks, .roundRobin, .globalLock],
///                      epochs: 10, schedule: workload.defaultSchedule)
/// let result = try Sweep.run(workload, plan: plan)
/// try result.speedupChart().write(to: "speedup.svg")
/// ```
public struct SweepPlan: Sendable, Codable, Equatable {
    public var threads: [Int]
    public var schemes: [SchemeKind]
    public var repeats: Int
    public var epochs: Int
    public var schedule: StepSchedule
    /// Artificial delays per gradient, in nanoseconds (the paper's delay experiment); [0] normally.
    public var delays: [Int]
    public var seed: UInt64
    public var sampling: Sampling
    /// The objective whose first crossing is "time to target"; nil: 1% above the
    /// serial run's final objective.
    public var target: Double?
    /// K, M and merge of the hotReplicas scheme.
    public var hotReplicas: HotReplicaSettings

    public init(threads: [Int], schemes: [SchemeKind], repeats: Int = 1, epochs: Int, schedule: StepSchedule,
                delays: [Int] = [0], seed: UInt64 = 1, sampling: Sampling = .epochPermutation, target: Double? = nil,
                hotReplicas: HotReplicaSettings = HotReplicaSettings()) {
        self.threads = threads
        self.schemes = schemes
        self.repeats = repeats
        self.epochs = epochs
        self.schedule = schedule
        self.delays = delays
        self.seed = seed
        self.sampling = sampling
        self.target = target
        self.hotReplicas = hotReplicas
    }

    /// Throws if a list is empty or a count is not positive.
    public func validate() throws(TrainingError) {
        guard !threads.isEmpty, threads.allSatisfy({ $0 >= 1 }) else {
            throw .invalidThreadCount(threads.first { $0 < 1 } ?? 0)
        }
        guard !schemes.isEmpty else { throw .invalidParameter(name: "schemes", value: 0, expected: "at least one scheme") }
        guard repeats >= 1 else { throw .invalidParameter(name: "repeats", value: Double(repeats), expected: "≥ 1") }
        guard epochs >= 1 else { throw .invalidEpochCount(epochs) }
        guard !delays.isEmpty, delays.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "delay", value: Double(delays.min() ?? -1), expected: "≥ 0 nanoseconds")
        }
        try schedule.validate()
    }
}

/// One run of a sweep.
public struct SweepMeasurement: Sendable, Codable, Equatable {
    public var scheme: SchemeKind
    public var threads: Int
    public var delayNanoseconds: Int
    public var repeatIndex: Int
    public var seconds: Double
    public var updatesPerSecond: Double
    public var finalObjective: Double
    /// Training seconds until the objective first reached the target (nil: never).
    public var timeToTarget: Double?
    public var metrics: [String: Double]
    public var epochs: [EpochReport]
    /// What the scheme chose (hotReplicas: K and M).
    public var schemeParameters: [String: Int]
}

/// The runs of one (scheme, threads, delay) cell, summarised.
public struct SweepSummary: Sendable, Codable, Equatable {
    public var scheme: SchemeKind
    public var threads: Int
    public var delayNanoseconds: Int
    public var runs: Int
    public var medianSeconds: Double
    public var minSeconds: Double
    public var maxSeconds: Double
    public var updatesPerSecond: Double
    /// Serial time ÷ this cell's median time, at the same epochs and delay. Serial is
    /// HOGWILD! on one thread: SGD with no synchronization at all.
    public var speedup: Double
    /// The speedup of this cell's slowest and fastest run.
    public var speedupLow: Double
    public var speedupHigh: Double
    public var medianObjective: Double
    public var medianTimeToTarget: Double?
}

/// A finished sweep: every run, the summaries, and where it ran.
public struct SweepResult: Sendable, Codable {
    public var workload: String
    public var data: String
    public var plan: SweepPlan
    public var machine: MachineInfo
    /// The objective used for time to target.
    public var target: Double
    public var measurements: [SweepMeasurement]
    public var summaries: [SweepSummary]
}

/// Runs sweeps.
public enum Sweep {
    /// Runs `plan` on `workload`, interleaving repeats (all cells once, then again) so
    /// that slow drift of a shared machine spreads over every cell. The serial
    /// reference (HOGWILD! on 1 thread) is run at every delay even when the plan does
    /// not list it.
    public static func run(_ workload: any Workload, plan: SweepPlan,
                           progress: (String) -> Void = { _ in }) throws -> SweepResult {
        try plan.validate()
        var cells: [(SchemeKind, Int)] = []
        if !(plan.schemes.contains(.hogwild) && plan.threads.contains(1)) { cells.append((.hogwild, 1)) }
        for scheme in plan.schemes { for t in plan.threads { cells.append((scheme, t)) } }

        var measurements: [SweepMeasurement] = []
        let total = plan.repeats * plan.delays.count * cells.count
        var done = 0
        for repeatIndex in 0..<plan.repeats {
            for delay in plan.delays {
                for (scheme, threads) in cells {
                    let config = TrainingConfiguration(threads: threads, epochs: plan.epochs, schedule: plan.schedule,
                                                       sampling: plan.sampling, seed: plan.seed &+ UInt64(repeatIndex),
                                                       delayNanoseconds: delay, evaluateEveryEpoch: true,
                                                       hotReplicas: plan.hotReplicas)
                    let run = try workload.run(scheme: scheme, configuration: config)
                    done += 1
                    progress("[\(done)/\(total)] \(workload.name) \(scheme) threads \(threads)"
                             + (delay > 0 ? " delay \(delay) ns" : "")
                             + run.report.schemeParameters.sorted { $0.key < $1.key }.map { " \($0.key) \($0.value)" }.joined()
                             + ": \(format(run.report.seconds)) s, \(format(run.report.updatesPerSecond / 1e6)) M updates/s, objective \(String(format: "%.6g", run.report.finalObjective))")
                    measurements.append(SweepMeasurement(
                        scheme: scheme, threads: threads, delayNanoseconds: delay, repeatIndex: repeatIndex,
                        seconds: run.report.seconds, updatesPerSecond: run.report.updatesPerSecond,
                        finalObjective: run.report.finalObjective, timeToTarget: nil, metrics: run.metrics,
                        epochs: run.report.epochs, schemeParameters: run.report.schemeParameters))
                }
            }
        }
        let serialFinal = median(measurements.filter { $0.scheme == .hogwild && $0.threads == 1 && $0.delayNanoseconds == plan.delays[0] }
            .map(\.finalObjective))
        let target = plan.target ?? serialFinal + 0.01 * abs(serialFinal)
        for i in measurements.indices {
            measurements[i].timeToTarget = measurements[i].epochs.first { ($0.objective ?? .infinity) <= target }?.elapsed
        }
        return SweepResult(workload: workload.name, data: workload.summary, plan: plan, machine: .current(),
                           target: target, measurements: measurements,
                           summaries: summarize(measurements, plan: plan))
    }

    static func summarize(_ measurements: [SweepMeasurement], plan: SweepPlan) -> [SweepSummary] {
        var summaries: [SweepSummary] = []
        for delay in plan.delays {
            let serial = median(measurements.filter { $0.scheme == .hogwild && $0.threads == 1 && $0.delayNanoseconds == delay }.map(\.seconds))
            for scheme in plan.schemes {
                for threads in plan.threads {
                    let runs = measurements.filter { $0.scheme == scheme && $0.threads == threads && $0.delayNanoseconds == delay }
                    guard !runs.isEmpty else { continue }
                    let seconds = runs.map(\.seconds)
                    let mid = median(seconds)
                    let reached = runs.compactMap(\.timeToTarget)
                    summaries.append(SweepSummary(
                        scheme: scheme, threads: threads, delayNanoseconds: delay, runs: runs.count,
                        medianSeconds: mid, minSeconds: seconds.min()!, maxSeconds: seconds.max()!,
                        updatesPerSecond: median(runs.map(\.updatesPerSecond)),
                        speedup: serial / mid, speedupLow: serial / seconds.max()!, speedupHigh: serial / seconds.min()!,
                        medianObjective: median(runs.map(\.finalObjective)),
                        medianTimeToTarget: reached.count * 2 > runs.count ? median(reached) : nil))
                }
            }
        }
        return summaries
    }
}

/// The median of `values` (NaN when empty).
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func format(_ value: Double) -> String { String(format: "%.3f", value) }
