import HogwildSupport

// A distributed job's ranks each hold a part of the data, but they train one model:
// every rank must number features, users and items alike. They agree through their
// ShardGroup on the whole data's counts and renumber by those — the same order one
// process would choose for the whole set (most used first, ties by the old index).
// Parts read from files number their ids by first appearance in the part, so there the
// ids themselves (integers) are what the ranks agree on.

/// A file's ids as the integers the ranks agree on; any other id is refused, naming it.
func integerIDs(_ ids: [String], of what: String, path: String) throws(FormatError) -> [Int] {
    try ids.map { (id) throws(FormatError) in
        guard let n = Int(id), n >= 0, n < Int(Int32.max) else {
            throw .invalidData(
                path: path,
                problem:
                    "a distributed run needs integer \(what) ids from 0 to \(Int32.max - 1) to agree on them across "
                    + "ranks; '\(id)' is not one"
            )
        }
        return n
    }
}

extension SparseDataset {
    /// Widens `part` to the group's feature count and renumbers its columns by how
    /// many rows of the whole data use each (in place when nobody else holds it).
    package static func renumberAcross(_ group: any ShardGroup, _ part: inout SparseDataset) throws -> Renumbering {
        let columns = Int(try group.maximum(Double(part.columnCount)))
        try MemoryBudget.check(bytes: Double(columns) * 16, for: "agreeing on \(columns) feature counts")
        var degree = [Double](repeating: 0, count: columns)
        for k in 0..<part.nonZeroCount { degree[Int(part.columns[k])] += 1 }
        try group.sum(&degree)
        let map = Renumbering(byDescending: degree.map { Int($0) })
        if !isKnownUniquelyReferenced(&part) {
            part = try part.renumbered(by: map)
        } else {
            map.relabelRows(
                part.rowCount, offsets: part.offsetStorage.base, columns: part.columnStorage.base,
                values: part.valueStorage.base)
        }
        part = try SparseDataset(
            offsets: part.offsetStorage, columns: part.columnStorage, values: part.valueStorage,
            labels: part.labelStorage, columnCount: columns)
        return map
    }
}

extension RatingsDataset {
    /// Renumbers a generated part's users and items by their degrees in the whole
    /// data (its counts are already the whole's).
    package static func renumberAcross(_ group: any ShardGroup, _ part: inout RatingsDataset) throws {
        let (du, di) = part.degrees()
        var both = du.map(Double.init) + di.map(Double.init)
        try group.sum(&both)
        let users = Renumbering(byDescending: both[..<du.count].map { Int($0) })
        let items = Renumbering(byDescending: both[du.count...].map { Int($0) })
        part = try part.renumbered(users: users, items: items)
    }

    /// Renumbers a part read from a file, whose users and items are numbered by first
    /// appearance in that part, by the ids themselves: the ids must be integers; the
    /// whole data's users (items) are every id any part holds, numbered by degree in
    /// the whole data, most first (ties by the id).
    package static func renumberIDsAcross(
        _ group: any ShardGroup, _ part: inout RatingsDataset,
        path: String
    ) throws {
        let userIDs = try integerIDs(part.userIDs ?? [], of: "user", path: path)
        let itemIDs = try integerIDs(part.itemIDs ?? [], of: "item", path: path)
        let userSpan = Int(try group.maximum(Double((userIDs.max() ?? -1) + 1)))
        let itemSpan = Int(try group.maximum(Double((itemIDs.max() ?? -1) + 1)))
        try MemoryBudget.check(
            bytes: Double(userSpan + itemSpan) * 24, for: "agreeing on ids up to \(max(userSpan, itemSpan))")
        var degrees = [Double](repeating: 0, count: userSpan + itemSpan)
        for k in 0..<part.count {
            let e = part.entries[k]
            degrees[userIDs[Int(e.user)]] += 1
            degrees[userSpan + itemIDs[Int(e.item)]] += 1
        }
        try group.sum(&degrees)
        // Ids no part holds have degree 0 and sort last: the model gets only the ones in use.
        let users = Renumbering(byDescending: degrees[..<userSpan].map { Int($0) })
        let items = Renumbering(byDescending: degrees[userSpan...].map { Int($0) })
        let userCount = degrees[..<userSpan].reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let itemCount = degrees[userSpan...].reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let out = OwnedBuffer<Rating>(repeating: Rating(user: 0, item: 0, value: 0), count: part.count, alignment: 64)
        for k in 0..<part.count {
            let e = part.entries[k]
            out.base[k] = Rating(
                user: users.newIndex[userIDs[Int(e.user)]], item: items.newIndex[itemIDs[Int(e.item)]],
                value: e.value)
        }
        part = try RatingsDataset(
            entries: out, userCount: userCount, itemCount: itemCount,
            userIDs: users.oldIndex.prefix(userCount).map { String($0) },
            itemIDs: items.oldIndex.prefix(itemCount).map { String($0) })
    }
}

extension SparseDataset {
    /// The whole data's row count and rows per feature, from every part's.
    package static func wholeDegrees(
        _ group: any ShardGroup, _ part: SparseDataset
    ) throws -> (rows: Int, degrees: [Int]) {
        var counts = [Double](repeating: 0, count: part.columnCount + 1)
        for k in 0..<part.nonZeroCount { counts[Int(part.columns[k])] += 1 }
        counts[part.columnCount] = Double(part.rowCount)
        try group.sum(&counts)
        return (Int(counts[part.columnCount]), counts.dropLast().map { Int($0) })
    }
}

extension RatingsDataset {
    /// The whole data's ratings per user and per item, from every part's.
    package static func wholeDegrees(
        _ group: any ShardGroup, _ part: RatingsDataset
    ) throws -> (users: [Int], items: [Int]) {
        let (du, di) = part.degrees()
        var both = du.map(Double.init) + di.map(Double.init)
        try group.sum(&both)
        return (both[..<du.count].map { Int($0) }, both[du.count...].map { Int($0) })
    }
}

extension CutGraph {
    /// Renumbers a part read from an edge list, whose nodes are numbered by first
    /// appearance in that part (and in the terminals file, which every part reads
    /// whole), by the node ids themselves: the ids must be integers; the whole graph's
    /// nodes are every id any part's edges or the terminals name, numbered by their
    /// edge count in the whole graph, most first (ties by the id), so hot nodes lead
    /// as ``HotReplicas`` wants.
    package static func renumberIDsAcross(_ group: any ShardGroup, _ part: inout CutGraph, path: String) throws {
        let ids = try integerIDs(part.nodeIDs ?? (0..<part.nodeCount).map(String.init), of: "node", path: path)
        let span = Int(try group.maximum(Double((ids.max() ?? -1) + 1)))
        try MemoryBudget.check(bytes: Double(span) * 32, for: "agreeing on node ids up to \(span)")
        var degree = [Double](repeating: 0, count: span)
        for e in 0..<part.edgeCount {
            degree[ids[Int(part.sources[e])]] += 1
            degree[ids[Int(part.targets[e])]] += 1
        }
        try group.sum(&degree)
        // Every part holds the same terminals; a terminal no edge names is still a node.
        var label = [Int32](repeating: -1, count: span)
        for v in 0..<part.nodeCount { label[ids[v]] = part.terminalLabels[v] }
        let inUse = (0..<span).map { degree[$0] > 0 || label[$0] >= 0 }
        let order = Renumbering(byDescending: (0..<span).map { inUse[$0] ? Int(degree[$0]) + 1 : 0 })
        let nodeCount = inUse.reduce(0) { $0 + ($1 ? 1 : 0) }
        let old = order.oldIndex.prefix(nodeCount)
        let sources = OwnedBuffer<Int32>(repeating: 0, count: part.edgeCount, alignment: 64)
        let targets = OwnedBuffer<Int32>(repeating: 0, count: part.edgeCount, alignment: 64)
        for e in 0..<part.edgeCount {
            sources.base[e] = order.newIndex[ids[Int(part.sources[e])]]
            targets.base[e] = order.newIndex[ids[Int(part.targets[e])]]
        }
        part = try CutGraph(
            nodeCount: nodeCount, labelCount: part.labelCount, sources: sources, targets: targets,
            weights: OwnedBuffer(Array(UnsafeBufferPointer(start: part.weights, count: part.edgeCount))),
            terminalLabels: OwnedBuffer(old.map { label[Int($0)] }), nodeIDs: old.map { String($0) })
    }
}
