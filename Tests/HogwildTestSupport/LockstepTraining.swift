import HogwildCore

/// A scheme's workers run in lockstep on one thread (``TrainingConfiguration/lockstep``):
/// at each tick every worker processes the next term of its share, in worker order.
///
/// This is T workers on T idle cores at the same speed, with the hardware's own lag
/// (stores not yet visible, lines in flight) taken out: what is left is the lag the
/// scheme itself introduces, such as a hot replica's unmerged steps. It is
/// deterministic, so a scheme's stability at 16 workers can be tested on a 2-core
/// machine; the threaded trainer cannot show that there (its workers take turns on
/// two cores, so most of them are idle at any moment).
///
/// ```swift
/// let objectives = try LockstepTraining.run(mc, scheme: HotReplicas(), workers: 16, epochs: 3,
///                                           schedule: .constant(0.03), parameters: x)
/// ```
public enum LockstepTraining {
    /// Trains `parameters` with plain SGD and returns the objective after each epoch; a
    /// run that diverges ends at that epoch (its objectives are then fewer than `epochs`)
    /// instead of throwing.
    public static func run<O: Objective, S: UpdateScheme>(_ objective: O, scheme: S, workers: Int, epochs: Int,
                                                         schedule: StepSchedule, seed: UInt64 = 1,
                                                         parameters: SharedParameters) throws -> [Double] {
        let configuration = TrainingConfiguration(threads: workers, epochs: epochs, schedule: schedule, seed: seed,
                                                  divergence: DivergenceGuard(policy: .record), lockstep: true)
        let report = try Trainer(objective: objective, scheme: scheme, configuration: configuration).run(on: parameters)
        return report.epochs.map { $0.objective ?? .nan }
    }
}
