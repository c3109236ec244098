import HogwildSupport
import Synchronization

/// One run's machinery for ``ConflictFree``: the batch size and hot keys it chose,
/// the coordinates the hot keys cover, each worker's grouping scratch and deferred
/// steps, the window of grouped batches, and the barrier and claim counter the
/// workers share.
///
/// ## Concurrency contract
/// Built and resized by the trainer's thread. During a round, worker w writes only
/// its own scratch and log, the window's regions of the batches it claimed (while
/// grouping) and the positions of the chunks it claimed (while stepping); every
/// phase ends at ``barrier``, after which everything written is read by all.
public final class ConflictFreePlan: @unchecked Sendable {
    /// B, terms per batch.
    public let batchTerms: Int
    /// Which keys and coordinates are hot.
    public let hot: HotKeys
    /// Terms per chunk a worker claims at a time (whole components; a large one
    /// alone): about an eighth of a worker's share of a batch, between 4 and 64, so
    /// the workers reach the batch's barrier together and a claim is rare.
    @usableFromInline let chunkTerms: Int
    @usableFromInline let workers: Int
    @usableFromInline let keyCount: Int
    /// Batches grouped together before they are stepped (bounds the window's memory).
    @usableFromInline let windowBatches: Int
    @usableFromInline let barrier = PhaseBarrier()
    @usableFromInline let claims = Atomic<Int>(0)
    @usableFromInline let scratch: [GroupingScratch]
    @usableFromInline let logs: [DeferredSteps]
    /// The window's batches in component order: term positions relative to their batch.
    @usableFromInline let grouped: OwnedBuffer<UInt32>
    /// Each batch's chunk ends (relative to the batch), at `b × (batchTerms + 1)`.
    @usableFromInline let chunkEnds: OwnedBuffer<UInt32>
    /// How many chunks each of the window's batches has.
    @usableFromInline let chunkCounts: OwnedBuffer<Int>
    /// For each owner of hot keys and each position of the batch being stepped (at
    /// `owner × batchTerms + position`): where that term's deferred part on the owner's
    /// keys is (`worker << 40 | offset` in that worker's log), or −1.
    @usableFromInline let deferredAt: OwnedBuffer<Int>
    /// The epoch's order when terms are drawn with replacement (the permutation otherwise).
    @usableFromInline var drawn: OwnedBuffer<UInt32>?

    init<O: Objective>(objective: O, workers: Int, settings: ConflictFreeSettings) {
        let n = objective.termCount
        keyCount = max(0, objective.conflictKeyCount)
        let choice = ConflictFreePlan.choose(
            degrees: objective.conflictKeyDegrees(), terms: n, batchTerms: settings.batchTerms,
            hotKeys: settings.hotKeys)
        batchTerms = choice.batchTerms
        hot = HotKeys(objective: objective, keys: choice.hotKeys, owners: workers)
        self.workers = workers
        chunkTerms = min(64, max(4, choice.batchTerms / (8 * max(workers, 1))))
        // A window holds 65,536 terms, and at least four batches a worker (the workers
        // share out a window's grouping by batch), within 4 M terms.
        let batches = (n + choice.batchTerms - 1) / choice.batchTerms
        let wanted = max((1 << 16) / choice.batchTerms, 4 * workers)
        windowBatches = max(1, min(batches, wanted, (1 << 22) / choice.batchTerms))
        let b = batchTerms, keys = keyCount
        // One worker groups nothing (see ConflictFree).
        let hotKeys = hot
        scratch =
            workers > 1 ? (0..<workers).map { _ in GroupingScratch(keys: keys, hot: hotKeys, batchTerms: b) } : []
        logs = (0..<workers).map { _ in DeferredSteps(owners: workers) }
        let grouping = workers > 1
        grouped = OwnedBuffer(repeating: 0, count: grouping ? windowBatches * b : 1, alignment: 64)
        chunkEnds = OwnedBuffer(repeating: 0, count: grouping ? windowBatches * (b + 1) : 1, alignment: 64)
        chunkCounts = OwnedBuffer(repeating: 0, count: windowBatches, alignment: 64)
        deferredAt = OwnedBuffer(repeating: -1, count: hot.keyCount > 0 ? b * workers : 1, alignment: 64)
    }

    /// The largest run of consecutive updates whose terms may act on stale values — a
    /// batch of this scheme, or the updates of P ranks between two asynchronous
    /// exchanges: the automatic batch for `objective` (see ``choose(degrees:terms:batchTerms:hotKeys:)``);
    /// 1 for an objective with no conflict keys (every step touches every coordinate).
    public static func toleratedStaleTerms<O: Objective>(for objective: O) -> Int {
        guard objective.conflictKeyCount > 0 else { return 1 }
        return toleratedStaleTerms(degrees: objective.conflictKeyDegrees(), terms: objective.termCount)
    }

    /// The same from the keys' `degrees` over `terms` terms.
    public static func toleratedStaleTerms(degrees: [Int], terms: Int) -> Int {
        choose(degrees: degrees, terms: terms, batchTerms: nil, hotKeys: nil).batchTerms
    }

    /// The conflict branching a batch may have: B·Σ d(d − 1)/n² over the cold keys.
    static let branching = 0.5
    /// The smallest batch the automatic settings accept before making keys hot.
    static let smallestBatch = 256
    /// The largest automatic batch.
    static let largestBatch = 65_536

    /// B and the hot keys (most frequent first) for keys of `degrees` over `terms`
    /// terms: given values are kept; missing ones follow the branching rule (see
    /// ``ConflictFree``).
    public static func choose(
        degrees: [Int], terms: Int, batchTerms: Int?, hotKeys: Int?
    ) -> (batchTerms: Int, hotKeys: [Int]) {
        let byDegree = degrees.indices.sorted { degrees[$0] != degrees[$1] ? degrees[$0] > degrees[$1] : $0 < $1 }
        // tail[h]: Σ d(d − 1) over the keys left cold when the h most frequent are hot.
        var tail = [Double](repeating: 0, count: byDegree.count + 1)
        for h in stride(from: byDegree.count - 1, through: 0, by: -1) {
            let d = Double(degrees[byDegree[h]])
            tail[h] = tail[h + 1] + d * (d - 1)
        }
        let n = Double(max(terms, 1))
        let ceiling = Double(Self.largestBatch)
        func largestBatch(hot h: Int) -> Int {
            let limit = tail[h] > 0 ? branching * n * n / tail[h] : ceiling
            return Int(min(max(limit, 1), ceiling))
        }
        func fewestHot(for batch: Int) -> Int {
            var h = 0
            while h < byDegree.count && largestBatch(hot: h) < batch { h += 1 }
            return h
        }
        let h: Int
        let b: Int
        switch (batchTerms, hotKeys) {
        case (let given?, let hot?):
            (b, h) = (given, min(hot, byDegree.count))
        case (let given?, nil):
            // The fewest hot keys that keep a batch of the given size (or of the largest
            // automatic size, or of every term, when it is larger) branching below ½.
            (b, h) = (given, fewestHot(for: min(given, Self.largestBatch, max(terms, 1))))
        case (nil, let hot?):
            h = min(hot, byDegree.count)
            b = largestBatch(hot: h)
        case (nil, nil):
            let plain = largestBatch(hot: 0)
            if plain >= smallestBatch {
                (b, h) = (plain, 0)
            } else {
                // A hot key's steps wait up to a batch: keep that lag at 256 updates (the
                // lag hot replicas found stable) and at most 1/16 of the data.
                b = max(1, min(smallestBatch, terms / 16))
                h = fewestHot(for: b)
            }
        }
        return (max(1, min(b, max(terms, 1))), Array(byDegree.prefix(h)))
    }

    /// Empties every worker's log (between batches, while no worker reads them).
    @usableFromInline
    func emptyLogs() { for log in logs { log.count = 0 } }

    /// The epoch's draws when sampling with replacement: `terms` draws from `rng`.
    @usableFromInline
    func draw(terms: Int, using rng: inout Xoshiro256) -> UnsafePointer<UInt32> {
        if drawn == nil { drawn = OwnedBuffer(repeating: 0, count: terms, alignment: 64) }
        let buffer = drawn!.base
        for i in 0..<terms { buffer[i] = UInt32(truncatingIfNeeded: rng.next(below: terms)) }
        return UnsafePointer(buffer)
    }
}

/// The hot keys of a ``ConflictFree`` run and the coordinates they cover.
///
/// ## Concurrency contract
/// Immutable once built.
public final class HotKeys: @unchecked Sendable {
    /// How many keys are hot.
    public let keyCount: Int
    /// How many coordinates they cover.
    public let coordinateCount: Int
    /// Per key: whether it is hot (1) or not (0).
    @usableFromInline let isHotKey: OwnedBuffer<UInt8>
    /// The workers that apply the hot keys' deferred parts, each those of its own keys.
    @usableFromInline let owners: Int
    /// Per coordinate: 0 when no hot key covers it, else 1 + the worker that owns its
    /// key's block.
    @usableFromInline let owner: OwnedBuffer<UInt16>
    /// Per coordinate: 0 when no hot key covers it, else 1 + its key's block. The hot
    /// keys are cut, in order of frequency, into blocks of up to 64 whatever the thread
    /// count (on renumbered data neighbouring coordinates share a block, so two owners
    /// rarely write one cache line); the blocks are dealt out to the owners 0, 1, …,
    /// T − 1, T − 1, …, 0, 0, 1, … so the commonest keys spread. A deferred run that
    /// spans two blocks is split into entries at every thread count, so the arithmetic
    /// does not depend on how many owners there are.
    @usableFromInline let block: OwnedBuffer<UInt32>

    init<O: Objective>(objective: O, keys: [Int], owners: Int) {
        keyCount = keys.count
        self.owners = max(1, min(owners, Int(UInt16.max)))
        let keyFlags = OwnedBuffer<UInt8>(repeating: 0, count: max(1, objective.conflictKeyCount), alignment: 64)
        let size = keys.isEmpty ? 1 : max(1, objective.dimension)
        let coordinateOwner = OwnedBuffer<UInt16>(repeating: 0, count: size, alignment: 64)
        let coordinateBlock = OwnedBuffer<UInt32>(repeating: 0, count: size, alignment: 64)
        var covered = 0
        let blockSize = max(1, min(64, keys.count / 32))
        let n = self.owners
        for (rank, key) in keys.enumerated() {
            keyFlags.base[key] = 1
            let b = rank / blockSize
            let round = b % (2 * n)
            let code = UInt16((round < n ? round : 2 * n - 1 - round) + 1)
            objective.forEachCoordinate(ofConflictKey: key) { range in
                for j in range where coordinateOwner.base[j] == 0 {
                    coordinateOwner.base[j] = code
                    coordinateBlock.base[j] = UInt32(truncatingIfNeeded: b + 1)
                    covered += 1
                }
            }
        }
        coordinateCount = covered
        isHotKey = keyFlags
        owner = coordinateOwner
        block = coordinateBlock
    }
}

/// A worker's scratch for grouping a batch: the union–find over the batch's terms and,
/// per key, one word holding a stamp (high half) and the batch's first term on the key
/// (low half), valid where the stamp is the batch's. A hot key's stamp is ``hotMark``
/// for good. One word a key: a key costs one cache miss, not three.
@usableFromInline
final class GroupingScratch: @unchecked Sendable {
    @usableFromInline let firstTerm: OwnedBuffer<UInt64>
    @usableFromInline let parent: OwnedBuffer<Int32>
    @usableFromInline let cursor: OwnedBuffer<Int32>
    @usableFromInline var currentStamp: UInt32 = 0
    /// The stamp of a hot key, which no batch's stamp reaches.
    @usableFromInline static var hotMark: UInt32 { .max }

    init(keys: Int, hot: HotKeys, batchTerms: Int) {
        firstTerm = OwnedBuffer(repeating: 0, count: max(1, keys), alignment: 64)
        for k in 0..<keys where hot.isHotKey.base[k] != 0 {
            firstTerm.base[k] = UInt64(Self.hotMark) << 32
        }
        parent = OwnedBuffer(repeating: 0, count: batchTerms, alignment: 64)
        cursor = OwnedBuffer(repeating: 0, count: batchTerms, alignment: 64)
    }

    /// A fresh stamp (the key map forgets the last batch without a pass over it).
    @inlinable
    func nextStamp() -> UInt32 {
        currentStamp &+= 1
        if currentStamp == Self.hotMark {
            for k in 0..<firstTerm.count where UInt32(firstTerm.base[k] >> 32) != Self.hotMark {
                firstTerm.base[k] = 0
            }
            currentStamp = 1
        }
        return currentStamp
    }
}

/// A worker's deferred step parts of one batch, as 32-bit words: per term its
/// index, entry and run counts, the entries (coordinate, value, decay), the runs
/// (start, length) and the runs' values.
///
/// ## Concurrency contract
/// Written by its worker while it steps a batch; read by every worker while they apply
/// the batch's deferred parts (each its own keys'), and emptied at the barrier after.
@usableFromInline
final class DeferredSteps: @unchecked Sendable {
    @usableFromInline var words: UnsafeMutablePointer<UInt32>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    /// Scratch while a term is split: per owner, its counts and write cursors.
    @usableFromInline let tally: UnsafeMutablePointer<Int>

    init(owners: Int) {
        capacity = 1024
        words = .allocate(capacity: capacity)
        tally = .allocate(capacity: 6 * max(1, owners))
    }
    deinit {
        words.deallocate()
        tally.deallocate()
    }

    /// Room for `extra` more words.
    @inlinable
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(2 * capacity, count + extra)
        let fresh = UnsafeMutablePointer<UInt32>.allocate(capacity: grown)
        fresh.update(from: words, count: count)
        words.deallocate()
        words = fresh
        capacity = grown
    }
}

extension Objective {
    /// How many terms name each conflict key (one pass over the terms).
    public func conflictKeyDegrees() -> [Int] {
        var degrees = [Int](repeating: 0, count: max(0, conflictKeyCount))
        guard !degrees.isEmpty else { return degrees }
        degrees.withUnsafeMutableBufferPointer { d in
            for e in 0..<termCount { forEachConflictKey(of: e) { d[$0] += 1 } }
        }
        return degrees
    }
}
