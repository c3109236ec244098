/// Observed entries (user, item, rating) of a matrix: the data of matrix completion
/// (Netflix, MovieLens, KDD Cup). 12 bytes per rating: two 32-bit indices and a
/// `Float`. Users and items are dense indices `0..<userCount`, `0..<itemCount`;
/// readers map the file's ids to them and keep the original ids for writing back.
///
/// ## Concurrency contract
/// Immutable after construction: any number of threads may read it at once.
///
/// ```swift
/// let ratings = try RatingsDataset(users: [0, 0, 1], items: [0, 2, 1], ratings: [4, 3, 5])
/// ratings.userCount   // 2
/// ```
public final class RatingsDataset: Sendable {
    public let count: Int
    public let userCount: Int
    public let itemCount: Int
    let userStorage: OwnedBuffer<Int32>
    let itemStorage: OwnedBuffer<Int32>
    let ratingStorage: OwnedBuffer<Float>
    /// The file's user and item ids, by dense index (nil when made in memory).
    public let userIDs: [String]?
    public let itemIDs: [String]?

    public var users: UnsafePointer<Int32> { UnsafePointer(userStorage.base) }
    public var items: UnsafePointer<Int32> { UnsafePointer(itemStorage.base) }
    public var ratings: UnsafePointer<Float> { UnsafePointer(ratingStorage.base) }

    /// Builds and validates from arrays; counts default to one past the largest index.
    public convenience init(users: [Int32], items: [Int32], ratings: [Float],
                            userCount: Int? = nil, itemCount: Int? = nil) throws(DatasetError) {
        try self.init(users: OwnedBuffer(users), items: OwnedBuffer(items), ratings: OwnedBuffer(ratings),
                      userCount: userCount ?? Int((users.max() ?? -1) + 1),
                      itemCount: itemCount ?? Int((items.max() ?? -1) + 1), userIDs: nil, itemIDs: nil)
    }

    /// Adopts filled buffers, validating every entry.
    public init(users: OwnedBuffer<Int32>, items: OwnedBuffer<Int32>, ratings: OwnedBuffer<Float>,
                userCount: Int, itemCount: Int, userIDs: [String]?, itemIDs: [String]?) throws(DatasetError) {
        guard users.count == items.count else {
            throw .lengthMismatch(what: "items (one per rating)", expected: users.count, got: items.count)
        }
        guard users.count == ratings.count else {
            throw .lengthMismatch(what: "ratings (one per user index)", expected: users.count, got: ratings.count)
        }
        guard userCount >= 0, userCount <= Int(Int32.max) else { throw .invalidColumnCount(userCount) }
        guard itemCount >= 0, itemCount <= Int(Int32.max) else { throw .invalidColumnCount(itemCount) }
        for k in 0..<users.count {
            let u = Int(users.base[k]), i = Int(items.base[k]), r = ratings.base[k]
            guard u >= 0, u < userCount else {
                throw .columnOutOfRange(row: k, position: 0, column: u, columnCount: userCount)
            }
            guard i >= 0, i < itemCount else {
                throw .columnOutOfRange(row: k, position: 1, column: i, columnCount: itemCount)
            }
            guard r.isFinite else { throw .nonFiniteValue(row: k, position: 2, value: r) }
        }
        if let userIDs, userIDs.count != userCount {
            throw .lengthMismatch(what: "user ids", expected: userCount, got: userIDs.count)
        }
        if let itemIDs, itemIDs.count != itemCount {
            throw .lengthMismatch(what: "item ids", expected: itemCount, got: itemIDs.count)
        }
        count = users.count
        self.userCount = userCount
        self.itemCount = itemCount
        userStorage = users
        itemStorage = items
        ratingStorage = ratings
        self.userIDs = userIDs
        self.itemIDs = itemIDs
    }

    /// Bytes of the three buffers (12 per rating).
    public var memoryFootprint: Int { userStorage.byteCount + itemStorage.byteCount + ratingStorage.byteCount }

    /// The mean rating.
    public var meanRating: Double {
        guard count > 0 else { return 0 }
        var s = 0.0
        for k in 0..<count { s += Double(ratings[k]) }
        return s / Double(count)
    }

    /// Ratings per user and per item.
    public func degrees() -> (users: [Int], items: [Int]) {
        var du = [Int](repeating: 0, count: userCount), di = [Int](repeating: 0, count: itemCount)
        for k in 0..<count {
            du[Int(users[k])] += 1
            di[Int(items[k])] += 1
        }
        return (du, di)
    }

    /// The ratings at `indices`, same users and items (and ids).
    public func subset(_ indices: some Collection<Int>) throws(DatasetError) -> RatingsDataset {
        var u: [Int32] = [], i: [Int32] = [], r: [Float] = []
        u.reserveCapacity(indices.count); i.reserveCapacity(indices.count); r.reserveCapacity(indices.count)
        for k in indices {
            guard k >= 0, k < count else {
                throw .invalidArgument(name: "rating index", value: "\(k)", expected: "in 0..<\(count)")
            }
            u.append(users[k]); i.append(items[k]); r.append(ratings[k])
        }
        return try RatingsDataset(users: OwnedBuffer(u), items: OwnedBuffer(i), ratings: OwnedBuffer(r),
                                  userCount: userCount, itemCount: itemCount, userIDs: userIDs, itemIDs: itemIDs)
    }
}
