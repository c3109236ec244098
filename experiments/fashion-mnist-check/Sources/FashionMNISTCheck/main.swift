// Fashion-MNIST through the model zoo: Adam (step 0.001), minibatches of 64, HOGWILD!
// on the shared buffer, then test accuracy.
import Foundation
import Hogwild

/// The bytes of an uncompressed IDX file after its header.
func idx(_ path: String, header: Int) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path), data.count > header else {
        fatalError("\(path): missing or shorter than its \(header)-byte header")
    }
    return Array(data.dropFirst(header))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fatalError("usage: FashionMNISTCheck RAW_DIR [mlp|cnn] [EPOCHS] [THREADS]") }
let directory = arguments[1]
let architecture = arguments.count > 2 ? arguments[2] : "mlp"
let epochs = arguments.count > 3 ? Int(arguments[3])! : 5
let threads = arguments.count > 4 ? Int(arguments[4])! : 2

let train = try LabeledImages(pixels: idx("\(directory)/train-images-idx3-ubyte", header: 16).map { Float($0) / 255 },
                              labels: idx("\(directory)/train-labels-idx1-ubyte", header: 8).map { Int32($0) },
                              height: 28, width: 28, classes: 10, batchSize: 64)
let test = try LabeledImages(pixels: idx("\(directory)/t10k-images-idx3-ubyte", header: 16).map { Float($0) / 255 },
                             labels: idx("\(directory)/t10k-labels-idx1-ubyte", header: 8).map { Int32($0) },
                             height: 28, width: 28, classes: 10, batchSize: 500)

func train(_ model: ImageClassifier) throws -> (SharedParameters, TrainingReport) {
    let x = try SharedParameters(count: model.parameterCount)
    try x.copyIn(model.initialParameters(seed: 1))
    let configuration = TrainingConfiguration(threads: threads, epochs: epochs, schedule: .constant(0.001),
                                              evaluateEveryEpoch: false)
    let report = try Trainer(objective: try NetworkObjective(model), scheme: .hogwild, optimizer: Adam(),
                             configuration: configuration).run(on: x)
    return (x, report)
}

let start = Date()
// mnist_hogwild's CNN, or the 784-128-10 perceptron: the model zoo's own networks.
let model = ImageClassifier(network: architecture == "cnn" ? ModelZoo.cnn() : ModelZoo.mlp(hidden: [128]), data: train)
let (parameters, report) = try train(model)
let testAccuracy = try model.evaluate(on: test, parameters: parameters.copyOut()).accuracy
let seconds = report.epochs.reduce(0) { $0 + $1.seconds }
print(String(format: "%@ on Fashion-MNIST, %d epochs, %d threads (HOGWILD!, Adam 0.001, batch 64): test accuracy %.4f, training %.1f s (%.0f samples/s), wall %.1f s",
             architecture, epochs, threads, testAccuracy, seconds, Double(60_000 * epochs) / seconds, Date().timeIntervalSince(start)))
