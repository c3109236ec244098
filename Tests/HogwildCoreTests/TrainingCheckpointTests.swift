import Foundation
import HogwildCore
import HogwildTestSupport
import Testing

/// Checkpoint files: a round trip keeps every bit; a cut, corrupted or foreign file is
/// refused with the path; a checkpoint of another run is refused naming what differs.
@Suite struct TrainingCheckpointTests {
    static func sample() throws -> (TrainingCheckpoint, [String: String]) {
        var config = TrainingConfiguration(threads: 2, epochs: 9, schedule: .epochDecay(initial: 0.05, factor: 0.9))
        config.optimizerState = .perWorker
        let identity = TrainingCheckpoint.identity(workload: "svm test", dimension: 5, scheme: "hogwild", optimizer: "adam",
                                                   configuration: config)
        let x = try SharedParameters(count: 5)
        try x.copyIn([1, -2.5, 3e-8, .pi, 0])
        let state = try OptimizerState(for: Adam(), layout: x.layout, workers: 2, placement: .perWorker)
        try state.buffers(of: 1)[0].copyIn([0.1, 0.2, 0.3, 0.4, 0.5])
        let epochs = [EpochReport(epoch: 1, stepSize: 0.05, seconds: 0.123456789, elapsed: 0.123456789, updates: 10,
                                  samples: 640, objective: 0.693147180559945, metrics: ["test_accuracy": 0.875]),
                      EpochReport(epoch: 2, stepSize: 0.045, seconds: 0.1, elapsed: 0.223456789, updates: 10, samples: 640,
                                  objective: nil)]
        let progress = TrainingProgress(epochsCompleted: 2, epochs: epochs, initialObjective: 1.0000000001, stepScale: 0.5,
                                        backoffs: [Backoff(epoch: 2, problem: "the objective is nan\twith a tab", stepScale: 0.5)])
        return (TrainingCheckpoint(identity: identity, progress: progress, parameters: x, state: state), identity)
    }

    @Test func aRoundTripKeepsEveryBit() throws {
        let directory = TemporaryDirectory()
        let (checkpoint, identity) = try Self.sample()
        let path = directory.path + "/run.ckpt"
        try checkpoint.write(to: path)
        let back = try TrainingCheckpoint.read(from: path)
        #expect(back == checkpoint)
        try back.check(identity, path: path)
        let x = try SharedParameters(count: 5)
        let state = try OptimizerState(for: Adam(), layout: x.layout, workers: 2, placement: .perWorker)
        try back.restore(parameters: x, state: state, path: path)
        #expect(x.copyOut() == checkpoint.parameters && state.buffers(of: 1)[0].copyOut() == [0.1, 0.2, 0.3, 0.4, 0.5])
    }

    @Test func aFileCutAnywhereOrFlippedIsRefused() throws {
        let directory = TemporaryDirectory()
        let (checkpoint, _) = try Self.sample()
        let path = directory.path + "/run.ckpt"
        try checkpoint.write(to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let cut = directory.path + "/cut.ckpt"
        for length in 0..<bytes.count {
            try Data(bytes[0..<length]).write(to: URL(fileURLWithPath: cut))
            #expect(throws: ModelFileError.self, "cut at \(length) of \(bytes.count)") { try TrainingCheckpoint.read(from: cut) }
        }
        for position in stride(from: 8, to: bytes.count, by: 37) {
            var flipped = bytes
            flipped[position] ^= 0x10
            try Data(flipped).write(to: URL(fileURLWithPath: cut))
            #expect(throws: ModelFileError.self, "bit flipped at \(position)") { try TrainingCheckpoint.read(from: cut) }
        }
    }

    @Test func aCheckpointOfAnotherRunIsRefusedNamingWhatDiffers() throws {
        let (checkpoint, identity) = try Self.sample()
        for (key, value) in [("scheme", "roundRobin"), ("dimension", "6"), ("workload", "logistic test"), ("threads", "4")] {
            var other = identity
            other[key] = value
            let error = try #require(throws: ModelFileError.self) { try checkpoint.check(other, path: "run.ckpt") }
            #expect(error.description.contains("its \(key) is") && error.description.contains("run.ckpt"), "\(error)")
        }
        // Another model's parameters or state do not fit.
        let x = try SharedParameters(count: 6)
        let state = try OptimizerState(for: Adam(), layout: x.layout, workers: 2, placement: .perWorker)
        #expect(throws: ModelFileError.self) { try checkpoint.restore(parameters: x, state: state, path: "run.ckpt") }
        let y = try SharedParameters(count: 5)
        let shared = try OptimizerState(for: Adam(), layout: y.layout, workers: 2, placement: .shared)
        #expect(throws: ModelFileError.self) { try checkpoint.restore(parameters: y, state: shared, path: "run.ckpt") }
    }

    @Test func aModelFileOfAnotherKindIsNotACheckpoint() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/model"
        try ModelFile(kind: "linear", arrays: ["weights": [1, 2]]).write(to: path)
        let error = try #require(throws: ModelFileError.self) { try TrainingCheckpoint.read(from: path) }
        #expect(error.description.contains("'linear'"))
    }
}
