import Foundation
import Testing
import Hogwild
import HogwildTestSupport
@testable import HogwildTool

/// What a user meets when things go wrong: each failure the reliability issue found,
/// through the real `hogwild` process (its exit status and words) or the tool in-process.
@Suite struct ReliabilityCommandTests {
    /// Runs the built `hogwild` with `arguments` (through `sh -c` when `shellPrefix` is
    /// given, e.g. a ulimit); returns its status and everything it printed.
    static func hogwild(_ arguments: [String], shellPrefix: String? = nil) throws -> (status: Int32, output: String) {
        let binary = ProgressStreamingTests.executable
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no hogwild executable at \(binary.path)")
        if let shellPrefix {
            return try run(URL(fileURLWithPath: "/bin/sh"), ["-c", shellPrefix + "; exec \"$0\" \"$@\"", binary.path] + arguments)
        }
        return try run(binary, arguments)
    }

    /// Runs `executable` to its end, within two minutes; its status and everything it
    /// printed (both streams).
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try ChildProcess.run(executable.path, arguments, within: 120)
    }

    static let small = ["--synthetic", "rcv1", "--scale", "0.002", "--threads", "1"]

    @Test func halfOfACompressedLibSVMFileIsAnErrorNotASmallerSet() throws {
        let dir = TemporaryDirectory()
        let rows = (0..<4000).map { "\($0 % 2 == 0 ? "+1" : "-1") \($0 % 50 + 1):0.5 \($0 % 70 + 60):\($0 % 7)" }
        let whole = dir.writeGzip("data.svm.gz", rows.joined(separator: "\n") + "\n")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        let half = dir.file("half.svm.gz")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: half))
        let run = try Self.hogwild(["train", "--data", half, "--epochs", "1"])
        #expect(run.status == 1)
        #expect(run.output.contains("half.svm.gz") && run.output.contains("cut short or corrupted"), "\(run.output)")
        #expect(!run.output.contains("epoch 1/1"))
    }

    @Test func aHugeStepStopsInTheFirstEpochWithAnError() throws {
        let dir = TemporaryDirectory()
        let run = try Self.hogwild(["train", "--step", "1e30", "--epochs", "3", "--out", dir.path] + Self.small)
        #expect(run.status == 1)
        #expect(run.output.contains("diverged in epoch 1 (scheme automatic, optimizer sgd, step size 1e+30)"), "\(run.output)")
        #expect(run.output.contains("the last finite objective was 1;"), "\(run.output)")
        // The records of the run are still written.
        #expect(FileManager.default.fileExists(atPath: dir.file("results.json")))
        // With backoff it retries at half the step each time, then gives up.
        let backoff = try Self.hogwild(["train", "--step", "1e30", "--epochs", "2", "--on-divergence", "backoff",
                                        "--divergence-retries", "2"] + Self.small)
        #expect(backoff.status == 1)
        #expect(backoff.output.components(separatedBy: "halved the step").count == 3, "\(backoff.output)")
    }

    @Test func sizesBeyondTheMemoryAreRefusedBeforeAllocating() throws {
        let generated = try Self.hogwild(["train", "--synthetic", "rcv1", "--scale", "1e9"])
        #expect(generated.status == 1)
        #expect(generated.output.contains("scale 1000000000.0 would need 1.0 EB of memory"), "\(generated.output)")
        #expect(!generated.output.contains("Fatal error"))
        // A stray huge feature index, where memory is limited (4 GB of address space).
        let dir = TemporaryDirectory()
        let file = dir.write("wide.svm", "1 1:1 1500000000:1\n-1 2:1\n")
        let wide = try Self.hogwild(["train", "--data", file, "--epochs", "1"], shellPrefix: "ulimit -v 4000000")
        #expect(wide.status == 1)
        #expect(wide.output.contains("wide.svm: index 1500000000 (line 1) makes 1500000000 columns"), "\(wide.output)")
        #expect(wide.output.contains("GB this process may use"))
        // What the fuzzer found: index 3.3·10⁸ in 47 bytes, under a 512 MB budget.
        let found = dir.write("found.svm", "1 1:0 \n3333333333 1:0 \n31 1:1 333333332:2\r\n")
        let fuzzed = try Self.hogwild(["train", "--data", found, "--workload", "leastSquares", "--epochs", "1"],
                                      shellPrefix: "export HOGWILD_MEMORY_LIMIT=512000000")
        #expect(fuzzed.status == 1 && fuzzed.output.contains("index 333333332 (line 3) makes 333333332 columns"), "\(fuzzed.output)")
    }

    @Test func anUnwritableOutputFailsBeforeTraining() throws {
        let dir = TemporaryDirectory()
        let blocker = dir.write("file", "in the way")
        for (flag, path) in [("--out", blocker + "/results"), ("--out", "/proc/no-such-dir/results"),
                             ("--checkpoint", blocker + "/run.ckpt"), ("--checkpoint", dir.path)] {
            let run = try Self.hogwild(["train", flag, path, "--epochs", "1"] + Self.small)
            #expect(run.status == 2, "\(flag) \(path): \(run.output)")
            #expect(run.output.contains("option '\(flag)'") && !run.output.contains("epoch 1/1"), "\(run.output)")
            #expect(!run.output.contains("NSCocoaErrorDomain") && !run.output.contains("CocoaError"))
        }
    }

    @Test func checkpointedAndResumedRunsEndAsOneUninterruptedRun() throws {
        let dir = TemporaryDirectory()
        let settings = ["--optimizer", "adam", "--step", "0.01"] + Self.small
        #expect(HogwildTool.main(["train", "--epochs", "4", "--out", dir.file("whole")] + settings) == 0)
        #expect(HogwildTool.main(["train", "--epochs", "2", "--checkpoint", dir.file("run.ckpt")] + settings) == 0)
        let saved = try TrainingCheckpoint.read(from: dir.file("run.ckpt"))
        #expect(saved.progress.epochsCompleted == 2 && saved.optimizerState.count == 1)
        #expect(HogwildTool.main(["train", "--epochs", "4", "--resume", dir.file("run.ckpt"), "--out", dir.file("resumed")] + settings) == 0)
        let whole = try Self.result(dir.file("whole"))
        let resumed = try Self.result(dir.file("resumed"))
        #expect(resumed.run.report.finalObjective == whole.run.report.finalObjective)
        #expect(resumed.run.report.epochs.map(\.objective) == whole.run.report.epochs.map(\.objective))
        #expect(resumed.run.metrics == whole.run.metrics)
        // The resumed run went on saving to the file it resumed from.
        #expect(try TrainingCheckpoint.read(from: dir.file("run.ckpt")).progress.epochsCompleted == 4)
        // Another scheme, or a changed step, is not the same run.
        #expect(HogwildTool.main(["train", "--epochs", "5", "--resume", dir.file("run.ckpt"), "--scheme", "rr"] + settings) == 1)
        #expect(HogwildTool.main(["train", "--epochs", "5", "--resume", dir.file("run.ckpt"), "--optimizer", "adam", "--step", "0.02"] + Self.small) == 1)
        // Flags that need another are usage errors.
        #expect(HogwildTool.main(["train", "--checkpoint-every", "3"] + settings) == 2)
        #expect(HogwildTool.main(["train", "--divergence-retries", "3"] + settings) == 2)
        // A checkpoint cut short is refused before any data is loaded.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("run.ckpt")))
        try bytes.prefix(bytes.count - 9).write(to: URL(fileURLWithPath: dir.file("cut.ckpt")))
        let cut = try Self.hogwild(["train", "--epochs", "5", "--resume", dir.file("cut.ckpt")] + settings)
        #expect(cut.status == 1 && cut.output.contains("cut.ckpt: the model file fails its checksum"), "\(cut.output)")
        #expect(!cut.output.contains("data:"))
    }

    @Test func aNetworkResumedFromACheckpointEndsBitIdentical() throws {
        let dir = TemporaryDirectory()
        let settings = ["--workload", "mlp", "--hidden", "16", "--synthetic", "images", "--scale", "0.005",
                        "--optimizer", "adam", "--threads", "1", "--dropout", "0.2"]
        #expect(HogwildTool.main(["train", "--epochs", "3", "--save-model", dir.file("whole.model")] + settings) == 0)
        #expect(HogwildTool.main(["train", "--epochs", "1", "--checkpoint", dir.file("mlp.ckpt")] + settings) == 0)
        #expect(HogwildTool.main(["train", "--epochs", "3", "--resume", dir.file("mlp.ckpt"), "--out", dir.path,
                                  "--save-model", dir.file("resumed.model")] + settings) == 0)
        let whole = try NetworkFile.load(from: dir.file("whole.model"))
        let resumed = try NetworkFile.load(from: dir.file("resumed.model"))
        #expect(resumed.parameters.map(\.bitPattern) == whole.parameters.map(\.bitPattern))
        #expect(resumed.state == whole.state && resumed.epochs == 3)
        // The epoch measured before the checkpoint keeps its held-out accuracy in the records.
        let csv = try CSVTable.read(dir.file("results.csv"))
        let accuracy = try csv.column("test_accuracy")
        #expect(csv.rows.count == 3 && csv.rows.allSatisfy { Double($0[accuracy]) != nil })
    }

    @Test func sigintFinishesTheEpochLeavesACheckpointAndResumes() throws {
        let dir = TemporaryDirectory()
        let checkpoint = dir.file("run.ckpt")
        // About 0.4 s an epoch: 391 rows with a 1 ms busy-wait per gradient.
        let arguments = ["train", "--synthetic", "rcv1", "--scale", "0.0005", "--threads", "1", "--delay", "1000000",
                         "--epochs", "30", "--checkpoint", checkpoint, "--checkpoint-every", "100"]
        let child = try ChildProcess(ProgressStreamingTests.executable.path, arguments)
        try child.read(until: { $0.contains("epoch 1/30") }, within: 60)
        child.send(SIGINT)
        let status = try child.finish(within: 60)
        let text = child.output
        #expect(status == 130, "\(text)")
        #expect(text.contains("interrupted: finishing the current epoch"))
        #expect(text.contains("resume with the same command and --resume \(checkpoint)"), "\(text)")
        let saved = try TrainingCheckpoint.read(from: checkpoint)
        #expect(saved.progress.epochsCompleted >= 1 && saved.progress.epochsCompleted < 30)
        // It resumes (two more epochs, without the delay's cost mattering).
        var resumed = Array(arguments.dropFirst())
        resumed[resumed.firstIndex(of: "30")!] = "\(saved.progress.epochsCompleted + 2)"
        let run = try Self.hogwild(["train"] + resumed + ["--resume", checkpoint])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("resuming from \(checkpoint): \(saved.progress.epochsCompleted) of"))
        #expect(try TrainingCheckpoint.read(from: checkpoint).progress.epochsCompleted == saved.progress.epochsCompleted + 2)
    }

    static func result(_ directory: String) throws -> SingleRunResult {
        try ResultFiles.decoder().decode(SingleRunResult.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/results.json")))
    }
}
