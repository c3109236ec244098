import HogwildCore
import HogwildSupport

/// One run of a sweep.
public struct SweepMeasurement: Sendable, Codable {
    public var run: WorkloadRun
    public var repeatIndex: Int
    /// Training seconds until the objective first reached the target (nil: never).
    public var timeToTarget: Double?

    public var scheme: SchemeChoice { run.scheme }
    public var threads: Int { run.report.configuration.threads }
    public var delayNanoseconds: Int { run.report.configuration.delayNanoseconds }
    public var seconds: Double { run.report.seconds }
    public var finalObjective: Double { run.report.finalObjective }
}

/// The runs of one (scheme, threads, delay) cell, summarised.
public struct SweepSummary: Sendable, Codable, Equatable {
    public var scheme: SchemeChoice
    public var threads: Int
    public var delayNanoseconds: Int
    public var runs: Int
    public var medianSeconds: Double
    public var minSeconds: Double
    public var maxSeconds: Double
    public var updatesPerSecond: Double
    public var samplesPerSecond: Double
    /// Serial time ÷ this cell's median time, at the same epochs and delay. Serial is
    /// HOGWILD! on one thread: SGD with no synchronization at all.
    public var speedup: Double
    /// The speedup of this cell's slowest and fastest run.
    public var speedupLow: Double
    public var speedupHigh: Double
    public var medianObjective: Double
    public var medianTimeToTarget: Double?
}

/// A finished sweep: the workload, the plan, where it ran, every run and the summaries.
public struct SweepResult: Sendable, Codable {
    public var workload: WorkloadDescription
    public var plan: SweepPlan
    public var machine: MachineInfo
    /// The objective used for time to target.
    public var target: Double
    public var measurements: [SweepMeasurement]
    public var summaries: [SweepSummary]
}

/// Runs sweeps.
///
/// ```swift
/// let result = try Sweep.run(workload, plan: SweepPlan(threads: [1, 2], schemes: [.hogwild], epochs: 5,
///                                                     schedule: workload.defaultSchedule)) { print($0) }
/// print(result.textTable)
/// ```
public enum Sweep {
    /// Runs `plan` on `workload`, interleaving repeats (all cells once, then again) so
    /// that slow drift of a shared machine spreads over every cell. The serial
    /// reference (HOGWILD! on 1 thread) is run at every delay even when the plan does
    /// not list it.
    public static func run(
        _ workload: any Workload, plan: SweepPlan,
        progress: (String) -> Void = { _ in }
    ) throws -> SweepResult {
        try plan.validate()
        var cells: [(SchemeChoice, Int)] = []
        if !(plan.schemes.contains(.hogwild) && plan.threads.contains(1)) { cells.append((.hogwild, 1)) }
        for scheme in plan.schemes { for t in plan.threads { cells.append((scheme, t)) } }

        var measurements: [SweepMeasurement] = []
        let total = plan.repeats * plan.delays.count * cells.count
        for repeatIndex in 0..<plan.repeats {
            for delay in plan.delays {
                for (scheme, threads) in cells {
                    let config = plan.configuration(threads: threads, delay: delay, repeatIndex: repeatIndex)
                    let run = try workload.run(scheme: scheme, optimizer: plan.optimizer, configuration: config)
                    measurements.append(SweepMeasurement(run: run, repeatIndex: repeatIndex, timeToTarget: nil))
                    progress(
                        "[\(measurements.count)/\(total)] \(workload.name) \(scheme) threads \(threads)"
                            + (delay > 0 ? " delay \(delay) ns" : "")
                            + run.report.schemeParameters.sorted { $0.key < $1.key }.map { " \($0.key) \($0.value)" }
                            .joined()
                            + ": "
                            + String(
                                printf: "%.3f s, %.3f M updates/s, objective %.6g", run.report.seconds,
                                run.report.updatesPerSecond / 1e6, run.report.finalObjective))
                }
            }
        }
        let serialFinal = median(
            measurements
                .filter { $0.scheme == .hogwild && $0.threads == 1 && $0.delayNanoseconds == plan.delays[0] }
                .map(\.finalObjective))
        let target = plan.target ?? serialFinal + 0.01 * abs(serialFinal)
        for i in measurements.indices {
            measurements[i].timeToTarget =
                measurements[i].run.report.epochs
                .first { ($0.objective ?? .infinity) <= target }?.elapsed
        }
        return SweepResult(
            workload: workload.workloadDescription, plan: plan, machine: .current(), target: target,
            measurements: measurements, summaries: summarize(measurements, plan: plan))
    }

    /// Sweeps of one workload run apart (one per delay, one per repeat between peer
    /// runs) as one result: their runs together, summarized again. `parts[i]`'s runs
    /// count as repeat i when `asRepeats`.
    package static func merge(_ parts: [SweepResult], asRepeats: Bool = false) -> SweepResult {
        var merged = parts[0]
        var measurements: [SweepMeasurement] = []
        for (index, part) in parts.enumerated() {
            measurements += part.measurements.map { m in
                var m = m
                if asRepeats { m.repeatIndex = index }
                return m
            }
        }
        merged.plan.delays = parts.flatMap(\.plan.delays).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        merged.plan.threads = parts.flatMap(\.plan.threads).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        if asRepeats { merged.plan.repeats = parts.count }
        merged.measurements = measurements
        merged.summaries = summarize(measurements, plan: merged.plan)
        return merged
    }

    static func summarize(_ measurements: [SweepMeasurement], plan: SweepPlan) -> [SweepSummary] {
        var summaries: [SweepSummary] = []
        for delay in plan.delays {
            let serial = median(
                measurements.filter { $0.scheme == .hogwild && $0.threads == 1 && $0.delayNanoseconds == delay }
                    .map(\.seconds))
            for scheme in plan.schemes {
                for threads in plan.threads {
                    let runs = measurements.filter {
                        $0.scheme == scheme && $0.threads == threads && $0.delayNanoseconds == delay
                    }
                    guard !runs.isEmpty else { continue }
                    let seconds = runs.map(\.seconds)
                    let mid = median(seconds)
                    let reached = runs.compactMap(\.timeToTarget)
                    summaries.append(
                        SweepSummary(
                            scheme: scheme, threads: threads, delayNanoseconds: delay, runs: runs.count,
                            medianSeconds: mid, minSeconds: seconds.min()!, maxSeconds: seconds.max()!,
                            updatesPerSecond: median(runs.map(\.run.report.updatesPerSecond)),
                            samplesPerSecond: median(runs.map(\.run.report.samplesPerSecond)),
                            speedup: serial / mid, speedupLow: serial / seconds.max()!,
                            speedupHigh: serial / seconds.min()!,
                            medianObjective: median(runs.map(\.finalObjective)),
                            medianTimeToTarget: reached.count * 2 > runs.count ? median(reached) : nil))
                }
            }
        }
        return summaries
    }
}
