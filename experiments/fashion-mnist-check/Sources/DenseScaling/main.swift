// Thread scaling of dense HOGWILD! steps: the reference MLP or CNN trained for one epoch
// of SAMPLES MNIST-shaped stand-in samples (the PyTorch peer's synthetic recipe) at each
// thread count, SGD with momentum 0.5 and step 0.01 as ../shared/peers/torch/hogwild_torch.py
// trains; prints samples/s, the speedup over one thread and the mean training loss after.
//
// usage: DenseScaling mlp|cnn BATCH SAMPLES THREADS   e.g. DenseScaling cnn 64 60000 1,2,4,8,16
import Hogwild
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 5, let batch = Int(arguments[2]), let samples = Int(arguments[3]), batch > 0, samples >= batch else {
    print("usage: DenseScaling mlp|cnn BATCH SAMPLES THREADS (e.g. cnn 64 60000 1,2,4,8,16)")
    exit(2)
}
let threadCounts = arguments[4].split(separator: ",").compactMap { Int($0) }
let data = try LabeledImages.synthetic(count: samples, batchSize: batch)

func run<Model: DifferentiableModel>(_ model: Model, threads: Int) throws -> (samplesPerSecond: Double, loss: Double) {
    let x = try SharedParameters(count: model.parameterCount)
    try x.copyIn(model.initialParameters(seed: 1))
    let configuration = TrainingConfiguration(threads: threads, epochs: 1, schedule: .constant(0.01), seed: 1)
    let report = try Training.run(try NetworkObjective(model), scheme: .hogwild, optimizer: .momentum(Momentum(momentum: 0.5)),
                                  configuration: configuration, parameters: x)
    return (report.epochs[0].samplesPerSecond, report.finalObjective)
}

var serial = 0.0
for threads in threadCounts {
    let result = arguments[1] == "cnn" ? try run(try ReferenceCNN(data: data), threads: threads)
                                       : try run(ReferenceMLP(data: data), threads: threads)
    if serial == 0 { serial = result.samplesPerSecond }
    print("swift \(arguments[1]) bs=\(batch) threads=\(threads) samples/s=\(Int(result.samplesPerSecond)) "
          + "speedup=\((result.samplesPerSecond / serial * 100).rounded() / 100) loss=\((result.loss * 10_000).rounded() / 10_000)")
}
