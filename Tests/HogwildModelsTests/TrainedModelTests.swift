import Foundation
import HogwildCore
import HogwildData
@testable import HogwildModels
import HogwildSupport
import HogwildTestSupport
import Testing

/// Trained models out of the shared buffer: they predict exactly what the objective
/// does, and a saved and loaded model predicts bit for bit what it did before saving.
@Suite struct TrainedModelTests {
    static let rows = try! RCV1Generator(rows: 3_000, features: 2_000, meanNonZeros: 20, seed: 4).generate()

    func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test(arguments: [false, true])
    func linearModelsPredictWhatTheObjectiveDoesAndSurviveSaving(_ intercept: Bool) throws {
        let svm = try SparseSVM(data: Self.rows, regularization: LinearRegularization(l2: 1e-4), intercept: intercept)
        #expect(svm.dimension == Self.rows.columnCount + (intercept ? 1 : 0))
        let x = try SharedParameters(count: svm.dimension)
        _ = try Trainer(objective: svm, scheme: .hogwild, configuration: .init(threads: 2, epochs: 3, schedule: .constant(0.05)))
            .run(on: x)
        let model = svm.model(parameters: x)
        #expect(model.loss == .hinge && model.weights.count == Self.rows.columnCount)
        let fromObjective = (0..<Self.rows.rowCount).map { svm.prediction(row: $0, of: Self.rows, parameters: x.memory) }
        #expect(bits(model.decisionFunction(Self.rows)) == bits(fromObjective))
        if intercept { #expect(model.intercept != 0, "the intercept trained") } else { #expect(model.intercept == 0) }

        let dir = TemporaryDirectory()
        try model.save(to: dir.file("svm.model"))
        let loaded = try LinearModel.load(from: dir.file("svm.model"))
        #expect(loaded == model)
        #expect(bits(loaded.predict(Self.rows)) == bits(model.predict(Self.rows)))
        #expect(Set(loaded.predict(Self.rows)).isSubset(of: [1, -1]))
        // One row by hand, as a new example would come.
        let start = Int(Self.rows.rowOffsets[7]), end = Int(Self.rows.rowOffsets[8])
        let indices = (start..<end).map { Int(Self.rows.columns[$0]) }, values = (start..<end).map { Self.rows.values[$0] }
        #expect(loaded.decisionFunction(indices: indices, values: values).bitPattern == fromObjective[7].bitPattern)
    }

    @Test func anInterceptFitsWhatWeightsAloneCannot() throws {
        // y = 2 + 0.5·a₀ with a₀ ∈ [−1, 1]: a model through the origin cannot fit it.
        let builder = SparseDatasetBuilder(columnCount: 1)
        var random = Xoshiro256(seed: 3)
        for _ in 0..<2_000 {
            let a = Float.random(in: -1...1, using: &random)
            try builder.appendRow(columns: [0], values: [a], label: 2 + 0.5 * a)
        }
        let data = try builder.build()
        func fitted(_ intercept: Bool) throws -> LinearModel {
            let model = try SparseLeastSquares(data: data, regularization: LinearRegularization(l2: 0), intercept: intercept)
            let x = try SharedParameters(count: model.dimension)
            _ = try Trainer(objective: model, scheme: .hogwild, configuration: .init(threads: 1, epochs: 30, schedule: .epochDecay(initial: 0.1, factor: 0.9)))
                .run(on: x)
            return model.model(parameters: x)
        }
        let with = try fitted(true), without = try fitted(false)
        #expect(abs(with.intercept - 2) < 0.01 && abs(with.weights[0] - 0.5) < 0.01, "\(with)")
        #expect(abs(with.predict(indices: [0], values: [0.4]) - 2.2) < 0.01)
        #expect(abs(without.predict(indices: [0], values: [0.4]) - 2.2) > 0.5)
    }

    @Test func weightsGoBackToTheFilesFeatureNumbers() {
        // Features 0, 1, 2 of the file became 2, 0, 1 when renumbered by frequency.
        let renumbering = Renumbering(byDescending: [5, 9, 7])
        #expect(renumbering.newIndex == [2, 0, 1])
        let model = LinearModel(loss: .logistic, weights: [10, 20, 30], intercept: 1)
        let original = model.inOriginalNumbering(renumbering)
        #expect(original.weights == [30, 10, 20] && original.intercept == 1)
        #expect(original.decisionFunction(indices: [0], values: [1]) == model.decisionFunction(indices: [2], values: [1]))
        #expect(abs(Double(model.probability(indices: [], values: [])) - 1 / (1 + exp(-1))) < 1e-6, "σ(b) for an empty row")
    }

    @Test(arguments: [false, true])
    func factorModelsPredictWhatTheObjectiveDoesAndSurviveSaving(_ biases: Bool) throws {
        let ratings = try RatingsGenerator(users: 300, items: 120, ratings: 6_000, rank: 4, seed: 2).generate()
        let mc = try MatrixCompletion(data: ratings, configuration: .init(rank: 4, biases: biases, globalMean: true))
        let x = try mc.makeParameters(seed: 1)
        _ = try Trainer(objective: mc, scheme: .hogwild, configuration: .init(threads: 2, epochs: 3, schedule: .constant(0.02)))
            .run(on: x)
        let model = mc.model(parameters: x)
        let fromObjective = (0..<ratings.count).map { i in
            mc.predict(user: Int(ratings.entries[i].user), item: Int(ratings.entries[i].item), parameters: x.memory)
        }
        #expect(bits(model.predict(ratings)) == bits(fromObjective))
        #expect(model.userBiases.isEmpty == !biases && abs(model.globalMean - Float(ratings.meanRating)) < 1e-6)
        #expect(model.predict(user: -1, item: 10_000) == model.globalMean, "unknown user and item: the mean")
        let dir = TemporaryDirectory()
        try model.save(to: dir.file("mc.model"))
        let loaded = try FactorModel.load(from: dir.file("mc.model"))
        #expect(bits(loaded.predict(ratings)) == bits(model.predict(ratings)))
        #expect(throws: ModelFileError.wrongKind(path: dir.file("mc.model"), expected: "linear", found: "factors")) {
            try LinearModel.load(from: dir.file("mc.model"))
        }
    }
}

/// The model file refuses every damaged or foreign file with a message naming it.
@Suite struct ModelFileTests {
    static let file = ModelFile(kind: "linear", settings: ["loss": "hinge"], arrays: ["weights": [1, -2.5, 3e-8], "intercept": [0.25]])

    @Test func crcIsTheStandardOne() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func roundTripsExactly() throws {
        #expect(try ModelFile.decode(Self.file.encoded(), path: "m") == Self.file)
    }

    @Test func everyCutShortFileIsRefused() {
        let bytes = Self.file.encoded()
        for length in 0..<bytes.count {
            #expect(throws: ModelFileError.self, "cut at \(length) of \(bytes.count)") {
                try ModelFile.decode(Array(bytes[0..<length]), path: "m")
            }
        }
    }

    @Test func everyFlippedByteIsRefused() {
        let bytes = Self.file.encoded()
        for i in bytes.indices {
            var damaged = bytes
            damaged[i] ^= 0x10
            #expect(throws: ModelFileError.self, "byte \(i) flipped") { try ModelFile.decode(damaged, path: "m") }
        }
    }

    @Test func newerVersionsAndForeignFilesAreNamedAsSuch() throws {
        var bytes = Self.file.encoded()
        bytes[8] = 99                                   // the version, then a valid checksum for it
        let body = Array(bytes[0..<(bytes.count - 4)])
        withUnsafeBytes(of: CRC32.checksum(body).littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
        #expect(throws: ModelFileError.unsupportedVersion(path: "m", version: 99)) { try ModelFile.decode(bytes, path: "m") }
        #expect(throws: ModelFileError.notAModelFile(path: "m")) { try ModelFile.decode(Array("1 2:0.5\n".utf8), path: "m") }
    }

    @Test func aFailedWriteNamesThePathAndLeavesTheOldFileWhole() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("m.model")
        try Self.file.write(to: path)
        #expect(throws: ModelFileError.self) { try Self.file.write(to: dir.file("missing/dir/m.model")) }
        do {
            try Self.file.write(to: dir.file("missing/dir/m.model"))
        } catch {
            #expect(error.description.contains("missing/dir/m.model") && error.description.contains("No such file"))
        }
        #expect(try ModelFile.read(from: path) == Self.file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.model"], "no temporary left behind")
    }
}
