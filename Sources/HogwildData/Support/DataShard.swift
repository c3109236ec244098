/// One part of a data file or generated set, for one rank of a distributed job: part
/// `index` of `count`. Readers keep only their part's lines, so the memory each rank
/// needs falls as ranks are added.
///
/// An uncompressed file is cut into `count` equal byte ranges and a line belongs to the
/// range its first byte lies in (so lines are never split); a compressed file, whose
/// uncompressed size is unknown until it is read, is dealt out line by line (line k to
/// part k mod count). Either way every line goes to exactly one part.
///
/// ```swift
/// let mine = try LibSVMReader.read("train.svm", options: .init(shard: DataShard(index: rank, count: ranks)))
/// ```
public struct DataShard: Sendable, Hashable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Part `index` (from 0) of `count`; nil unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// The whole: one part.
    public static let whole = DataShard(index: 0, count: 1)!

    /// Whether this is the whole data.
    public var isWhole: Bool { count == 1 }

    /// This part's share of `total` items, as a range: [total·i/n, total·(i+1)/n).
    public func range(of total: Int) -> Range<Int> {
        let lower = Int((Double(index) / Double(count) * Double(total)).rounded(.down))
        let upper = index + 1 == count ? total : Int((Double(index + 1) / Double(count) * Double(total)).rounded(.down))
        return lower..<max(lower, upper)
    }

    public var description: String { "part \(index + 1) of \(count)" }
}

/// The other parts' holders, asked when all must agree on something only the whole
/// data determines (the number of features, how often each is used): a distributed
/// job's ranks. Every holder calls the same methods in the same order.
public protocol ShardGroup: Sendable {
    /// This holder's part.
    var shard: DataShard { get }
    /// Replaces `values` by their element-wise sum over every part (the same length on all).
    func sum(_ values: inout [Double]) throws
    /// The largest of every part's `value`.
    func maximum(_ value: Double) throws -> Double
}
