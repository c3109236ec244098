import HogwildPlatform
import HogwildSupport

/// A synthetic text-classification set with the shape of RCV1 (the paper's SVM data):
/// 47,236 features whose document frequencies follow a Zipf law, about 75 non-zeros a
/// row with a log-normal row length, TF-IDF-like positive values with each row
/// L2-normalised, and labels from a planted linear separator with label noise.
///
/// Two shapes are named:
/// - ``paper(rows:seed:)`` (what `--synthetic rcv1` makes): the paper's sparsity, ρ ≈
///   0.44 (a row collides with at most 44% of the others): Zipf exponent 0.4, row
///   lengths of spread 0.4 capped at 150. The paper's table also gives Δ = 1.0 for
///   RCV1, which no data can show beside ρ = 0.44: the busiest coordinate's terms all
///   collide with each other, so ρ ≥ Δ − 1/|E| always. This shape's Δ is about 0.07.
/// - ``hot(rows:seed:)`` (`--synthetic rcv1-hot`, and this type's defaults): classic
///   word-frequency skew, Zipf exponent 1 and uncapped rows: the commonest feature is
///   in 99% of rows (Δ ≈ 0.99, ρ = 1), the contention real text shows.
///
/// `scale` multiplies the row count, so the same shape runs in seconds on 2 cores or in
/// minutes on 16.
///
/// ```swift
/// let data = try RCV1Generator.paper(rows: 50_000, seed: 7).generate()
/// ```
public struct RCV1Generator: Sendable, Equatable {
    /// Rows (the paper trains on 781,265).
    public var rows: Int
    /// Features (RCV1 has 47,236).
    public var features: Int
    /// Mean non-zeros a row (RCV1: about 75).
    public var meanNonZeros: Double
    /// Zipf exponent of feature frequencies (1 is classic word-frequency skew).
    public var zipfExponent: Double
    /// Share of rows labelled +1 (CCAT: about 0.47).
    public var positiveFraction: Double
    /// Probability that a label is flipped (noise that keeps the set from being separable).
    public var labelNoise: Double
    /// Seed of the generator.
    public var seed: UInt64
    /// σ of the log-normal row length (0.5: a long tail of long rows).
    public var rowLengthSpread: Double
    /// The longest row, in non-zeros (nil: no cap).
    public var maxNonZeros: Int?

    public init(
        rows: Int = 100_000, features: Int = 47_236, meanNonZeros: Double = 75,
        zipfExponent: Double = 1.0, positiveFraction: Double = 0.47,
        labelNoise: Double = 0.03, seed: UInt64 = 1, rowLengthSpread: Double = 0.5, maxNonZeros: Int? = nil
    ) {
        self.rows = rows
        self.features = features
        self.meanNonZeros = meanNonZeros
        self.zipfExponent = zipfExponent
        self.positiveFraction = positiveFraction
        self.labelNoise = labelNoise
        self.seed = seed
        self.rowLengthSpread = rowLengthSpread
        self.maxNonZeros = maxNonZeros
    }

    /// The paper's RCV1 sparsity: ρ ≈ 0.44 at any row count from 20,000 up (measured
    /// 0.43 at 100,000 rows with `hogwild data stats --synthetic rcv1`), about 75
    /// non-zeros a row, at most 150.
    public static func paper(rows: Int, seed: UInt64 = 1) -> RCV1Generator {
        RCV1Generator(rows: rows, zipfExponent: 0.4, seed: seed, rowLengthSpread: 0.4, maxNonZeros: 150)
    }

    /// Word-frequency skew as in real text: a feature in 99% of rows (Δ ≈ 0.99, ρ = 1).
    public static func hot(rows: Int, seed: UInt64 = 1) -> RCV1Generator {
        RCV1Generator(rows: rows, seed: seed)
    }

    /// Throws if a size or probability is out of range.
    public func validate() throws(DatasetError) {
        guard rows >= 1 else { throw .invalidArgument(name: "rows", value: "\(rows)", expected: "≥ 1") }
        guard features >= 1, features <= Int(Int32.max) else {
            throw .invalidArgument(name: "features", value: "\(features)", expected: "in 1...\(Int32.max)")
        }
        guard meanNonZeros >= 1, meanNonZeros <= Double(features) else {
            throw .invalidArgument(name: "mean non-zeros", value: "\(meanNonZeros)", expected: "in 1...features")
        }
        guard zipfExponent >= 0, zipfExponent.isFinite else {
            throw .invalidArgument(name: "Zipf exponent", value: "\(zipfExponent)", expected: "finite and ≥ 0")
        }
        guard positiveFraction > 0, positiveFraction < 1 else {
            throw .invalidArgument(name: "positive fraction", value: "\(positiveFraction)", expected: "in (0, 1)")
        }
        guard labelNoise >= 0, labelNoise <= 0.5 else {
            throw .invalidArgument(name: "label noise", value: "\(labelNoise)", expected: "in [0, 0.5]")
        }
        guard rowLengthSpread >= 0, rowLengthSpread <= 3 else {
            throw .invalidArgument(name: "row length spread", value: "\(rowLengthSpread)", expected: "in [0, 3]")
        }
        if let maxNonZeros, maxNonZeros < 1 || Double(maxNonZeros) < meanNonZeros {
            throw .invalidArgument(
                name: "max non-zeros", value: "\(maxNonZeros)", expected: "at least the mean non-zeros, \(meanNonZeros)"
            )
        }
    }

    /// Generates the dataset (deterministic for a seed).
    public func generate() throws(DatasetError) -> SparseDataset {
        try generate(shard: .whole)
    }

    /// Rows generated in blocks, each block from its own stream: any part of them can
    /// be made alone, and the parts of any number of ranks together are the same rows.
    public static let blockRows = 256

    /// Generates `shard`'s part of the rows: the whole set (as ``generate()``) when it is
    /// whole, else that part's blocks of ``blockRows`` rows, each block drawn from its
    /// own stream of the seed and labelled at its own quantile, so that a distributed
    /// job's ranks generate only their rows and the rows do not depend on how many
    /// ranks there are. The planted separator and the feature law are the seed's, the
    /// same in every part; columns are the full feature space.
    public func generate(shard: DataShard) throws(DatasetError) -> SparseDataset {
        try validate()
        var rng = Xoshiro256(seed: seed)
        let context = RowContext(shape: self, rng: &rng)
        if shard.isWhole {
            let builder = SparseDatasetBuilder(
                columnCount: features, reservingRows: rows,
                nonZeros: Int(Double(rows) * meanNonZeros * 1.05))
            try appendRows(rows, context: context, rng: &rng, to: builder)
            return try builder.build()
        }
        let blocks = (rows + Self.blockRows - 1) / Self.blockRows
        let mine = shard.range(of: blocks)
        let myRows = mine.reduce(0) { $0 + min(rows, ($1 + 1) * Self.blockRows) - $1 * Self.blockRows }
        let builder = SparseDatasetBuilder(
            columnCount: features, reservingRows: myRows,
            nonZeros: Int(Double(myRows) * meanNonZeros * 1.05))
        for block in mine {
            var blockRNG = Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: UInt64(block) + 1))
            try appendRows(
                min(rows, (block + 1) * Self.blockRows) - block * Self.blockRows, context: context,
                rng: &blockRNG, to: builder)
        }
        guard builder.rowCount > 0 else {
            throw .invalidArgument(name: "rows", value: "\(rows)", expected: "at least one block of rows for \(shard)")
        }
        return try builder.build()
    }

    /// What every row needs: the feature law, the idf weights, the planted separator.
    struct RowContext {
        let frequencies: AliasTable
        let idf: [Float]
        let truth: [Float]

        init(shape: RCV1Generator, rng: inout Xoshiro256) {
            frequencies = AliasTable.zipf(count: shape.features, exponent: shape.zipfExponent)
            // Inverse document frequency from the Zipf weights: rare words weigh more.
            idf = (0..<shape.features).map { Float(log(2 + Double($0 + 1))) }
            // The planted separator.
            var truth = [Float](repeating: 0, count: shape.features)
            for j in 0..<shape.features { truth[j] = Float(rng.nextGaussian()) }
            self.truth = truth
        }
    }

    /// Appends `count` rows drawn from `rng` and labels them: positive above the
    /// quantile of their scores that makes `positiveFraction` positive, then noise.
    func appendRows(
        _ count: Int, context: RowContext, rng: inout Xoshiro256,
        to builder: SparseDatasetBuilder
    ) throws(DatasetError) {
        let first = builder.rowCount
        var seenInRow = [Int32](repeating: -1, count: features)
        var rowColumns: [Int32] = []
        var rowValues: [Float] = []
        var scores = [Float](repeating: 0, count: count)
        // Log-normal row lengths with spread σ have mean e^(μ + σ²/2) = meanNonZeros
        // (before the cap).
        let sigma = rowLengthSpread
        let mu = log(meanNonZeros) - sigma * sigma / 2
        let longest = min(features, maxNonZeros ?? features)
        for r in 0..<count {
            let drawn = Int((exp(mu + sigma * rng.nextGaussian())).rounded())
            let length = min(longest, max(1, drawn))
            rowColumns.removeAll(keepingCapacity: true)
            while rowColumns.count < length {
                let j = context.frequencies.sample(using: &rng)
                if seenInRow[j] != Int32(truncatingIfNeeded: r) {
                    seenInRow[j] = Int32(truncatingIfNeeded: r)
                    rowColumns.append(Int32(j))
                }
                if rowColumns.count < length, rowColumns.count * 2 > features {
                    // Nearly every feature is taken: fill the rest in order.
                    for j in 0..<features
                    where seenInRow[j] != Int32(truncatingIfNeeded: r) && rowColumns.count < length {
                        seenInRow[j] = Int32(truncatingIfNeeded: r)
                        rowColumns.append(Int32(j))
                    }
                }
            }
            rowColumns.sort()
            rowValues.removeAll(keepingCapacity: true)
            var norm: Float = 0
            for j in rowColumns {
                let tf = 1 + Float(log(1 + 3 * rng.nextUnitDouble()))
                let v = tf * context.idf[Int(j)]
                rowValues.append(v)
                norm += v * v
            }
            norm = norm.squareRoot()
            var score: Float = 0
            for k in rowValues.indices {
                rowValues[k] /= norm
                score += rowValues[k] * context.truth[Int(rowColumns[k])]
            }
            scores[r] = score
            try builder.appendRow(columns: rowColumns, values: rowValues, label: 1)
        }
        // Threshold at the quantile that makes `positiveFraction` of the rows positive.
        let threshold = scores.sorted()[min(count - 1, Int(Double(count) * (1 - positiveFraction)))]
        for r in 0..<count {
            var label: Float = scores[r] >= threshold ? 1 : -1
            if rng.nextUnitDouble() < labelNoise { label = -label }
            builder.setLabel(row: first + r, label)
        }
    }
}
