import HogwildSupport

extension ConflictFreePlan {
    /// Groups batch `batch` of the window (the terms at `order[start..<end]`) into its
    /// conflict components: writes the batch's positions (relative to `start`) in
    /// component order, components ordered by their first term and each in the epoch's
    /// order, and cuts them into chunks of about ``chunkTerms`` terms (a larger
    /// component is a chunk of its own). Hot keys join nothing. Uses `worker`'s scratch.
    @inlinable
    func group<O: Objective>(
        batch: Int, start: Int, end: Int, order: UnsafePointer<UInt32>, objective: O,
        parameters: UnsafeParameterMemory, worker: Int
    ) {
        let s = scratch[worker]
        let stamp = s.nextStamp()
        let firstTerm = s.firstTerm.base, parent = s.parent.base, cursor = s.cursor.base
        let hotMark = GroupingScratch.hotMark
        let count = end - start
        // Union–find over the batch's terms; a root is its component's first term, so
        // every link points to a smaller index.
        @inline(__always) func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for t in 0..<count {
            parent[t] = Int32(t)
            // The term's record (a rating, an edge, a row's offsets) is a cache miss
            // in a large data set: ask for it a few terms early.
            if t + 4 < count {
                objective.prefetch(term: Int(order[start + t + 4]), distance: 2, parameters: parameters)
            }
            let term = Int(order[start + t])
            let me = Int32(t)
            objective.forEachConflictKey(of: term) { key in
                let word = firstTerm[key]
                let seen = UInt32(truncatingIfNeeded: word >> 32)
                if seen == stamp {
                    let a = find(me), b = find(Int32(truncatingIfNeeded: word))
                    if a < b { parent[Int(b)] = a } else if b < a { parent[Int(a)] = b }
                } else if seen != hotMark {
                    firstTerm[key] = UInt64(stamp) << 32 | UInt64(UInt32(bitPattern: me))
                }
            }
        }
        // Every parent is now at most its child, so one ascending pass leaves each term
        // pointing at its root; then component sizes, their starts, and the chunks.
        for t in 0..<count {
            parent[t] = parent[Int(parent[t])]
            cursor[t] = 0
        }
        for t in 0..<count { cursor[Int(parent[t])] += 1 }
        let ends = chunkEnds.base + batch * (batchTerms + 1)
        var placed: Int32 = 0
        var chunks = 0
        var chunkStart: Int32 = 0
        for r in 0..<count where parent[r] == Int32(r) {
            let size = cursor[r]
            cursor[r] = placed
            placed += size
            if Int(placed - chunkStart) >= chunkTerms {
                ends[chunks] = UInt32(placed)
                chunks += 1
                chunkStart = placed
            }
        }
        if placed > chunkStart {
            ends[chunks] = UInt32(placed)
            chunks += 1
        }
        chunkCounts.base[batch] = chunks
        let out = grouped.base + batch * batchTerms
        for t in 0..<count {
            let r = Int(parent[t])
            out[Int(cursor[r])] = UInt32(t)
            cursor[r] += 1
        }
    }
}
