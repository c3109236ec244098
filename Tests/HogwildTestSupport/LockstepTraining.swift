import HogwildCore
import HogwildSupport

/// A scheme's workers run in lockstep on one thread: at each tick every worker
/// processes the next term of its share of the epoch, in worker order.
///
/// This is T workers on T idle cores at the same speed, with the hardware's own lag
/// (stores not yet visible, lines in flight) taken out: what is left is the lag the
/// scheme itself introduces, such as a hot replica's unmerged deltas. It is
/// deterministic, so a scheme's stability at 16 workers can be tested on a 2-core
/// machine; the threaded trainer cannot show that there (its workers take turns on
/// two cores, so most of them are idle at any moment).
///
/// ```swift
/// let objectives = try LockstepTraining.run(mc, scheme: HotReplicas(), workers: 16, epochs: 3,
///                                           schedule: .constant(0.03), parameters: x)
/// ```
public enum LockstepTraining {
    /// Trains `parameters` with plain SGD and returns the objective after each epoch.
    public static func run<O: Objective, S: UpdateScheme>(_ objective: O, scheme: S, workers: Int, epochs: Int,
                                                         schedule: StepSchedule, seed: UInt64 = 1,
                                                         parameters: SharedParameters) throws -> [Double] {
        let memory = parameters.memory
        let state = try OptimizerState(for: SGD(), layout: parameters.layout, workers: workers, placement: .shared)
        let coordination = scheme.makeCoordination(for: objective, memory: memory, workers: workers)
        var steppers = (0..<workers).map { w in
            WorkerStepper(objective: objective, optimizer: SGD(), state: state.view(for: w), placement: .shared,
                          clipping: GradientClipping(),
                          context: WorkerContext(worker: w, workers: workers, random: Xoshiro256(seed: seed &+ UInt64(w)),
                                                 workspace: objective.makeWorkspace()))
        }
        defer { for stepper in steppers { stepper.gradient.deallocate() } }
        let terms = objective.termCount
        let bounds = (0...workers).map { terms * $0 / workers }
        var order = Array(0..<terms)
        var random = Xoshiro256(seed: seed)
        var objectives: [Double] = []
        for epoch in 0..<epochs {
            order.shuffle(using: &random)
            scheme.beginEpoch(coordination)
            let stepSize = schedule.stepSize(epoch: epoch, update: epoch * terms)
            for tick in 0..<(terms + workers - 1) / workers {
                for w in 0..<workers where bounds[w] + tick < bounds[w + 1] {
                    scheme.process(term: order[bounds[w] + tick], stepper: &steppers[w], stepSize: stepSize,
                                   memory: memory, worker: w, coordination: coordination,
                                   delay: ArtificialDelay(nanoseconds: 0))
                }
            }
            for w in 0..<workers { scheme.finish(worker: w, coordination: coordination) }
            objectives.append(objective.evaluate(parameters: memory))
        }
        return objectives
    }
}
