import HogwildCore
import HogwildData

/// A trained matrix factorization, out of the shared buffer: rank-r user and item
/// factors, optional biases and the global mean, predicting r̂(u, v) = L_u·R_v
/// (+ b_u + b_v) (+ mean). Saves to and loads from a ``ModelFile``.
///
/// Users and items are the model's indices (those of the ratings it was trained on,
/// renumbered by degree when the command line loaded them); ``userIDs`` and
/// ``itemIDs``, when the training file had them, give each index's id in the file, and
/// ``predict(userID:itemID:)`` looks them up.
///
/// ```swift
/// let model = mc.model(parameters: x)
/// let rating = model.predict(user: 3, item: 17)
/// try model.save(to: "mc.model")
/// ```
public struct FactorModel: Sendable, Equatable {
    public var rank: Int
    public var userCount: Int
    public var itemCount: Int
    /// userCount × rank, row-major.
    public var userFactors: [Float]
    /// itemCount × rank, row-major.
    public var itemFactors: [Float]
    /// Per-user and per-item biases (empty when trained without).
    public var userBiases: [Float]
    public var itemBiases: [Float]
    public var globalMean: Float
    /// The training file's ids of the users and items, when it had them.
    public var userIDs: [String]?
    public var itemIDs: [String]?

    public init(
        rank: Int, userFactors: [Float], itemFactors: [Float], userBiases: [Float] = [], itemBiases: [Float] = [],
        globalMean: Float = 0, userIDs: [String]? = nil, itemIDs: [String]? = nil
    ) {
        precondition(
            rank >= 1 && userFactors.count % rank == 0 && itemFactors.count % rank == 0,
            "factors must be whole rows of the rank")
        self.rank = rank
        self.userCount = userFactors.count / rank
        self.itemCount = itemFactors.count / rank
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        self.userBiases = userBiases
        self.itemBiases = itemBiases
        self.globalMean = globalMean
        self.userIDs = userIDs
        self.itemIDs = itemIDs
    }

    /// r̂(u, v); a user or item the model never saw (out of range) contributes no
    /// factor or bias, so the prediction falls back to the mean.
    public func predict(user u: Int, item v: Int) -> Float {
        var p: Float = 0
        let knownUser = u >= 0 && u < userCount, knownItem = v >= 0 && v < itemCount
        if knownUser, knownItem {
            for k in 0..<rank { p += userFactors[u * rank + k] * itemFactors[v * rank + k] }
        }
        if !userBiases.isEmpty || !itemBiases.isEmpty {
            // Summed first, as the objective does, so predictions match it bit for bit.
            p +=
                (knownUser && !userBiases.isEmpty ? userBiases[u] : 0)
                + (knownItem && !itemBiases.isEmpty ? itemBiases[v] : 0)
        }
        return p + globalMean
    }

    /// r̂ by the training file's ids; nil when the file had no ids. An id the model
    /// never saw falls back as in ``predict(user:item:)``.
    public func predict(userID: String, itemID: String) -> Float? {
        guard let userIDs, let itemIDs else { return nil }
        return predict(user: userIDs.firstIndex(of: userID) ?? -1, item: itemIDs.firstIndex(of: itemID) ?? -1)
    }

    /// r̂ for every rating of `ratings`, read from another file: matched by the files'
    /// ids when both have them (an id the model never saw falls back to the biases and
    /// the mean), else by index.
    public func predictByID(_ ratings: RatingsDataset) -> [Float] {
        guard let userIDs, let itemIDs, let theirUsers = ratings.userIDs, let theirItems = ratings.itemIDs else {
            return predict(ratings)
        }
        let users = Dictionary(userIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let items = Dictionary(itemIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return (0..<ratings.count).map { i in
            let e = ratings.entries[i]
            return predict(user: users[theirUsers[Int(e.user)]] ?? -1, item: items[theirItems[Int(e.item)]] ?? -1)
        }
    }

    /// r̂ for every rating of `ratings` (indexed like the training data).
    public func predict(_ ratings: RatingsDataset) -> [Float] {
        (0..<ratings.count).map { i in
            let e = ratings.entries[i]
            return predict(user: Int(e.user), item: Int(e.item))
        }
    }

    static let fileKind = "factors"

    /// Saves the model (atomically; see ``ModelFile``), with the users' and items' ids
    /// (one per line) when it has them.
    public func save(to path: String) throws(ModelFileError) {
        var settings = ["rank": "\(rank)"]
        if let userIDs, let itemIDs {
            settings["userIDs"] = userIDs.joined(separator: "\n")
            settings["itemIDs"] = itemIDs.joined(separator: "\n")
        }
        try ModelFile(
            kind: Self.fileKind, settings: settings,
            arrays: [
                "userFactors": userFactors, "itemFactors": itemFactors, "userBiases": userBiases,
                "itemBiases": itemBiases, "globalMean": [globalMean],
            ]
        ).write(to: path)
    }

    /// Loads a model saved by ``save(to:)``.
    public static func load(from path: String) throws(ModelFileError) -> FactorModel {
        let file = try ModelFile.read(from: path, kind: fileKind)
        let text = try file.setting("rank", path: path)
        guard let rank = Int(text), rank >= 1 else {
            throw .invalidContent(path: path, reason: "rank '\(text)' is not ≥ 1")
        }
        let users = try file.array("userFactors", path: path), items = try file.array("itemFactors", path: path)
        guard users.count % rank == 0, items.count % rank == 0 else {
            throw .invalidContent(path: path, reason: "factors are not whole rows of rank \(rank)")
        }
        let userBiases = try file.array("userBiases", path: path), itemBiases = try file.array("itemBiases", path: path)
        guard userBiases.isEmpty || userBiases.count == users.count / rank,
            itemBiases.isEmpty || itemBiases.count == items.count / rank
        else {
            throw .invalidContent(path: path, reason: "biases do not match the factors")
        }
        func ids(_ key: String, count: Int) throws(ModelFileError) -> [String]? {
            guard let text = file.settings[key] else { return nil }
            let ids = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard ids.count == count else {
                throw .invalidContent(path: path, reason: "\(ids.count) \(key), expected \(count)")
            }
            return ids
        }
        return FactorModel(
            rank: rank, userFactors: users, itemFactors: items, userBiases: userBiases,
            itemBiases: itemBiases, globalMean: try file.array("globalMean", count: 1, path: path)[0],
            userIDs: try ids("userIDs", count: users.count / rank),
            itemIDs: try ids("itemIDs", count: items.count / rank))
    }
}

extension MatrixCompletion {
    /// The trained factorization in `parameters` (read once), with the training data's ids.
    public func model(parameters: SharedParameters) -> FactorModel {
        let x = parameters.copyOut()
        let r = rank, users = data.userCount, items = data.itemCount
        return FactorModel(
            rank: r,
            userFactors: Array(x[userFactorStart..<(userFactorStart + users * r)]),
            itemFactors: Array(x[itemFactorStart..<(itemFactorStart + items * r)]),
            userBiases: hasBiases ? Array(x[userBiasStart..<(userBiasStart + users)]) : [],
            itemBiases: hasBiases ? Array(x[itemBiasStart..<(itemBiasStart + items)]) : [],
            globalMean: mean, userIDs: data.userIDs, itemIDs: data.itemIDs)
    }
}
