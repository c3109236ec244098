import HogwildSupport

/// One observed entry of a ratings matrix: 12 bytes, stored side by side so that a
/// training step that visits ratings in random order takes one cache miss for the
/// whole entry, not one per field.
@frozen
public struct Rating: Sendable, Equatable, BitwiseCopyable {
    public var user: Int32
    public var item: Int32
    public var value: Float

    @inlinable
    public init(user: Int32, item: Int32, value: Float) {
        self.user = user
        self.item = item
        self.value = value
    }
}

/// Observed entries (user, item, rating) of a matrix: the data of matrix completion
/// (Netflix, MovieLens, KDD Cup). 12 bytes per rating, in one array of ``Rating``.
/// Users and items are dense indices `0..<userCount`, `0..<itemCount`; readers map
/// the file's ids to them and keep the original ids for writing back.
///
/// ## Concurrency contract
/// Immutable after construction: any number of threads may read it at once.
///
/// ```swift
/// let ratings = try RatingsDataset(users: [0, 0, 1], items: [0, 2, 1], ratings: [4, 3, 5])
/// ratings.userCount   // 2
/// ratings[1].item     // 2
/// ```
public final class RatingsDataset: Sendable {
    public let count: Int
    public let userCount: Int
    public let itemCount: Int
    let storage: OwnedBuffer<Rating>
    /// The file's user and item ids, by dense index (nil when made in memory).
    public let userIDs: [String]?
    public let itemIDs: [String]?

    /// The entries, for hot loops; valid while the dataset is alive.
    package var entries: UnsafePointer<Rating> { UnsafePointer(storage.base) }

    /// Entry `index`.
    public subscript(index: Int) -> Rating {
        precondition(index >= 0 && index < count, "rating \(index) outside 0..<\(count)")
        return storage.base[index]
    }

    /// Builds and validates from arrays; counts default to one past the largest index.
    public convenience init(
        users: [Int32], items: [Int32], ratings: [Float],
        userCount: Int? = nil, itemCount: Int? = nil
    ) throws(DatasetError) {
        guard users.count == items.count else {
            throw .lengthMismatch(what: "items (one per rating)", expected: users.count, got: items.count)
        }
        guard users.count == ratings.count else {
            throw .lengthMismatch(what: "ratings (one per user index)", expected: users.count, got: ratings.count)
        }
        let entries = (0..<users.count).map { Rating(user: users[$0], item: items[$0], value: ratings[$0]) }
        try self.init(
            entries: OwnedBuffer(entries), userCount: userCount ?? Int((users.max() ?? -1) + 1),
            itemCount: itemCount ?? Int((items.max() ?? -1) + 1), userIDs: nil, itemIDs: nil)
    }

    /// Adopts a filled buffer, validating every entry.
    public init(
        entries: OwnedBuffer<Rating>, userCount: Int, itemCount: Int,
        userIDs: [String]?, itemIDs: [String]?
    ) throws(DatasetError) {
        guard userCount >= 0, userCount <= Int(Int32.max) else { throw .invalidColumnCount(userCount) }
        guard itemCount >= 0, itemCount <= Int(Int32.max) else { throw .invalidColumnCount(itemCount) }
        for k in 0..<entries.count {
            let entry = entries.base[k]
            let u = Int(entry.user), i = Int(entry.item), r = entry.value
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
        count = entries.count
        self.userCount = userCount
        self.itemCount = itemCount
        storage = entries
        self.userIDs = userIDs
        self.itemIDs = itemIDs
    }

    /// Bytes of the entries (12 per rating).
    public var memoryFootprint: Int { storage.byteCount }

    /// The mean rating.
    public var meanRating: Double {
        guard count > 0 else { return 0 }
        var s = 0.0
        for k in 0..<count { s += Double(entries[k].value) }
        return s / Double(count)
    }

    /// Ratings per user and per item.
    public func degrees() -> (users: [Int], items: [Int]) {
        var du = [Int](repeating: 0, count: userCount), di = [Int](repeating: 0, count: itemCount)
        for k in 0..<count {
            du[Int(entries[k].user)] += 1
            di[Int(entries[k].item)] += 1
        }
        return (du, di)
    }

    /// The ratings at `indices`, same users and items (and ids).
    public func subset(_ indices: some Collection<Int>) throws(DatasetError) -> RatingsDataset {
        var picked: [Rating] = []
        picked.reserveCapacity(indices.count)
        for k in indices {
            guard k >= 0, k < count else {
                throw .invalidArgument(name: "rating index", value: "\(k)", expected: "in 0..<\(count)")
            }
            picked.append(entries[k])
        }
        return try RatingsDataset(
            entries: OwnedBuffer(picked), userCount: userCount, itemCount: itemCount,
            userIDs: userIDs, itemIDs: itemIDs)
    }
}
