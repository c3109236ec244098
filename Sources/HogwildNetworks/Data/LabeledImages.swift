import HogwildAutograd
import HogwildSupport

/// Images with class labels, row-major [count, height·width] in [0, 1], cut into
/// minibatches of `batchSize` consecutive samples (the last one may be smaller).
///
/// ```swift
/// let data = try LabeledImages.synthetic(count: 6_400, batchSize: 64)   // MNIST-shaped stand-in
/// let model = ImageClassifier(network: ModelZoo.mlp(hidden: [128]), data: data)
/// ```
public struct LabeledImages: Sendable {
    public let pixels: [Float]
    public let labels: [Int32]
    public let height: Int, width: Int, classes: Int
    public let batchSize: Int
    public var count: Int { labels.count }
    public var batchCount: Int { (count + batchSize - 1) / batchSize }

    public init(
        pixels: [Float], labels: [Int32], height: Int, width: Int, classes: Int, batchSize: Int
    ) throws(AutogradError) {
        guard batchSize >= 1 else {
            throw .invalidArgument(operation: "LabeledImages", detail: "batch size \(batchSize) must be ≥ 1")
        }
        guard !labels.isEmpty else { throw .emptyBatch(operation: "LabeledImages") }
        guard pixels.count == labels.count * height * width else {
            throw .shapeMismatch(
                operation: "LabeledImages", Shape(pixels.count), Shape(labels.count, height * width),
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
                if score > best {
                    best = score
                    labels[n] = Int32(c)
                }
            }
        }
        return try LabeledImages(
            pixels: pixels, labels: labels, height: 28, width: 28, classes: 10, batchSize: batchSize)
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
        pixels.withUnsafeBufferPointer {
            storage.baseAddress!.update(
                from: $0.baseAddress! + rows.lowerBound * features, count: rows.count * features)
        }
        let batchLabels = tape.labels(rows.count)
        labels.withUnsafeBufferPointer {
            batchLabels.baseAddress!.update(from: $0.baseAddress! + rows.lowerBound, count: rows.count)
        }
        return (input, UnsafeBufferPointer(batchLabels))
    }
}
