// The README's embedding example, verbatim: a user-defined objective trained by the
// library with any optimizer, with `import Hogwild` as the only import of the library.
import Hogwild
import Testing

// README: begin
/// Least-squares line fit y ≈ a·t + b, with x[0] = a and x[1] = b.
struct LineFit: Objective {
    let points: [(t: Float, y: Float)]
    var termCount: Int { points.count }
    var dimension: Int { 2 }

    func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into g: inout G,
                                      context: inout WorkerContext<Void>) {
        let (t, y) = points[term]
        let r = x.load(0) * t + x.load(1) - y      // the residual; ∂(r²/2)/∂a = r·t, ∂/∂b = r
        g.add(0, r * t)
        g.add(1, r)
    }

    func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        let (t, y) = points[term]
        let r = Double(x.load(0) * t + x.load(1) - y)
        return r * r / 2
    }
}
// README: end

// README: begin
/// A 2-16-2 network that classifies points of the square by the sign of x·y (XOR), in minibatches of 32.
struct XORNet: DifferentiableModel {
    let points: [Float], labels: [Int32]              // [n, 2] coordinates, n labels
    var parameterCount: Int { 16 * 2 + 16 + 2 * 16 + 2 }
    var termCount: Int { labels.count / 32 }
    var sampleCount: Int { labels.count }

    func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        let rows = term * 32..<(term + 1) * 32
        let x = tape.constant(Shape(32, 2), Array(points[2 * rows.lowerBound..<2 * rows.upperBound]))
        let w1 = try tape.parameter(at: 0, Shape(16, 2)), b1 = try tape.parameter(at: 32, Shape(16))   // the shared buffer's
        let w2 = try tape.parameter(at: 48, Shape(2, 16)), b2 = try tape.parameter(at: 80, Shape(2))   // tensors, by offset
        let hidden = try tape.tanh(tape.add(tape.matmul(x, w1, transposeB: true), b1))
        let logits = try tape.add(tape.matmul(hidden, w2, transposeB: true), b2)
        return try Array(labels[rows]).withUnsafeBufferPointer { (y) throws(AutogradError) in
            try tape.crossEntropy(logits: logits, labels: y)
        }
    }

    func initialParameters(seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        return (0..<parameterCount).map { _ in Float(random.nextGaussian()) * 0.5 }
    }
}
// README: end

@Suite struct ReadmeExampleTests {
    @Test func aComposedNetworkTrainsOnImages() throws {
        // README: begin
        let data = try ImageData.synthetic(train: 2_000, test: 500, batchSize: 32)   // or ImageData.readDirectory("/usr/share/datasets/fashion-mnist", batchSize: 64)
        let network = Sequential(Conv2D(1, 8, kernel: 5), MaxPool2D(2), ReLU(), Flatten(),
                                 Linear(8 * 12 * 12, 64), ReLU(), Dropout(0.25), Linear(64, 10))
        let model = ImageClassifier(network: network, data: data.train)
        let x = try SharedParameters(count: model.parameterCount)
        try x.copyIn(model.initialParameters(seed: 1))
        let report = try Trainer(objective: try NetworkObjective(model), scheme: .hogwild, optimizer: Adam(),
                                 configuration: TrainingConfiguration(threads: 2, epochs: 3, schedule: .constant(0.002)))
            .run(on: x)
        let test = try model.evaluate(on: data.test, parameters: x.copyOut())
        print(report.finalObjective, test.accuracy)                   // test accuracy above 0.9
        let file = NetworkFile(architecture: "\(network)", tensors: model.parameterTensors, parameters: x.copyOut(),
                               optimizer: "adam", epochs: 3)
        try file.save(to: "/tmp/cnn.safetensors")                     // safetensors: numpy and PyTorch read it too
        let saved = try NetworkFile.load(from: "/tmp/cnn.safetensors")
        try x.copyIn(saved.parameters(for: model.parameterTensors, path: "/tmp/cnn.safetensors"))
        // README: end
        #expect(test.accuracy > 0.9, "\(test)")
        #expect(saved == file && x.copyOut() == file.parameters)
    }

    @Test func aNetworkTrainsHogwildStyle() throws {
        // README: begin
        var random = Xoshiro256(seed: 1)
        let points = (0..<2_048).map { _ in random.nextUnitFloat() * 2 - 1 }
        let labels = (0..<1_024).map { Int32(points[2 * $0] * points[2 * $0 + 1] > 0 ? 1 : 0) }
        let net = XORNet(points: points, labels: labels)
        let x = try SharedParameters(count: net.parameterCount)
        try x.copyIn(net.initialParameters(seed: 1))
        let report = try Trainer(objective: try NetworkObjective(net), scheme: .hogwild, optimizer: Adam(),
                                 configuration: TrainingConfiguration(threads: 2, epochs: 60, schedule: .constant(0.01)))
            .run(on: x)
        print(report.initialObjective, report.finalObjective)   // cross-entropy ≈ 0.8 → below 0.15
        // README: end
        #expect(report.initialObjective > 0.5)
        #expect(report.finalObjective < 0.15, "\(report.initialObjective) → \(report.finalObjective)")
    }

    @Test func userDefinedObjectiveTrainsWithOnlyTheUmbrellaImport() throws {
        // README: begin
        let fit = LineFit(points: (0..<1_000).map { i in let t = Float(i) / 1_000; return (t, 3 * t + 1) })
        let x = try SharedParameters(count: fit.dimension)
        let report = try Trainer(objective: fit, scheme: RelaxedHogwild(), optimizer: Adam(),
                                 configuration: TrainingConfiguration(threads: 2, epochs: 30, schedule: .constant(0.01)))
            .run(on: x) { epoch in print(epoch.epoch, epoch.objective ?? .nan) }
        print(x[0], x[1], report.updatesPerSecond)   // ≈ 3, 1
        // README: end
        #expect(abs(x[0] - 3) < 0.05)
        #expect(abs(x[1] - 1) < 0.05)
        #expect(report.finalObjective < 1e-3)
    }

    @Test func aTrainedModelPredictsSavesAndLoads() throws {
        // README: begin
        let data = try RCV1Generator(rows: 5_000, features: 2_000, seed: 7).generate()
        let svm = try SparseSVM(data: data, regularization: LinearRegularization(l2: 1e-4), intercept: true)
        let x = try SharedParameters(count: svm.dimension)
        _ = try Trainer(objective: svm, scheme: .hogwild, configuration: TrainingConfiguration(epochs: 5)).run(on: x)

        let model = svm.model(parameters: x)                 // weights and intercept, out of the shared buffer
        print(model.predict(indices: [0, 7, 42], values: [0.3, 0.5, 0.1]))   // +1 or -1
        try model.save(to: "/tmp/svm.model")
        let loaded = try LinearModel.load(from: "/tmp/svm.model")
        print(loaded.decisionFunction(data) == model.decisionFunction(data))   // true, bit for bit
        // README: end
        #expect(loaded.decisionFunction(data).map(\.bitPattern) == model.decisionFunction(data).map(\.bitPattern))
        #expect(loaded == model && model.intercept != 0)
        let predicted = loaded.predict(data)
        let errors = (0..<data.rowCount).filter { predicted[$0] != data.labels[$0] }.count
        #expect(Double(errors) / Double(data.rowCount) < 0.35, "it learned something: \(errors) errors")
    }
}
