import HogwildCore
import HogwildData
import HogwildSupport

/// Low-rank matrix completion, the paper's loss: for each observed rating (u, v, Z),
///
///   f_uv = (L_u·R_v + b_u + c_v + m − Z)² + μ/(2|E_u·|)·‖L_u‖² + μ/(2|E_·v|)·‖R_v‖²
///
/// with rank-r factor rows L_u, R_v, and optional user and item biases b_u, c_v
/// (penalised like the factors) and global mean m (the data's mean, not trained). The
/// paper uses neither; both are off by default. Summed over the ratings of one user,
/// the penalties add up to μ/2·‖L_u‖², as for the SVM's degree weighting.
///
/// All factors live in one ``SharedParameters`` laid out by ``layout``: segment "R"
/// (items × r) first, then "L" (users × r), then "itemBias" and "userBias" when
/// enabled. A term touches the 2r (+2) coordinates of its item's and user's rows,
/// visited in that (ascending) order. Items come first because they are the hot rows
/// (a popular movie is rated by a large share of users): with the data renumbered by
/// degree (``RatingsDataset/renumberedByDegree()``) the hottest coordinates are a
/// prefix of the buffer, which is what ``HotReplicas`` replicates.
///
/// Gradient: L_u and R_v are read once, as two runs (a vectorized copy each), and the
/// gradient is computed from that one snapshot: 2e·R_v + μ/|E_u·|·L_u for L_u and
/// 2e·L_u + μ/|E_·v|·R_v for R_v, as simultaneous SGD does (plain SGD then steps
/// L_u ← L_u − γ·G_L and R_v ← R_v − γ·G_R).
///
/// ## Concurrency contract
/// Every method may be called from any number of workers at once: the value is
/// immutable; its raw pointers point into `data` and the per-row weights, which it
/// keeps alive.
///
/// ```swift
/// let ratings = try RatingsGenerator.netflix(scale: 0.001).generate()
/// let mc = try MatrixCompletion(data: ratings, configuration: .init(rank: 10))
/// let x = try mc.makeParameters(seed: 1)
/// let configuration = TrainingConfiguration(threads: 2, schedule: .constant(0.01))
/// let report = try Trainer(objective: mc, scheme: .hogwild, configuration: configuration).run(on: x)
/// let rmse = mc.rootMeanSquaredError(on: ratings, parameters: x)
/// ```
public struct MatrixCompletion: Objective, @unchecked Sendable {
    public struct Configuration: Sendable, Hashable, Codable {
        /// Rank r of the factors.
        public var rank: Int
        /// μ, the factor penalty (the released example uses 0.01).
        public var mu: Float
        /// Whether to learn user and item biases.
        public var biases: Bool
        /// Whether to predict around the data's mean rating.
        public var globalMean: Bool
        /// The scale of the initial factor entries: the standard deviation of a Gaussian
        /// start, or the upper end of a uniform one.
        public var initialScale: Float
        /// How the factors start: N(0, scale²) (the default), or uniform in [0, scale) as
        /// hand-written HOGWILD! loops (the C++ peer) start them.
        public var initialDistribution: InitialDistribution

        public enum InitialDistribution: String, Sendable, Hashable, Codable {
            case gaussian
            case uniform
        }

        public init(
            rank: Int = 10, mu: Float = 0.01, biases: Bool = false, globalMean: Bool = false,
            initialScale: Float = 0.1, initialDistribution: InitialDistribution = .gaussian
        ) {
            self.rank = rank
            self.mu = mu
            self.biases = biases
            self.globalMean = globalMean
            self.initialScale = initialScale
            self.initialDistribution = initialDistribution
        }

        enum CodingKeys: String, CodingKey {
            case rank, mu, biases, globalMean, initialScale, initialDistribution
        }

        /// Reads result files written before the initial distribution was a setting.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                rank: try c.decode(Int.self, forKey: .rank), mu: try c.decode(Float.self, forKey: .mu),
                biases: try c.decode(Bool.self, forKey: .biases),
                globalMean: try c.decode(Bool.self, forKey: .globalMean),
                initialScale: try c.decode(Float.self, forKey: .initialScale),
                initialDistribution: try c.decodeIfPresent(InitialDistribution.self, forKey: .initialDistribution)
                    ?? .gaussian)
        }
    }

    public let data: RatingsDataset
    public let configuration: Configuration
    /// Where L, R and the biases sit in the parameter buffer.
    public let layout: ParameterLayout
    /// μ/|E_u·| per user, then μ/|E_·v| per item.
    let rowWeights: OwnedBuffer<Float>

    @usableFromInline let entries: UnsafePointer<Rating>
    @usableFromInline let userWeight: UnsafePointer<Float>
    @usableFromInline let itemWeight: UnsafePointer<Float>
    @usableFromInline let rank: Int
    @usableFromInline let userFactorStart: Int
    @usableFromInline let itemFactorStart: Int
    @usableFromInline let userBiasStart: Int
    @usableFromInline let itemBiasStart: Int
    @usableFromInline let hasBiases: Bool
    @usableFromInline let mean: Float

    /// `wholeData`: when `data` is one part of a distributed job's ratings, the whole
    /// data's ratings per user and per item, so that the penalties' degree weighting is
    /// the whole objective's.
    public init(
        data: RatingsDataset, configuration: Configuration = Configuration(),
        wholeData: (users: [Int], items: [Int])? = nil
    ) throws(ModelError) {
        guard configuration.rank >= 1 else {
            throw .invalidParameter(name: "rank", value: Double(configuration.rank), expected: "≥ 1")
        }
        guard configuration.mu.isFinite, configuration.mu >= 0 else {
            throw .invalidParameter(name: "mu", value: Double(configuration.mu), expected: "finite and ≥ 0")
        }
        guard configuration.initialScale.isFinite, configuration.initialScale > 0 else {
            throw .invalidParameter(
                name: "initial scale", value: Double(configuration.initialScale), expected: "finite and > 0")
        }
        var layout = ParameterLayout()
        let r = configuration.rank
        do {
            itemFactorStart = try layout.append("R", count: data.itemCount * r).lowerBound
            userFactorStart = try layout.append("L", count: data.userCount * r).lowerBound
            if configuration.biases {
                itemBiasStart = try layout.append("itemBias", count: data.itemCount).lowerBound
                userBiasStart = try layout.append("userBias", count: data.userCount).lowerBound
            } else {
                userBiasStart = 0
                itemBiasStart = 0
            }
        } catch {
            throw .incompatibleData("cannot lay out the factors: \(error)")
        }
        self.layout = layout
        self.data = data
        self.configuration = configuration
        var (du, di) = data.degrees()
        if let wholeData {
            guard wholeData.users.count == du.count, wholeData.items.count == di.count else {
                throw .incompatibleData(
                    "the whole data's degrees cover \(wholeData.users.count) users and \(wholeData.items.count) "
                        + "items, this part \(du.count) and \(di.count)"
                )
            }
            (du, di) = wholeData
        }
        let mu = configuration.mu
        rowWeights = OwnedBuffer(du.map { $0 > 0 ? mu / Float($0) : 0 } + di.map { $0 > 0 ? mu / Float($0) : 0 })
        entries = data.entries
        userWeight = UnsafePointer(rowWeights.base)
        itemWeight = UnsafePointer(rowWeights.base + data.userCount)
        rank = r
        hasBiases = configuration.biases
        mean = configuration.globalMean ? Float(data.meanRating) : 0
    }

    public var termCount: Int { data.count }
    public var dimension: Int { layout.count }
    /// Only the biases are scattered entries; the factor rows are runs.
    public var gradientCapacityHint: Int { 2 }

    /// Ratings per item for its factor row (and bias), per user for theirs; padding 0.
    public func coordinateDegrees() -> [Int]? {
        let (du, di) = data.degrees()
        var degree = [Int](repeating: 0, count: dimension)
        for v in 0..<data.itemCount {
            for k in 0..<rank { degree[itemFactorStart + v * rank + k] = di[v] }
            if hasBiases { degree[itemBiasStart + v] = di[v] }
        }
        for u in 0..<data.userCount {
            for k in 0..<rank { degree[userFactorStart + u * rank + k] = du[u] }
            if hasBiases { degree[userBiasStart + u] = du[u] }
        }
        return degree
    }

    /// A key per user (0..<users: their factor row and bias) and per item (after the users).
    public var conflictKeyCount: Int { data.userCount + data.itemCount }

    @inlinable
    public func forEachConflictKey(of term: Int, _ body: (Int) -> Void) {
        let entry = entries[term]
        body(Int(entry.user))
        body(data.userCount + Int(entry.item))
    }

    public func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void) {
        if key < data.userCount {
            body((userFactorStart + key * rank)..<(userFactorStart + (key + 1) * rank))
            if hasBiases { body((userBiasStart + key)..<(userBiasStart + key + 1)) }
        } else {
            let v = key - data.userCount
            body((itemFactorStart + v * rank)..<(itemFactorStart + (v + 1) * rank))
            if hasBiases { body((itemBiasStart + v)..<(itemBiasStart + v + 1)) }
        }
    }

    /// A parameter buffer for this model: factor entries N(0, initialScale²), biases 0.
    /// The generator is derived from `seed` on a stream of its own, so that a data
    /// generator given the same seed (``RatingsGenerator``) cannot hand the model its own
    /// ground truth as a starting point.
    public func makeParameters(seed: UInt64) throws -> SharedParameters {
        let x = try SharedParameters(layout: layout)
        var rng = Xoshiro256(seed: SplitMix64.derive(seed: seed, stream: 0x4D43_1A1))
        let scale = configuration.initialScale
        for segment in ["L", "R"] {
            for i in try layout.range(of: segment) {
                switch configuration.initialDistribution {
                case .gaussian: x[i] = Float(rng.nextGaussian()) * scale
                case .uniform: x[i] = rng.nextUnitFloat() * scale
                }
            }
        }
        return x
    }

    /// The prediction for (u, v), read coordinate by coordinate (for evaluation).
    @inlinable @inline(__always)
    func predict<R: ParameterReader>(user u: Int, item v: Int, parameters x: R) -> Float {
        let left = userFactorStart + u * rank, right = itemFactorStart + v * rank
        var dot: Float = 0
        for k in 0..<rank { dot += x.load(left + k) * x.load(right + k) }
        if hasBiases { dot += x.load(userBiasStart + u) + x.load(itemBiasStart + v) }
        return dot + mean
    }

    /// Two terms ahead the rating; one term ahead the factor rows it names (every
    /// cache line of L_u and R_v): the random rows are what a rating waits for.
    @inlinable @inline(__always)
    public func prefetch(term: Int, distance: Int, parameters x: UnsafeParameterMemory) {
        if distance == 2 {
            Prefetch.load(entries + term)
        } else if distance == 1 {
            let entry = entries[term]
            let left = userFactorStart + Int(entry.user) * rank, right = itemFactorStart + Int(entry.item) * rank
            var k = 0
            while k < rank {
                Prefetch.load(x, at: left + k)
                Prefetch.load(x, at: right + k)
                k += 16
            }
        }
    }

    /// G_e for rating (u, v, Z), e = L_u·R_v (+ b_u + c_v + m) − Z: runs for R_v and L_u
    /// (in that order, items first), then the biases.
    @inlinable @inline(__always)
    public func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at x: R, into gradient: inout G,
        context: inout WorkerContext<Void>
    ) {
        let entry = entries[term]
        let u = Int(entry.user), v = Int(entry.item)
        let left = userFactorStart + u * rank, right = itemFactorStart + v * rank
        let item = gradient.addRun(start: right, count: rank).baseAddress!
        let user = gradient.addRun(start: left, count: rank).baseAddress!
        x.load(right..<(right + rank), into: item)
        x.load(left..<(left + rank), into: user)
        var prediction: Float = 0
        for k in 0..<rank { prediction += user[k] * item[k] }
        var bu: Float = 0, bv: Float = 0
        if hasBiases {
            bu = x.load(userBiasStart + u)
            bv = x.load(itemBiasStart + v)
            prediction += bu + bv
        }
        let twoError = 2 * (prediction + mean - entry.value)
        let wu = userWeight[u], wv = itemWeight[v]
        for k in 0..<rank {
            let a = user[k], b = item[k]
            item[k] = twoError * a + wv * b
            user[k] = twoError * b + wu * a
        }
        if hasBiases {
            gradient.add(itemBiasStart + v, twoError + wv * bv)
            gradient.add(userBiasStart + u, twoError + wu * bu)
        }
    }

    public func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        let entry = entries[term]
        let u = Int(entry.user), v = Int(entry.item)
        let e = Double(predict(user: u, item: v, parameters: x) - entry.value)
        var lu = 0.0, rv = 0.0
        for k in 0..<rank {
            lu += Double(x.load(userFactorStart + u * rank + k)) * Double(x.load(userFactorStart + u * rank + k))
            rv += Double(x.load(itemFactorStart + v * rank + k)) * Double(x.load(itemFactorStart + v * rank + k))
        }
        if hasBiases {
            lu += Double(x.load(userBiasStart + u)) * Double(x.load(userBiasStart + u))
            rv += Double(x.load(itemBiasStart + v)) * Double(x.load(itemBiasStart + v))
        }
        return e * e + 0.5 * Double(userWeight[u]) * lu + 0.5 * Double(itemWeight[v]) * rv
    }

    /// √(mean squared error) of the predictions on `ratings`, which must have this
    /// model's users and items (a split of the training data, say).
    public func rootMeanSquaredError(
        on ratings: RatingsDataset, parameters: SharedParameters
    ) throws(ModelError) -> Double {
        guard ratings.userCount <= data.userCount, ratings.itemCount <= data.itemCount else {
            throw .incompatibleData(
                "the ratings have \(ratings.userCount) users × \(ratings.itemCount) items; the model has "
                    + "\(data.userCount) × \(data.itemCount)"
            )
        }
        guard ratings.count > 0 else { return 0 }
        let x = parameters.memory
        let total = ParallelSum.sum(count: ratings.count) { k in
            let entry = ratings.entries[k]
            let e = Double(predict(user: Int(entry.user), item: Int(entry.item), parameters: x) - entry.value)
            return e * e
        }
        return withExtendedLifetime(parameters) { (total / Double(ratings.count)).squareRoot() }
    }
}
