import HogwildAutograd
import HogwildCore
import HogwildSupport

/// A network trained to reproduce its input (mean squared error against the image), and
/// the anomaly score it gives: an image's reconstruction error. Trained on one class,
/// it scores images of other classes higher.
///
/// ```swift
/// let model = Autoencoder(network: ModelZoo.autoencoder(code: 32), data: try split.train.only(label: 0))
/// // … train …
/// let scores = try model.anomalyScores(split.test, parameters: x.copyOut())
/// let auc = rocAUC(scores: scores, positive: split.test.labels.map { $0 != 0 })
/// ```
public struct Autoencoder: ImageNetworkModel {
    public let network: Sequential
    public let data: LabeledImages

    public init(network: Sequential, data: LabeledImages) {
        self.network = network
        self.data = data
    }

    public func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        var pass = ForwardPass(tape: tape, random: random, training: training)
        defer { random = pass.random }
        let (x, _) = data.recordImages(term: term, on: tape)
        let flat = try tape.reshape(x, Shape(x.shape[0], data.height * data.width))
        return try tape.meanSquaredError(network(x, &pass), flat)
    }

    /// Each image's mean squared reconstruction error at `parameters`, the minibatches
    /// spread over the machine's cores.
    public func anomalyScores(_ images: LabeledImages, parameters: [Float]) throws(AutogradError) -> [Float] {
        let features = images.height * images.width
        let perBatch = try Inference.parallel(count: images.batchCount, parameters: parameters) {
            (tape, batch) throws(AutogradError) -> [Float] in
            var pass = ForwardPass(tape: tape, random: Xoshiro256(seed: 0), training: false)
            let rows = images.rows(of: batch)
            let (x, _) = images.recordImages(term: batch, on: tape)
            let output = try network(x, &pass)
            guard output.count == x.count else {
                throw .shapeMismatch(
                    operation: "Autoencoder", output.shape, x.shape,
                    detail: "the network must give back \(features) values an image")
            }
            let y = tape.value(output), v = tape.value(x)
            return (0..<rows.count).map { r in
                var sum: Float = 0
                for f in 0..<features {
                    let d = y[r * features + f] - v[r * features + f]
                    sum += d * d
                }
                return sum / Float(features)
            }
        }
        return perBatch.flatMap { $0 }
    }
}
