import Foundation
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
        let process = Process()
        process.executableURL = binary
        process.arguments = ["train", "--synthetic", "rcv1", "--scale", "0.001", "--epochs", "2", "--threads", "1",
                             "--delay", "1000000"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var firstEpochAt: Date?
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if firstEpochAt == nil, text.contains("epoch 1/2") { firstEpochAt = Date() }
        }
        process.waitUntilExit()
        let end = Date()
        #expect(process.terminationStatus == 0)
        let first = try #require(firstEpochAt, "no epoch line in: \(text)")
        #expect(text.contains("epoch 2/2"))
        // The second epoch takes about 0.8 s after the first line; block buffering would
        // deliver both lines together at exit.
        #expect(end.timeIntervalSince(first) > 0.4, "first epoch line only \(end.timeIntervalSince(first)) s before exit")
    }
}
