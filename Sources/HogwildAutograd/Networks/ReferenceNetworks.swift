import HogwildCore
import HogwildSupport

/// Images with class labels, row-major [count, height·width] in [0, 1], cut into
/// minibatches of `batchSize` consecutive samples (the last one may be smaller).
///
/// ```swift
/// let data = try LabeledImages.synthetic(count: 6_400, batchSize: 64)   // MNIST-shaped stand-in
/// let objective = try NetworkObjective(ReferenceMLP(data: data))
/// ```
public struct LabeledImages: Sendable {
    public let pixels: [Float]
    public let labels: [Int32]
    public let height: Int, width: Int, classes: Int
    public let batchSize: Int
    public var count: Int { labels.count }
    public var batchCount: Int { (count + batchSize - 1) / batchSize }

    public init(pixels: [Float], labels: [Int32], height: Int, width: Int, classes: Int, batchSize: Int) throws(AutogradError) {
        guard batchSize >= 1 else { throw .invalidArgument(operation: "LabeledImages", detail: "batch size \(batchSize) must be ≥ 1") }
        guard !labels.isEmpty else { throw .emptyBatch(operation: "LabeledImages") }
        guard pixels.count == labels.count * height * width else {
            throw .shapeMismatch(operation: "LabeledImages", Shape(pixels.count), Shape(labels.count, height * width),
                                 detail: "\(labels.count) labels need \(labels.count * height * width) pixels")
        }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classes }) {
            throw .indexOutOfRange(operation: "LabeledImages", index: Int(bad), count: classes)
        }
        self.pixels = pixels
        self.labels = labels
        self.height = height
        self.width = width
        self.classes = classes
        self.batchSize = batchSize
    }

    /// MNIST-shaped stand-in data: uniform pixels, labels from a fixed random linear map
    /// (the same recipe as the PyTorch peer's synthetic set).
    public static func synthetic(count: Int, batchSize: Int, seed: UInt64 = 0) throws(AutogradError) -> LabeledImages {
        var random = Xoshiro256(seed: seed)
        let features = 28 * 28
        let pixels = (0..<(count * features)).map { _ in random.nextUnitFloat() }
        let map = (0..<(features * 10)).map { _ in Float(random.nextGaussian()) }
        var labels = [Int32](repeating: 0, count: count)
        for n in 0..<count {
            var best = -Float.infinity
            for c in 0..<10 {
                var score: Float = 0
                for f in 0..<features { score += pixels[n * features + f] * map[f * 10 + c] }
                if score > best { best = score; labels[n] = Int32(c) }
            }
        }
        return try LabeledImages(pixels: pixels, labels: labels, height: 28, width: 28, classes: 10, batchSize: batchSize)
    }

    /// The samples of minibatch `term`.
    public func rows(of term: Int) -> Range<Int> { term * batchSize..<min(count, (term + 1) * batchSize) }

    /// Records minibatch `term` as an input of `shape` (batch first) and returns its labels.
    ///
    /// ```swift
    /// let (x, labels) = data.record(term: 3, on: tape) { Shape($0, 1, 28, 28) }
    /// ```
    public func record(term: Int, on tape: Tape, shape: (Int) -> Shape) -> (Tensor, UnsafeBufferPointer<Int32>) {
        let rows = rows(of: term)
        let features = height * width
        let (input, storage) = tape.input(shape(rows.count))
        pixels.withUnsafeBufferPointer { storage.baseAddress!.update(from: $0.baseAddress! + rows.lowerBound * features, count: rows.count * features) }
        let batchLabels = tape.labels(rows.count)
        labels.withUnsafeBufferPointer { batchLabels.baseAddress!.update(from: $0.baseAddress! + rows.lowerBound, count: rows.count) }
        return (input, UnsafeBufferPointer(batchLabels))
    }
}

/// PyTorch's default initialisation of a Linear or Conv2d layer: weights and biases
/// uniform in ±1/√fan_in, appended to `parameters`.
func appendDefaultInitialisation(_ parameters: inout [Float], weights: Int, biases: Int, fanIn: Int, random: inout Xoshiro256) {
    let bound = 1 / Float(fanIn).squareRoot()
    for _ in 0..<(weights + biases) { parameters.append((random.nextUnitFloat() * 2 - 1) * bound) }
}

/// The 784-H-10 perceptron of the benchmarks (ReLU, cross-entropy), PyTorch's layout:
/// w1 [H, 784], b1 [H], w2 [10, H], b2 [10], initialised as PyTorch does.
///
/// ```swift
/// let mlp = ReferenceMLP(data: data, hidden: 128)
/// let x = try SharedParameters(count: mlp.parameterCount)
/// try x.copyIn(mlp.initialParameters(seed: 1))
/// ```
public struct ReferenceMLP: DifferentiableModel {
    public let data: LabeledImages
    public let hidden: Int
    public init(data: LabeledImages, hidden: Int = 128) {
        self.data = data
        self.hidden = hidden
    }
    var inputs: Int { data.height * data.width }
    public var parameterCount: Int { hidden * inputs + hidden + data.classes * hidden + data.classes }
    public var termCount: Int { data.batchCount }
    public var sampleCount: Int { data.count }

    public func initialParameters(seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        var parameters: [Float] = []
        appendDefaultInitialisation(&parameters, weights: hidden * inputs, biases: hidden, fanIn: inputs, random: &random)
        appendDefaultInitialisation(&parameters, weights: data.classes * hidden, biases: data.classes, fanIn: hidden, random: &random)
        return parameters
    }

    public func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        let (x, labels) = data.record(term: term, on: tape) { Shape($0, inputs) }
        return try tape.crossEntropy(logits: logits(x, tape: tape), labels: labels)
    }

    /// The class scores [batch, classes] of images `x` ([batch, height·width]), with
    /// the parameters bound to `tape`: what predictions and test accuracy need.
    public func logits(_ x: Tensor, tape: Tape) throws(AutogradError) -> Tensor {
        var parameters = ParameterCursor(tape)
        let w1 = try parameters.next(Shape(hidden, inputs)), b1 = try parameters.next(Shape(hidden))
        let w2 = try parameters.next(Shape(data.classes, hidden)), b2 = try parameters.next(Shape(data.classes))
        let h = try tape.relu(tape.add(tape.matmul(x, w1, transposeB: true), b1))
        return try tape.add(tape.matmul(h, w2, transposeB: true), b2)
    }
}

/// The CNN of pytorch/examples' mnist_hogwild: conv 1→10 k5, max-pool 2, ReLU; conv
/// 10→20 k5, channel dropout, max-pool 2, ReLU; fc 320→50, ReLU, dropout; fc 50→10.
///
/// ```swift
/// let cnn = try ReferenceCNN(data: data)           // 28×28 images only
/// let report = try Training.run(try NetworkObjective(cnn), scheme: .hogwild, configuration: config, parameters: x)
/// ```
public struct ReferenceCNN: DifferentiableModel {
    public let data: LabeledImages
    public init(data: LabeledImages) throws(AutogradError) {
        guard data.height == 28, data.width == 28 else {
            throw .invalidShape(operation: "ReferenceCNN", Shape(data.height, data.width), detail: "the network expects 28×28 images")
        }
        self.data = data
    }
    static let sizes = (conv1: 10 * 25, conv2: 20 * 10 * 25, fc1: 50 * 320, fc2: 10 * 50)
    public var parameterCount: Int { Self.sizes.conv1 + 10 + Self.sizes.conv2 + 20 + Self.sizes.fc1 + 50 + Self.sizes.fc2 + 10 }
    public var termCount: Int { data.batchCount }
    public var sampleCount: Int { data.count }

    public func initialParameters(seed: UInt64) -> [Float] {
        var random = Xoshiro256(seed: seed)
        var parameters: [Float] = []
        appendDefaultInitialisation(&parameters, weights: Self.sizes.conv1, biases: 10, fanIn: 25, random: &random)
        appendDefaultInitialisation(&parameters, weights: Self.sizes.conv2, biases: 20, fanIn: 250, random: &random)
        appendDefaultInitialisation(&parameters, weights: Self.sizes.fc1, biases: 50, fanIn: 320, random: &random)
        appendDefaultInitialisation(&parameters, weights: Self.sizes.fc2, biases: 10, fanIn: 50, random: &random)
        return parameters
    }

    public func loss(term: Int, tape: Tape, random: inout Xoshiro256, training: Bool) throws(AutogradError) -> Tensor {
        let (x, labels) = data.record(term: term, on: tape) { Shape($0, 1, 28, 28) }
        return try tape.crossEntropy(logits: logits(x, tape: tape, random: &random, training: training), labels: labels)
    }

    /// The class scores [batch, 10] of images `x` ([batch, 1, 28, 28]), with the
    /// parameters bound to `tape`; dropout only when `training`.
    public func logits(_ x: Tensor, tape: Tape, random: inout Xoshiro256, training: Bool = false) throws(AutogradError) -> Tensor {
        var parameters = ParameterCursor(tape)
        let c1 = try parameters.next(Shape(10, 1, 5, 5)), c1b = try parameters.next(Shape(10))
        let c2 = try parameters.next(Shape(20, 10, 5, 5)), c2b = try parameters.next(Shape(20))
        let f1 = try parameters.next(Shape(50, 320)), f1b = try parameters.next(Shape(50))
        let f2 = try parameters.next(Shape(10, 50)), f2b = try parameters.next(Shape(10))
        let pool = PoolingGeometry(kernel: 2)
        var h = try tape.relu(tape.maxPool2d(tape.conv2d(x, weight: c1, bias: c1b), pool))
        h = try tape.conv2d(h, weight: c2, bias: c2b)
        h = try tape.dropout(h, probability: 0.5, random: &random, training: training, channelwise: true)
        h = try tape.relu(tape.maxPool2d(h, pool))
        h = try tape.reshape(h, Shape(x.shape[0], 320))
        h = try tape.relu(tape.add(tape.matmul(h, f1, transposeB: true), f1b))
        h = try tape.dropout(h, probability: 0.5, random: &random, training: training)
        return try tape.add(tape.matmul(h, f2, transposeB: true), f2b)
    }
}
