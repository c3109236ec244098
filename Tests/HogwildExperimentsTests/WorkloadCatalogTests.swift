import Foundation
import Testing
@testable import HogwildExperiments
import HogwildCore
import HogwildData
import HogwildTestSupport

@Suite struct WorkloadCatalogTests {
    @Test(arguments: [(WorkloadSpec.Kind.svm, SyntheticData.rcv1, 0.003), (.logistic, .rcv1, 0.003),
                      (.leastSquares, .rcv1, 0.003), (.mc, .netflix, 0.0005), (.mc, .jumbo, 0.00001),
                      (.cuts, .abdomen, 0.00005), (.cuts, .dblife, 0.01),
                      (.mlp, .images, 0.02), (.softmax, .images, 0.02), (.cnn, .images, 0.01), (.autoencoder, .images, 0.02),
                      (.gru, .images, 0.005), (.lstm, .text, 0.01), (.rnn, .text, 0.01)])
    func everySyntheticWorkloadTrainsAndReportsItsMetrics(_ kind: WorkloadSpec.Kind, _ data: SyntheticData, _ scale: Double) throws {
        var spec = WorkloadSpec(kind: kind, source: .synthetic(data, scale: scale))
        if !kind.isNetwork && kind != .cuts { spec.testFraction = 0.1 }
        // The autoencoder learns one class's 133 images here: batches of 16 and Adam give it
        // enough steps in 3 epochs to learn more than their mean image.
        if kind == .autoencoder { spec.settings = .network(.autoencoder, NetworkSettings(batch: 16)) }
        let optimizer = kind == .autoencoder ? OptimizerChoice(Adam()) : .sgd
        let workload = try WorkloadCatalog.make(spec)
        // Cuts start every free node at the simplex centre, where the relaxed objective is
        // low; the first steps overshoot, so they need more epochs to come below it.
        let epochs = kind == .cuts ? 15 : 3
        var configuration = workload.defaultConfiguration(threads: 2, epochs: epochs)
        configuration.schedule = workload.defaultSchedule(for: optimizer)
        let run = try workload.run(scheme: .hogwild, optimizer: optimizer, configuration: configuration)
        #expect(run.report.epochs.count == epochs)
        #expect(run.report.finalObjective < run.report.initialObjective, "\(kind) on \(data)")
        switch kind {
        case .svm, .logistic: #expect(run.metrics["test_error"] != nil && run.metrics["train_error"] != nil)
        case .leastSquares, .mc: #expect(run.metrics["test_rmse"] != nil)
        case .cuts: #expect(run.metrics["cut"] != nil)
        // Three epochs of plain SGD on a few hundred images: better than chance (0.1) is
        // all a smoke test can ask; NetworkModelTests train each model to a real goal.
        // The autoencoder's AUC ranks held-out images of the other classes above its own
        // class's by reconstruction error (untrained, it ranks them by ink: 0.13 here).
        case .autoencoder: #expect(run.metrics["test_auc"]! > 0.8, "\(run.metrics)")
        case _ where data == .images:
            #expect(run.metrics["test_accuracy"]! > 0.15, "\(kind): \(run.metrics)")
            #expect(run.report.epochs.allSatisfy { $0.metrics["test_accuracy"] != nil })
        default:
            #expect(run.metrics["test_bits_per_char"]! < run.metrics["unigram_bits_per_char"]!, "\(kind): \(run.metrics)")
        }
    }

    @Test func rcv1ShapedSetsHaveTheRowsAskedFor() {
        // Truncating 781,265 × scale made `--rows 200000` 199,999 rows and the quick set 100,001.
        for rows in [1, 3_125, 100_000, 200_000, 781_265] {
            #expect(SyntheticData.rcv1Rows(scale: SyntheticData.rcv1Scale(rows: rows)) == rows)
        }
        #expect(SyntheticData.rcv1Rows(scale: SyntheticData.rcv1.quickScale) == 100_000)
    }

    @Test func dataThatDoesNotFitTheModelIsATypedError() {
        #expect(throws: WorkloadError.self) {
            try WorkloadCatalog.make(WorkloadSpec(kind: .mc, source: .synthetic(.rcv1, scale: 0.001)))
        }
        #expect(throws: WorkloadError.invalidScale(-1)) {
            try WorkloadCatalog.make(WorkloadSpec(kind: .svm, source: .synthetic(.rcv1, scale: -1)))
        }
    }

    @Test func ratingsTestFileIsIndexedByTheTrainingIds() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "u1 a 4\nu2 b 3\nu1 b 5\n".write(toFile: dir + "/train.txt", atomically: true, encoding: .utf8)
        try "u2 a 2\n".write(toFile: dir + "/test.txt", atomically: true, encoding: .utf8)
        try "u3 a 2\n".write(toFile: dir + "/unknown.txt", atomically: true, encoding: .utf8)
        let workload = try WorkloadCatalog.make(WorkloadSpec(kind: .mc, source: .ratings(path: dir + "/train.txt", test: dir + "/test.txt")))
        let mc = try #require(workload as? MatrixCompletionWorkload)
        // Users and items are renumbered by degree: u1 (2 ratings) is 0, u2 is 1; b (2) is 0, a is 1.
        #expect(mc.test?[0] == Rating(user: 1, item: 1, value: 2))
        #expect(throws: FormatError.self) {
            try WorkloadCatalog.make(WorkloadSpec(kind: .mc, source: .ratings(path: dir + "/train.txt", test: dir + "/unknown.txt")))
        }
    }
}
