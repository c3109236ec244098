import HogwildSupport

/// A reproducible random split of `count` items into train and test index lists.
public enum RandomSplit {
    /// Shuffles `0..<count` with `seed` and puts the first ⌊count·testFraction⌉ in
    /// the test list; both lists come back in ascending order.
    public static func indices(
        count: Int, testFraction: Double, seed: UInt64
    ) throws(DatasetError) -> (train: [Int], test: [Int]) {
        guard testFraction >= 0, testFraction < 1 else {
            throw .invalidArgument(name: "test fraction", value: "\(testFraction)", expected: "in [0, 1)")
        }
        var order = Array(0..<count)
        var rng = Xoshiro256(seed: seed)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
        let testCount = Int((Double(count) * testFraction).rounded())
        return (order[testCount...].sorted(), order[..<testCount].sorted())
    }
}

extension SparseDataset {
    /// A reproducible split of the rows into training and test sets (same columns).
    ///
    /// ```swift
    /// let (train, test) = try data.split(testFraction: 0.1, seed: 1)
    /// ```
    public func split(
        testFraction: Double, seed: UInt64
    ) throws(DatasetError) -> (train: SparseDataset, test: SparseDataset) {
        let (train, test) = try RandomSplit.indices(count: rowCount, testFraction: testFraction, seed: seed)
        return (try subset(train), try subset(test))
    }
}

extension RatingsDataset {
    /// A reproducible split of the ratings into training and test sets (same users and items).
    public func split(
        testFraction: Double, seed: UInt64
    ) throws(DatasetError) -> (train: RatingsDataset, test: RatingsDataset) {
        let (train, test) = try RandomSplit.indices(count: count, testFraction: testFraction, seed: seed)
        return (try subset(train), try subset(test))
    }
}
