import HogwildSupport

/// A relabelling of indices: `newIndex[old]` for every old index. Readers renumber
/// coordinates by frequency so that the hot ones come first.
public struct Renumbering: Sendable, Equatable {
    /// The new index of every old one (a permutation of 0..<count).
    public let newIndex: [Int32]

    /// Old indices ordered by `degree` descending (ties keep the old order).
    public init(byDescending degree: [Int]) {
        let order = degree.indices.sorted { degree[$0] != degree[$1] ? degree[$0] > degree[$1] : $0 < $1 }
        var newIndex = [Int32](repeating: 0, count: degree.count)
        for (new, old) in order.enumerated() { newIndex[old] = Int32(new) }
        self.newIndex = newIndex
    }

    /// The old index of every new one.
    public var oldIndex: [Int32] {
        var old = [Int32](repeating: 0, count: newIndex.count)
        for (o, n) in newIndex.enumerated() { old[Int(n)] = Int32(o) }
        return old
    }
}

extension SparseDatasetBuilder {
    /// Renumbers the columns of the rows built so far by frequency (most used first),
    /// in place: no second copy of the data, so a reader can renumber a file as it
    /// loads it. Each row's entries are re-sorted by their new columns. Call before
    /// `build()`, with every row ended.
    public func renumberColumnsByFrequency() -> Renumbering {
        let count = columnCount ?? Int(largestColumn) + 1
        var degree = [Int](repeating: 0, count: count)
        for k in 0..<columns.count { degree[Int(columns[k])] += 1 }
        let map = Renumbering(byDescending: degree)
        if let offsets = offsets.pointer, let columns = columns.pointer, let values = values.pointer {
            map.relabelRows(rowCount, offsets: offsets, columns: columns, values: values)
        }
        columnCount = count
        return map
    }
}

extension Renumbering {
    /// Relabels the columns of `rows` CSR rows through this map, in place, and re-sorts
    /// each row by its new columns (the values move along).
    func relabelRows(
        _ rows: Int, offsets: UnsafePointer<UInt32>, columns: UnsafeMutablePointer<Int32>,
        values: UnsafeMutablePointer<Float>
    ) {
        var pairs: [(Int32, Float)] = []
        for r in 0..<rows {
            let start = Int(offsets[r]), end = Int(offsets[r + 1])
            pairs.removeAll(keepingCapacity: true)
            for k in start..<end { pairs.append((newIndex[Int(columns[k])], values[k])) }
            pairs.sort { $0.0 < $1.0 }
            for (i, pair) in pairs.enumerated() {
                columns[start + i] = pair.0
                values[start + i] = pair.1
            }
        }
    }
}

extension SparseDataset {
    /// The same rows with features renumbered by how many rows use them, most used
    /// first: the hot features become the coordinates 0, 1, 2, … (which is how
    /// ``HotReplicas`` tells hot from cold with one comparison). Labels, values and row
    /// order are unchanged; each row's columns are re-sorted.
    ///
    /// ```swift
    /// let (data, map) = try raw.renumberedByFrequency()
    /// let test = try rawTest.renumbered(by: map)
    /// ```
    public func renumberedByFrequency() throws(DatasetError) -> (dataset: SparseDataset, renumbering: Renumbering) {
        var degree = [Int](repeating: 0, count: columnCount)
        for k in 0..<nonZeroCount { degree[Int(columns[k])] += 1 }
        let map = Renumbering(byDescending: degree)
        return (try renumbered(by: map), map)
    }

    /// The rows with columns relabelled by `map` (which must cover every column).
    public func renumbered(by map: Renumbering) throws(DatasetError) -> SparseDataset {
        guard map.newIndex.count >= columnCount else {
            throw .columnCountMismatch(expected: map.newIndex.count, got: columnCount)
        }
        let builder = SparseDatasetBuilder(
            columnCount: map.newIndex.count, reservingRows: rowCount, nonZeros: nonZeroCount)
        var pairs: [(Int32, Float)] = []
        for r in 0..<rowCount {
            let row = self.rowView(r)
            pairs.removeAll(keepingCapacity: true)
            for k in 0..<row.columns.count { pairs.append((map.newIndex[Int(row.columns[k])], row.values[k])) }
            pairs.sort { $0.0 < $1.0 }
            for (c, v) in pairs { builder.append(column: c, value: v) }
            try builder.endRow(label: row.label)
        }
        return try builder.build()
    }
}

extension RatingsDataset {
    /// The same ratings with users and items each renumbered by how many ratings they
    /// have, most first (popular items and heavy users become the low indices); the
    /// original ids move with them.
    public func renumberedByDegree() throws(DatasetError) -> (
        dataset: RatingsDataset, users: Renumbering, items: Renumbering
    ) {
        let (du, di) = degrees()
        let users = Renumbering(byDescending: du), items = Renumbering(byDescending: di)
        return (try renumbered(users: users, items: items), users, items)
    }

    /// The ratings with users and items relabelled (ids, when present, follow).
    public func renumbered(users: Renumbering, items: Renumbering) throws(DatasetError) -> RatingsDataset {
        guard users.newIndex.count == userCount, items.newIndex.count == itemCount else {
            throw .columnCountMismatch(
                expected: userCount + itemCount, got: users.newIndex.count + items.newIndex.count)
        }
        let out = UnsafeMutablePointer<Rating>.allocate(capacity: max(count, 1))
        for k in 0..<count {
            let e = entries[k]
            out[k] = Rating(user: users.newIndex[Int(e.user)], item: items.newIndex[Int(e.item)], value: e.value)
        }
        let userIDs = self.userIDs.map { ids in users.oldIndex.map { ids[Int($0)] } }
        let itemIDs = self.itemIDs.map { ids in items.oldIndex.map { ids[Int($0)] } }
        return try RatingsDataset(
            entries: OwnedBuffer(adopting: out, count: count), userCount: userCount, itemCount: itemCount,
            userIDs: userIDs, itemIDs: itemIDs)
    }
}

// In-place renumbering: what the catalog uses on a set a generator or reader has just
// made and nobody else holds, so that renumbering it needs no second copy (the copying
// versions above peaked at three times the data: the original, an array, its copy).
// Only for datasets whose storage this package made: a dataset built by a caller from
// its own buffers might share them.
extension SparseDataset {
    /// Renumbers `data` as ``renumberedByFrequency()`` does, in its own storage when no
    /// other reference to it exists (otherwise by copying).
    package static func renumberByFrequencyInPlace(_ data: inout SparseDataset) throws(DatasetError) -> Renumbering {
        guard isKnownUniquelyReferenced(&data) else {
            let (renumbered, map) = try data.renumberedByFrequency()
            data = renumbered
            return map
        }
        var degree = [Int](repeating: 0, count: data.columnCount)
        for k in 0..<data.nonZeroCount { degree[Int(data.columns[k])] += 1 }
        let map = Renumbering(byDescending: degree)
        map.relabelRows(
            data.rowCount, offsets: data.offsetStorage.base, columns: data.columnStorage.base,
            values: data.valueStorage.base)
        return map
    }
}

extension RatingsDataset {
    /// Renumbers `data` as ``renumberedByDegree()`` does, in its own storage when no
    /// other reference to it exists (otherwise by copying).
    package static func renumberByDegreeInPlace(
        _ data: inout RatingsDataset
    ) throws(DatasetError) -> (users: Renumbering, items: Renumbering) {
        let (du, di) = data.degrees()
        let users = Renumbering(byDescending: du), items = Renumbering(byDescending: di)
        guard isKnownUniquelyReferenced(&data) else {
            data = try data.renumbered(users: users, items: items)
            return (users, items)
        }
        let entries = data.storage.base
        for k in 0..<data.count {
            let e = entries[k]
            entries[k] = Rating(user: users.newIndex[Int(e.user)], item: items.newIndex[Int(e.item)], value: e.value)
        }
        if data.userIDs != nil || data.itemIDs != nil {
            // The ids follow their users and items; the entries stay where they are.
            data = try RatingsDataset(
                entries: data.storage, userCount: data.userCount, itemCount: data.itemCount,
                userIDs: data.userIDs.map { ids in users.oldIndex.map { ids[Int($0)] } },
                itemIDs: data.itemIDs.map { ids in items.oldIndex.map { ids[Int($0)] } })
        }
        return (users, items)
    }
}
