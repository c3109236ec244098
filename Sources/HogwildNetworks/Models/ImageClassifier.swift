import HogwildAutograd
import HogwildCore
import HogwildSupport

/// A ``Sequential`` network trained on minibatches of images: its parameters are the
/// network's, its terms the data's minibatches.
public protocol ImageNetworkModel: DifferentiableModel {
    var network: Sequential { get }
    var data: LabeledImages { get }
}

extension ImageNetworkModel {
    public var parameterCount: Int { network.parameterCount }
    public var parameterTensors: [NamedTensor] { network.parameters }
    public var termCount: Int { data.batchCount }
    public var sampleCount: Int { data.count }
    public func initialParameters(seed: UInt64) -> [Float] { network.initialParameters(seed: seed) }
}

/// A network that maps images ([batch, 1, height, width]) to class scores, trained with
/// cross-entropy on minibatches of labelled images: softmax regression, the MLPs, the
/// CNN and the row-by-row sequence classifier of ``ModelZoo`` are all this model.
///
/// ```swift
/// let model = ImageClassifier(network: ModelZoo.mlp(hidden: [128]), data: split.train)
/// let x = try SharedParameters(count: model.parameterCount)
/// try x.copyIn(model.initialParameters(seed: 1))
/// let configuration = TrainingConfiguration(threads: 2, epochs: 10, schedule: .constant(0.001))
/// let trainer = try Trainer(objective: try NetworkObjective(model), scheme: .hogwild, optimizer: Adam(),
///                           configuration: configuration)
/// _ = try trainer.run(on: x)
/// print(try model.evaluate(on: split.test, parameters: x.copyOut()).accuracy)
/// ```
public struct ImageClassifier: ImageNetworkModel {
    public let network: Sequential
    public let data: LabeledImages

    public init(network: Sequential, data: LabeledImages) {
        self.network = network
        self.data = data
    }

    public func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        var pass = ForwardPass(tape: tape, random: random, training: training)
        defer { random = pass.random }
        let (x, labels) = data.recordImages(term: term, on: tape)
        return try tape.crossEntropy(logits: network(x, &pass), labels: labels)
    }

    /// Accuracy and mean cross-entropy on `images` at `parameters` (no dropout), the
    /// minibatches spread over the machine's cores.
    public func evaluate(
        on images: LabeledImages, parameters: [Float]
    ) throws(AutogradError) -> (
        accuracy: Double, loss: Double
    ) {
        let perBatch = try Inference.parallel(count: images.batchCount, parameters: parameters) {
            (tape, batch) throws(AutogradError) -> (correct: Int, loss: Double) in
            var pass = ForwardPass(tape: tape, random: Xoshiro256(seed: 0), training: false)
            let rows = images.rows(of: batch)
            let (x, labels) = images.recordImages(term: batch, on: tape)
            let logits = try network(x, &pass)
            let loss = Double(tape.scalar(try tape.crossEntropy(logits: logits, labels: labels))) * Double(rows.count)
            var correct = 0
            for r in 0..<rows.count where Self.predictedClass(row: r, of: logits, on: tape) == labels[r] {
                correct += 1
            }
            return (correct, loss)
        }
        let correct = perBatch.reduce(0) { $0 + $1.correct }, loss = perBatch.reduce(0.0) { $0 + $1.loss }
        return (Double(correct) / Double(images.count), loss / Double(images.count))
    }

    /// The predicted class of each image of `images`.
    public func predict(_ images: LabeledImages, parameters: [Float]) throws(AutogradError) -> [Int32] {
        let perBatch = try Inference.parallel(count: images.batchCount, parameters: parameters) {
            (tape, batch) throws(AutogradError) -> [Int32] in
            var pass = ForwardPass(tape: tape, random: Xoshiro256(seed: 0), training: false)
            let logits = try network(images.recordImages(term: batch, on: tape).0, &pass)
            return (0..<logits.shape[0]).map { Self.predictedClass(row: $0, of: logits, on: tape) }
        }
        return perBatch.flatMap { $0 }
    }

    /// The class with the largest score in row `row` of `logits` ([n, classes]).
    static func predictedClass(row: Int, of logits: Tensor, on tape: Tape) -> Int32 {
        let scores = tape.value(logits), classes = logits.shape[1]
        var best = 0
        for c in 1..<classes where scores[row * classes + c] > scores[row * classes + best] { best = c }
        return Int32(best)
    }
}

extension LabeledImages {
    /// Minibatch `term` on `tape` as [n, 1, height, width] images, and its labels.
    func recordImages(term: Int, on tape: Tape) -> (Tensor, UnsafeBufferPointer<Int32>) {
        record(term: term, on: tape) { Shape($0, 1, height, width) }
    }
}
