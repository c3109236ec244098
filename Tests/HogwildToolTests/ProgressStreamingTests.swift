import Foundation
import HogwildTestSupport
import Testing

/// Progress reaches a pipe as it happens (`hogwild train … | tee log`), not all at once
/// when the process exits: a real `hogwild` process, its standard output a pipe.
@Suite struct ProgressStreamingTests {
    /// The `hogwild` executable SwiftPM built beside this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hogwild")
    }

    @Test func theFirstEpochLineArrivesBeforeTheSecondEpochEnds() throws {
        let binary = Self.executable
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no hogwild executable at \(binary.path)")
        // 782 rows with a 1 ms busy-wait per gradient: each epoch takes about 0.8 s.
        let child = try ChildProcess(
            binary.path,
            ["train", "--synthetic", "rcv1", "--scale", "0.001", "--epochs", "2", "--threads", "1", "--delay", "1000000"],
            standardError: .discarded)
        let sawFirstEpoch = try child.read(until: { $0.contains("epoch 1/2") }, within: 60)
        let first = ChildProcess.now()
        let status = try child.finish(within: 60)
        let end = ChildProcess.now()
        let text = child.output
        #expect(status == 0)
        try #require(sawFirstEpoch, "no epoch line in: \(text)")
        #expect(text.contains("epoch 2/2"))
        // The second epoch takes about 0.8 s after the first line; block buffering would
        // deliver both lines together at exit.
        #expect(end - first > 0.4, "first epoch line only \(end - first) s before exit")
    }
}
