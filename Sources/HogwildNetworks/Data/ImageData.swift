import HogwildAutograd
import HogwildCore
import HogwildData
import HogwildPlatform
import HogwildSupport

/// A training and a test set of labelled images.
public struct ImageSplit: Sendable {
    public var train: LabeledImages
    public var test: LabeledImages
    /// Where it came from, for summaries.
    public var source: String
    /// The part of the training images `train` holds (a distributed rank reads only its own).
    public var trainPart: DataShard

    public init(train: LabeledImages, test: LabeledImages, source: String, trainPart: DataShard = .whole) {
        self.train = train
        self.test = test
        self.source = source
        self.trainPart = trainPart
    }
}

/// Reads MNIST-format image sets (IDX files, plain or .gz) and makes stand-ins.
///
/// ```swift
/// let split = try ImageData.readDirectory("/usr/share/datasets/fashion-mnist", batchSize: 64)
/// print(split.train.count, split.test.count)        // 60000 10000
/// ```
public enum ImageData {
    /// Images and labels from one pair of IDX files, pixels scaled to [0, 1]; with
    /// `part`, only that part of them (``IDXReader/read(_:part:maximumBytes:)``).
    public static func read(
        images: String, labels: String, classes: Int = 10, batchSize: Int, part: DataShard = .whole
    ) throws -> LabeledImages {
        let pixels = try IDXReader.read(images, part: part)
        guard pixels.extents.count == 3 else {
            throw FormatError.invalidData(
                path: images,
                problem: "holds a \(pixels.extents.count)-dimensional array; images are [count, height, width]")
        }
        let labelArray = try IDXReader.read(labels, part: part)
        guard labelArray.extents.count == 1 else {
            throw FormatError.invalidData(
                path: labels, problem: "holds a \(labelArray.extents.count)-dimensional array; labels are [count]")
        }
        guard labelArray.fileCount == pixels.fileCount else {
            throw FormatError.invalidData(
                path: labels, problem: "\(labelArray.fileCount) labels for the \(pixels.fileCount) images of \(images)")
        }
        if let index = labelArray.bytes.firstIndex(where: { Int($0) >= classes }) {
            throw FormatError.malformedAt(
                path: labels, offset: 8 + labelArray.firstItem + index,
                problem: "label \(labelArray.bytes[index]) is not one of the \(classes) classes 0...\(classes - 1)")
        }
        let scale: Float = 1 / 255
        return try LabeledImages(
            pixels: pixels.bytes.map { Float($0) * scale }, labels: labelArray.bytes.map { Int32($0) },
            height: pixels.extents[1], width: pixels.extents[2], classes: classes, batchSize: batchSize)
    }

    /// The four files of an MNIST-format directory (`train-images-idx3-ubyte`,
    /// `train-labels-idx1-ubyte`, `t10k-…`, each plain or `.gz`): Fashion-MNIST as
    /// Debian's `dataset-fashion-mnist` installs it, or MNIST. With `trainPart`, only
    /// that part of the training images is read (a distributed rank's); the test set is
    /// read whole (every rank is measured on all of it).
    public static func readDirectory(
        _ directory: String, batchSize: Int, testBatchSize: Int = 500, trainPart: DataShard = .whole
    ) throws -> ImageSplit {
        func find(_ name: String) throws -> String {
            for candidate in ["\(directory)/\(name)", "\(directory)/\(name).gz"] where access(candidate, R_OK) == 0 {
                return candidate
            }
            throw FormatError.cannotOpen(
                path: "\(directory)/\(name)[.gz]",
                reason:
                    "no such file (an MNIST-format directory holds train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                    + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each plain or .gz)"
            )
        }
        let train = try read(
            images: find("train-images-idx3-ubyte"), labels: find("train-labels-idx1-ubyte"), batchSize: batchSize,
            part: trainPart)
        let test = try read(
            images: find("t10k-images-idx3-ubyte"), labels: find("t10k-labels-idx1-ubyte"), batchSize: testBatchSize)
        guard test.height == train.height, test.width == train.width else {
            throw FormatError.invalidData(
                path: directory,
                problem: "test images are \(test.height)×\(test.width), training images \(train.height)×\(train.width)")
        }
        return ImageSplit(
            train: train, test: test,
            source:
                "\(directory): \(train.count) training\(trainPart.isWhole ? "" : " (\(trainPart))") and "
                + "\(test.count) test images, \(train.height)×\(train.width), \(train.classes) classes",
            trainPart: trainPart
        )
    }

    /// A stand-in with Fashion-MNIST's shape and real structure to learn: each class is
    /// a fixed pattern of soft blobs, and each image that pattern shifted by up to two
    /// pixels, with a random brightness and noise (so a CNN, an MLP and an autoencoder
    /// all have something to find, unlike uniform noise).
    public static func synthetic(
        train: Int, test: Int, batchSize: Int, testBatchSize: Int = 500, classes: Int = 10,
        seed: UInt64 = 1
    ) throws -> ImageSplit {
        let side = 28
        var random = Xoshiro256(seed: seed)
        var prototypes = [[Float]](repeating: [Float](repeating: 0, count: side * side), count: classes)
        for c in 0..<classes {
            for _ in 0..<4 {
                let cx = 6 + random.nextUnitFloat() * 16, cy = 6 + random.nextUnitFloat() * 16
                let sx = 1.5 + random.nextUnitFloat() * 4, sy = 1.5 + random.nextUnitFloat() * 4
                for y in 0..<side {
                    for x in 0..<side {
                        let dx = (Float(x) - cx) / sx, dy = (Float(y) - cy) / sy
                        prototypes[c][y * side + x] += Float(exp(Double(-(dx * dx + dy * dy) / 2)))
                    }
                }
            }
        }
        func make(_ count: Int, _ batch: Int) throws -> LabeledImages {
            var pixels = [Float](repeating: 0, count: count * side * side)
            var labels = [Int32](repeating: 0, count: count)
            for n in 0..<count {
                let c = random.next(below: classes)
                labels[n] = Int32(c)
                let shiftX = random.next(below: 5) - 2, shiftY = random.next(below: 5) - 2
                let brightness = 0.6 + 0.4 * random.nextUnitFloat()
                for y in 0..<side {
                    for x in 0..<side {
                        let sy = y - shiftY, sx = x - shiftX
                        let base =
                            (0..<side).contains(sy) && (0..<side).contains(sx) ? prototypes[c][sy * side + sx] : 0
                        let value = base * brightness + 0.15 * Float(random.nextGaussian())
                        pixels[n * side * side + y * side + x] = min(1, max(0, value))
                    }
                }
            }
            return try LabeledImages(
                pixels: pixels, labels: labels, height: side, width: side, classes: classes, batchSize: batch)
        }
        return ImageSplit(
            train: try make(train, batchSize), test: try make(test, testBatchSize),
            source:
                "Fashion-MNIST-shaped synthetic: \(train) training and \(test) test images, 28×28, \(classes) "
                + "classes of blob patterns"
        )
    }
}

extension LabeledImages {
    /// Part `shard` of the images, a contiguous range in their order: a distributed
    /// job's rank's share (the parts are the whole, each image once).
    ///
    /// ```swift
    /// let mine = try split.train.part(DataShard(index: rank, count: ranks)!)
    /// ```
    public func part(_ shard: DataShard) throws(AutogradError) -> LabeledImages {
        if shard.isWhole { return self }
        let range = shard.range(of: count), features = height * width
        guard !range.isEmpty else {
            throw .invalidArgument(
                operation: "LabeledImages.part", detail: "\(count) images are too few for \(shard.count) ranks")
        }
        return try LabeledImages(
            pixels: Array(pixels[range.lowerBound * features..<range.upperBound * features]),
            labels: Array(labels[range]), height: height, width: width, classes: classes,
            batchSize: batchSize)
    }

    /// The images of class `label` only (an autoencoder's normal class).
    public func only(label: Int32) throws(AutogradError) -> LabeledImages {
        let features = height * width
        var pixels: [Float] = [], kept: [Int32] = []
        for n in 0..<count where labels[n] == label {
            pixels.append(contentsOf: self.pixels[n * features..<(n + 1) * features])
            kept.append(label)
        }
        return try LabeledImages(
            pixels: pixels, labels: kept, height: height, width: width, classes: classes, batchSize: batchSize)
    }

    /// The same images cut into minibatches of `size`.
    public func batched(_ size: Int) throws(AutogradError) -> LabeledImages {
        try LabeledImages(
            pixels: pixels, labels: labels, height: height, width: width, classes: classes, batchSize: size)
    }
}
