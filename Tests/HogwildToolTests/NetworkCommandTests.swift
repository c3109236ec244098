import Foundation
import Testing
import Hogwild
import HogwildCommandLine
import HogwildTestSupport
@testable import HogwildTool

/// The network workloads through `hogwild`: per-epoch held-out metrics in the records,
/// saving and resuming, the flags that belong to each model.
@Suite struct NetworkCommandTests {
    static let data = ["--synthetic", "images", "--scale", "0.01", "--epochs", "2"]
    static let images = data + ["--optimizer", "adam"]

    @Test func trainRecordsTestAccuracyEveryEpochAndSavesTheModel() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--hidden", "32", "--out", dir.path,
                                  "--save-model", dir.file("mlp.model")] + Self.images) == 0)
        let csv = try CSVTable.read(dir.file("results.csv"))
        let accuracy = try csv.column("test_accuracy")
        #expect(csv.rows.count == 2 && csv.rows.allSatisfy { Double($0[accuracy]) != nil })
        let saved = try NetworkFile.load(from: dir.file("mlp.model"))
        #expect(saved.epochs == 2 && saved.optimizer == "adam" && saved.state.count == 2)
        #expect(saved.architecture.contains("Linear(784, 32)"))
        // Resuming continues from the saved network; another architecture is refused.
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--hidden", "32", "--load-model", dir.file("mlp.model"),
                                  "--save-model", dir.file("again.model")] + Self.images) == 0)
        #expect(try NetworkFile.load(from: dir.file("again.model")).epochs == 4)
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--hidden", "64", "--load-model", dir.file("mlp.model")] + Self.images) == 1)
    }

    @Test func aCharacterModelTrainsOnATextFile() throws {
        let dir = TemporaryDirectory()
        let text = String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 200)
        let path = dir.write("corpus.txt", text)
        #expect(HogwildTool.main(["train", "--workload", "gru", "--data", path, "--hidden", "16", "--embedding", "8",
                                  "--sequence-length", "16", "--batch", "8", "--epochs", "1", "--sample", "20",
                                  "--optimizer", "adam", "--out", dir.path]) == 0)
        let result = try ResultFiles.decoder().decode(SingleRunResult.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("results.json"))))
        #expect(result.run.metrics["test_bits_per_char"] != nil && result.run.metrics["bigram_bits_per_char"] != nil)
        #expect(result.workload.spec.source == .text(path: path))
    }

    @Test func flagsOfAnotherModelAndWrongDataAreUsageErrors() {
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--channels", "10,20"] + Self.images) == 2)
        #expect(HogwildTool.main(["train", "--workload", "svm", "--hidden", "10"]) == 2)
        #expect(HogwildTool.main(["train", "--workload", "cnn", "--channels", "10"] + Self.images) == 2)
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--dropout", "1"] + Self.images) == 2)
        #expect(HogwildTool.main(["train", "--load-model", "x.model"]) == 2)
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--synthetic", "text"]) == 2)
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--data", "/nonexistent/file.txt"]) == 2)
    }

    @Test func anUnwritableModelPathFailsBeforeTraining() {
        let dir = TemporaryDirectory()
        let file = dir.write("plain.txt", "a file, not a directory")   // unwritable as a directory even for root
        let start = MonotonicClock.nanoseconds()
        #expect(HogwildTool.main(["train", "--workload", "mlp", "--save-model", file + "/sub/m.model"] + Self.images) == 2)
        #expect(MonotonicClock.seconds(since: start) < 5, "refused before loading or training")
    }

    @Test func compareDrawsAccuracyCharts() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["compare", "--workload", "softmax", "--threads", "2", "--seeds", "1", "--optimizers", "adam",
                                  "--out", dir.path] + Self.data) == 0)
        #expect(try SVGInspector.inspect(dir.file("test_accuracy-vs-epoch.svg")).series == ["HOGWILD!", "locked SGD"])
        #expect(dir.exists("test_accuracy-vs-time.svg") && dir.exists("test_loss-vs-epoch.svg"))
    }

    @Test func reproduceDenseWritesItsChartsOnTheStandIn() throws {
        let dir = TemporaryDirectory()
        var reproduction = DenseReproduction(scale: .quick, directory: dir.path, dataDirectory: dir.file("none"))
        reproduction.machine.cores = 2
        reproduction.standInScale = 0.005
        let files = try reproduction.run()
        for name in ["machine.json", "dense-mlp-test_accuracy-vs-epoch.svg", "dense-mlp-test_accuracy-vs-time.svg",
                     "dense-cnn-test_accuracy-vs-epoch.svg", "dense-mlp-speedup.svg", "dense-cnn-speedup.svg"] {
            #expect(files.contains(name) && dir.exists(name), "\(name)")
        }
        let chart = try SVGInspector.inspect(dir.file("dense-cnn-test_accuracy-vs-epoch.svg"))
        #expect(chart.series == ["HOGWILD!", "HOGWILD! (atomic add)", "AIG", "RR", "locked SGD"], "\(chart.series)")
    }
}
