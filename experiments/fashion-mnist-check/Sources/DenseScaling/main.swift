// Thread scaling of dense HOGWILD! steps: the model zoo's MLP (784-128-10) or CNN
// (mnist_hogwild's network) trained for one epoch of SAMPLES samples at each thread
// count, SGD with momentum 0.5 and step 0.01 as ../shared/peers/torch/hogwild_torch.py
// trains; prints samples/s, the speedup over one thread, and the loss and accuracy on
// the first 10,000 training samples afterwards (the peer's measure).
//
// usage: DenseScaling mlp|cnn BATCH SAMPLES THREADS [IDX_DIR]   e.g. DenseScaling cnn 64 60000 1,2,4,8,16
// Without IDX_DIR the data are the peer's synthetic MNIST-shaped recipe.
import FoundationEssentials
import Hogwild
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5 || arguments.count == 6, let batch = Int(arguments[2]), let samples = Int(arguments[3]),
      batch > 0, samples >= batch else {
    print("usage: DenseScaling mlp|cnn BATCH SAMPLES THREADS [IDX_DIR] (e.g. cnn 64 60000 1,2,4,8,16)")
    exit(2)
}
let threadCounts = arguments[4].split(separator: ",").compactMap { Int($0) }
// DENSE_SCHEME=hogwild runs plain HOGWILD! (every step written straight to the shared model).
// DENSE_MERGE_EVERY=M runs hot replicas of every coordinate merged every M steps.
let environment = ProcessInfo.processInfo.environment
let scheme: SchemeChoice =
    environment["DENSE_SCHEME"] == "hogwild" ? .hogwild
    : environment["DENSE_MERGE_EVERY"].flatMap(Int.init).map {
        SchemeChoice(HotReplicas(settings: HotReplicaSettings(mergeInterval: $0)))
    } ?? .automatic
let all = arguments.count == 6 ? try ImageData.readDirectory(arguments[5], batchSize: batch).train
                               : try LabeledImages.synthetic(count: max(samples, 10_000), batchSize: batch)
func prefix(_ n: Int, batch: Int) throws -> LabeledImages {
    let n = min(n, all.count)
    return try LabeledImages(pixels: Array(all.pixels[..<(n * 784)]), labels: Array(all.labels[..<n]),
                             height: 28, width: 28, classes: 10, batchSize: batch)
}
let data = try prefix(samples, batch: batch)
let probe = try prefix(10_000, batch: 500)

let network = arguments[1] == "cnn" ? ModelZoo.cnn() : ModelZoo.mlp(hidden: [128])
let model = ImageClassifier(network: network, data: data)
var serial = 0.0
for threads in threadCounts {
    let x = try SharedParameters(count: model.parameterCount)
    try x.copyIn(model.initialParameters(seed: 1))
    let configuration = TrainingConfiguration(threads: threads, epochs: 1, schedule: .constant(0.01), seed: 1, evaluateEveryEpoch: false)
    // The trainer's default for dense steps: HOGWILD! with every coordinate replicated per
    // worker and merged every few steps (AutomaticScheme), the momentum buffer per worker.
    let report = try AnyTrainer(objective: try NetworkObjective(model), scheme: scheme,
                                optimizer: OptimizerChoice(Momentum(momentum: 0.5)), configuration: configuration).run(on: x)
    let rate = report.epochs[0].samplesPerSecond
    if serial == 0 { serial = rate }
    let (accuracy, loss) = try model.evaluate(on: probe, parameters: x.copyOut())
    print("swift \(arguments[1]) bs=\(batch) threads=\(threads) scheme=\(scheme) secs=\((report.epochs[0].seconds * 1000).rounded() / 1000) samples/s=\(Int(rate)) "
          + "speedup=\((rate / serial * 100).rounded() / 100) loss=\((loss * 10_000).rounded() / 10_000) acc=\((accuracy * 10_000).rounded() / 10_000)")
}
