import HogwildPlatform
import HogwildSupport

/// A synthetic ratings matrix: a rank-r ground truth plus Gaussian noise, observed at
/// entries whose users and items are drawn from power laws (or uniformly).
///
/// The presets follow the paper's matrices. `scale` multiplies the number of ratings
/// and the square root of it multiplies users and items, which keeps the fraction of
/// the matrix observed — the density — the same as the original at every size:
///
/// | preset | users × items at scale 1 | ratings at scale 1 | activity |
/// |---|---|---|---|
/// | ``netflix(scale:seed:)`` | 480,189 × 17,770 | 100,198,805 | power law (popular items, heavy users) |
/// | ``kdd(scale:seed:)`` | 1,000,990 × 624,961 | 252,800,275 | power law |
/// | ``jumbo(scale:seed:)`` | 10⁷ × 10⁷ | 2·10⁹ | uniform (the paper's "uniformly sparse") |
///
/// ```swift
/// let ratings = try RatingsGenerator.netflix(scale: 0.01).generate()   // 48k × 1.8k, 1M ratings
/// ```
public struct RatingsGenerator: Sendable, Equatable {
    public var users: Int
    public var items: Int
    public var ratings: Int
    /// Rank of the ground truth.
    public var rank: Int
    /// Zipf exponents of user activity and item popularity (0: uniform).
    public var userExponent: Double
    public var itemExponent: Double
    /// The mean rating and the noise standard deviation.
    public var mean: Double
    public var noise: Double
    public var seed: UInt64

    public init(
        users: Int, items: Int, ratings: Int, rank: Int = 10, userExponent: Double = 0.5,
        itemExponent: Double = 0.45, mean: Double = 3.6, noise: Double = 0.5, seed: UInt64 = 1
    ) {
        self.users = users
        self.items = items
        self.ratings = ratings
        self.rank = rank
        self.userExponent = userExponent
        self.itemExponent = itemExponent
        self.mean = mean
        self.noise = noise
        self.seed = seed
    }

    /// Netflix-shaped: 480,189 users × 17,770 movies, 100,198,805 ratings at scale 1;
    /// item popularity skewed so the most rated movie holds ~0.2–1% of the ratings.
    public static func netflix(scale: Double, seed: UInt64 = 1) -> RatingsGenerator {
        let side = scale.squareRoot()
        return RatingsGenerator(
            users: max(2, Int(480_189 * side)), items: max(2, Int(17_770 * side)),
            ratings: max(1, Int(100_198_805 * scale)), seed: seed)
    }

    /// KDD-Cup-2011-shaped (Yahoo! Music): 1,000,990 users × 624,961 items,
    /// 252,800,275 ratings at scale 1. (The real ratings run 0–100; these keep the
    /// Netflix-like scale, so RMSEs are not comparable with the paper's 19.5/22.6.)
    public static func kdd(scale: Double, seed: UInt64 = 1) -> RatingsGenerator {
        let side = scale.squareRoot()
        return RatingsGenerator(
            users: max(2, Int(1_000_990 * side)), items: max(2, Int(624_961 * side)),
            ratings: max(1, Int(252_800_275 * scale)), userExponent: 0.5, itemExponent: 0.6, seed: seed)
    }

    /// Jumbo-shaped: 10⁷ × 10⁷ with 2·10⁹ entries at scale 1, users and items uniform.
    public static func jumbo(scale: Double, seed: UInt64 = 1) -> RatingsGenerator {
        let side = scale.squareRoot()
        return RatingsGenerator(
            users: max(2, Int(1e7 * side)), items: max(2, Int(1e7 * side)),
            ratings: max(1, Int(2e9 * scale)), userExponent: 0, itemExponent: 0, seed: seed)
    }

    public func validate() throws(DatasetError) {
        guard users >= 1, users <= Int(Int32.max) else {
            throw .invalidArgument(name: "users", value: "\(users)", expected: "in 1...\(Int32.max)")
        }
        guard items >= 1, items <= Int(Int32.max) else {
            throw .invalidArgument(name: "items", value: "\(items)", expected: "in 1...\(Int32.max)")
        }
        guard ratings >= 1 else { throw .invalidArgument(name: "ratings", value: "\(ratings)", expected: "≥ 1") }
        guard rank >= 1 else { throw .invalidArgument(name: "rank", value: "\(rank)", expected: "≥ 1") }
        guard userExponent >= 0, itemExponent >= 0 else {
            throw .invalidArgument(name: "exponent", value: "\(min(userExponent, itemExponent))", expected: "≥ 0")
        }
        guard noise >= 0, noise.isFinite, mean.isFinite else {
            throw .invalidArgument(name: "noise", value: "\(noise)", expected: "finite and ≥ 0")
        }
    }

    /// Generates the ratings (deterministic for a seed). Users and items are shuffled
    /// so that popularity is not tied to the index.
    public func generate() throws(DatasetError) -> RatingsDataset {
        try generate(shard: .whole)
    }

    /// Ratings generated in blocks, each block from its own stream (see ``generate(shard:)``).
    public static let blockRatings = 1 << 12

    /// Generates `shard`'s part of the ratings: all of them (as ``generate()``) when it
    /// is whole, else that part's blocks of ``blockRatings``, each drawn from its own
    /// stream, so that a distributed job's ranks generate only their ratings and the
    /// ratings do not depend on how many ranks there are. The ground truth, the users
    /// and the items are the seed's, the same in every part.
    public func generate(shard: DataShard) throws(DatasetError) -> RatingsDataset {
        try validate()
        var rng = Xoshiro256(seed: seed)
        // Ground-truth factors with unit-variance dot products: components N(0, r^(-1/2)).
        let sd = Float(1 / Double(rank).squareRoot().squareRoot())
        let truthU = (0..<(users * rank)).map { _ in Float(rng.nextGaussian()) * sd }
        let truthV = (0..<(items * rank)).map { _ in Float(rng.nextGaussian()) * sd }
        let userPicker = DegreeSampler(count: users, exponent: userExponent, rng: &rng)
        let itemPicker = DegreeSampler(count: items, exponent: itemExponent, rng: &rng)
        func draw(_ count: Int, rng: inout Xoshiro256, into buffer: GrowableBuffer<Rating>) {
            for _ in 0..<count {
                let a = userPicker.sample(using: &rng), b = itemPicker.sample(using: &rng)
                var dot: Float = 0
                for k in 0..<rank { dot += truthU[a * rank + k] * truthV[b * rank + k] }
                buffer.append(
                    Rating(user: Int32(a), item: Int32(b), value: Float(mean) + dot + Float(noise * rng.nextGaussian()))
                )
            }
        }
        let buffer: GrowableBuffer<Rating>
        if shard.isWhole {
            buffer = GrowableBuffer<Rating>(capacity: ratings)
            draw(ratings, rng: &rng, into: buffer)
        } else {
            let blocks = (ratings + Self.blockRatings - 1) / Self.blockRatings
            let mine = shard.range(of: blocks)
            buffer = GrowableBuffer<Rating>(capacity: max(1, mine.count * Self.blockRatings))
            for block in mine {
                var blockRNG = Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: UInt64(block) + 1))
                draw(
                    min(ratings, (block + 1) * Self.blockRatings) - block * Self.blockRatings, rng: &blockRNG,
                    into: buffer)
            }
            guard buffer.count > 0 else {
                throw .invalidArgument(
                    name: "ratings", value: "\(ratings)", expected: "at least one block of ratings for \(shard)")
            }
        }
        return try RatingsDataset(
            entries: buffer.take(), userCount: users, itemCount: items, userIDs: nil, itemIDs: nil)
    }
}

/// Draws indices from a Zipf law over a random relabelling of `0..<count`
/// (exponent 0: uniform, with no table).
struct DegreeSampler {
    let count: Int
    let table: AliasTable?
    let relabel: [Int32]

    init(count: Int, exponent: Double, rng: inout Xoshiro256) {
        self.count = count
        if exponent > 0 {
            table = AliasTable.zipf(count: count, exponent: exponent)
            var order = (0..<count).map { Int32($0) }
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
            relabel = order
        } else {
            table = nil
            relabel = []
        }
    }

    func sample(using rng: inout Xoshiro256) -> Int {
        guard let table else { return rng.next(below: count) }
        return Int(relabel[table.sample(using: &rng)])
    }
}
