import CAllocationCounter
import HogwildAutograd
import HogwildNetworks
import HogwildCore
import Testing

/// A full training step (snapshot, forward, backward, gradient into the worker's
/// buffer) of the MLP and of the CNN allocates no memory after the first step: the
/// tape's arena and node list are reused. Counted by interposing malloc (glibc builds
/// without sanitizers; elsewhere the test is skipped and says so).
@Suite struct StepAllocationTests {
    /// Allocations in each of `steps` whole steps (gradient and Momentum's update of
    /// shared memory through the plain HOGWILD! writer), as a worker makes them.
    func allocationsPerStep<Model: DifferentiableModel>(_ model: Model, steps: Int = 4) throws -> [Int] {
        let objective = try NetworkObjective(model)
        let x = try SharedParameters(count: objective.dimension)
        try x.copyIn(model.initialParameters(seed: 1))
        let optimizer = Momentum(momentum: 0.5)
        let state = try OptimizerState(for: optimizer, layout: x.layout, workers: 1, placement: .shared)
        var worker = WorkerStepper(soleWorkerOf: objective, optimizer: optimizer, state: state, seed: 3)
        let writer = RelaxedStoreWriter(memory: x.memory)
        let delay = ArtificialDelay(nanoseconds: 0)
        var counts: [Int] = []
        counts.reserveCapacity(steps)
        let before = x.copyOut()
        for step in 0..<steps {
            allocation_counter_start()
            worker.step(term: step % objective.termCount, stepSize: 0.01, reading: writer, writer: writer, delay: delay)
            counts.append(allocation_counter_stop())
        }
        #expect(x.copyOut() != before, "the steps must change the parameters")
        return counts
    }

    @Test(.enabled(if: allocation_counter_available() != 0, "malloc can be counted only in glibc builds without sanitizers"))
    func mlpStepsAllocateNothingAfterTheFirst() throws {
        let data = try LabeledImages.synthetic(count: 256, batchSize: 64)
        let counts = try allocationsPerStep(ImageClassifier(network: ModelZoo.mlp(hidden: [128]), data: data))
        #expect(counts[0] > 0, "the counter must see the first step's allocations: \(counts)")
        #expect(counts.dropFirst().allSatisfy { $0 == 0 }, "allocations per step: \(counts)")
    }

    @Test(.enabled(if: allocation_counter_available() != 0, "malloc can be counted only in glibc builds without sanitizers"))
    func cnnStepsAllocateNothingAfterTheFirst() throws {
        let data = try LabeledImages.synthetic(count: 128, batchSize: 32)
        let counts = try allocationsPerStep(ImageClassifier(network: ModelZoo.cnn(), data: data))
        #expect(counts.dropFirst().allSatisfy { $0 == 0 }, "allocations per step: \(counts)")
    }
}

