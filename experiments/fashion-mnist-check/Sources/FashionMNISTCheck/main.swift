// Fashion-MNIST through the autograd engine: Adam (step 0.001), minibatches of 64,
// HOGWILD! on the shared buffer, then test accuracy from the models' logits.
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

/// Fraction of test images whose largest logit is their label.
func accuracy(_ parameters: SharedParameters, logits: (Tape, Tensor) throws -> Tensor, inputShape: (Int) -> Shape) throws -> Double {
    var values = parameters.copyOut()
    let tape = Tape()
    var correct = 0
    try values.withUnsafeMutableBufferPointer { v in
        for term in 0..<test.batchCount {
            let rows = test.rows(of: term)
            tape.reset()
            tape.bind(values: v.baseAddress!, gradients: nil, count: v.count)
            let input = tape.constant(inputShape(rows.count), Array(test.pixels[rows.lowerBound * 784..<rows.upperBound * 784]))
            let scores = tape.value(try logits(tape, input))
            for (r, n) in rows.enumerated() {
                var best = 0
                for c in 1..<10 where scores[r * 10 + c] > scores[r * 10 + best] { best = c }
                if Int32(best) == test.labels[n] { correct += 1 }
            }
        }
    }
    return Double(correct) / Double(test.count)
}

func train<Model: DifferentiableModel>(_ model: Model) throws -> (SharedParameters, TrainingReport) {
    let x = try SharedParameters(count: model.parameterCount)
    try x.copyIn(model.initialParameters(seed: 1))
    let configuration = TrainingConfiguration(threads: threads, epochs: epochs, schedule: .constant(0.001), evaluateEveryEpoch: false)
    let report = try AnyTrainer(objective: try NetworkObjective(model), scheme: .hogwild, optimizer: OptimizerChoice(Adam()), configuration: configuration).run(on: x)
    return (x, report)
}

let start = Date()
let (parameters, report): (SharedParameters, TrainingReport)
let testAccuracy: Double
if architecture == "cnn" {
    let model = try ReferenceCNN(data: train)
    (parameters, report) = try train(model)
    var random = Xoshiro256(seed: 0)
    testAccuracy = try accuracy(parameters, logits: { try model.logits($1, tape: $0, random: &random) }, inputShape: { Shape($0, 1, 28, 28) })
} else {
    let model = ReferenceMLP(data: train)
    (parameters, report) = try train(model)
    testAccuracy = try accuracy(parameters, logits: { try model.logits($1, tape: $0) }, inputShape: { Shape($0, 784) })
}
let seconds = report.epochs.reduce(0) { $0 + $1.seconds }
print(String(format: "%@ on Fashion-MNIST, %d epochs, %d threads (HOGWILD!, Adam 0.001, batch 64): test accuracy %.4f, training %.1f s (%.0f samples/s), wall %.1f s",
             architecture, epochs, threads, testAccuracy, seconds, Double(60_000 * epochs) / seconds, Date().timeIntervalSince(start)))
