import HogwildSupport

/// The conflict keys (``Objective/forEachConflictKey(of:_:)``) that a run's steps have
/// touched since an exchange last asked, recorded by the workers as they step, so that
/// an exchange with other copies of the parameters costs what changed rather than the
/// vector's length.
///
/// Each worker marks its own bitmap and list (no shared cache line is written in the
/// loop): a key's first mark since the last drain sets its bit and appends it, later
/// marks find the bit set. ``drainRanges(into:)``, between rounds, merges the workers'
/// lists, clears their bits and turns the keys into coordinate ranges — O(keys
/// touched), whatever the dimension.
///
/// ```swift
/// let touched = TouchedKeys(objective: objective, workers: 4)!
/// touched.mark(key, worker: 0)                  // in a worker's loop
/// var ranges: [Range<Int>] = []
/// if touched.drainRanges(into: &ranges) { … }   // between rounds: what changed
/// ```
///
/// ## Concurrency contract
/// Worker w calls ``mark(_:worker:)`` with its own index only, while it runs; the
/// drain, ``markEverything()`` and everything else run on the trainer's thread while
/// the workers are idle (the pool's dispatch and wait order the two).
public final class TouchedKeys: @unchecked Sendable {
    public let keyCount: Int
    @usableFromInline let workers: Int
    /// 64-bit words of one worker's bitmap, rounded up to a cache line.
    @usableFromInline let wordsPerWorker: Int
    @usableFromInline let bits: OwnedBuffer<UInt64>
    /// Worker w's keys, in the order first marked, at w × keyCount.
    @usableFromInline let lists: OwnedBuffer<UInt32>
    /// Worker w's list length at w × 8 (a cache line each).
    @usableFromInline let counts: OwnedBuffer<Int>
    /// The drain's union of the workers' marks.
    let merged: OwnedBuffer<UInt64>
    var keys: [UInt32] = []
    /// Whether something other than the steps rewrote the parameters (a restored
    /// snapshot): the next drain says everything may have changed.
    var everything = false
    let coordinates: @Sendable (Int, (Range<Int>) -> Void) -> Void
    /// How many consecutive updates of the whole job may act on stale values before the
    /// run suffers (``ConflictFreePlan/toleratedStaleTerms(for:)``): what an
    /// asynchronous exchange's interval is held to. 1 when not known.
    public let toleratedStaleTerms: Int
    /// How many of the copy's terms name each key (empty when not known).
    public let degrees: [Int]

    /// Records for `workers` workers over `keyCount` keys whose coordinates
    /// `coordinates(key, body)` names; nil when there are no keys (every step of such
    /// an objective may touch any coordinate) or more than 2³² of them.
    public init?(
        keyCount: Int, workers: Int, toleratedStaleTerms: Int = 1, degrees: [Int] = [],
        coordinates: @escaping @Sendable (Int, (Range<Int>) -> Void) -> Void
    ) {
        self.toleratedStaleTerms = max(1, toleratedStaleTerms)
        self.degrees = degrees
        guard keyCount > 0, keyCount <= Int(UInt32.max), workers > 0 else { return nil }
        self.keyCount = keyCount
        self.workers = workers
        wordsPerWorker = ((keyCount + 63) / 64 + 7) / 8 * 8
        bits = OwnedBuffer(repeating: 0, count: workers * wordsPerWorker, alignment: 64)
        lists = OwnedBuffer(repeating: 0, count: workers * keyCount, alignment: 64)
        counts = OwnedBuffer(repeating: 0, count: workers * 8, alignment: 64)
        merged = OwnedBuffer(repeating: 0, count: wordsPerWorker, alignment: 64)
        self.coordinates = coordinates
    }

    /// Records for `objective`'s conflict keys; nil when it has none.
    public convenience init?<O: Objective>(objective: O, workers: Int) {
        guard objective.conflictKeyCount > 0 else { return nil }
        let degrees = objective.conflictKeyDegrees()
        self.init(
            keyCount: objective.conflictKeyCount, workers: workers,
            toleratedStaleTerms: ConflictFreePlan.toleratedStaleTerms(degrees: degrees, terms: objective.termCount),
            degrees: degrees
        ) { key, body in
            objective.forEachCoordinate(ofConflictKey: key, body)
        }
    }

    /// Worker `worker` touched key `key`.
    @inlinable @inline(__always)
    public func mark(_ key: Int, worker: Int) {
        let word = bits.base + (worker &* wordsPerWorker &+ key &>> 6)
        let bit = UInt64(1) &<< UInt64(key & 63)
        guard word.pointee & bit == 0 else { return }
        word.pointee |= bit
        let count = counts.base + (worker &* 8)
        lists.base[worker &* keyCount &+ count.pointee] = UInt32(truncatingIfNeeded: key)
        count.pointee &+= 1
    }

    /// Worker `worker` stepped term `term` of `objective`: marks its keys.
    @inlinable @inline(__always)
    public func mark<O: Objective>(term: Int, of objective: O, worker: Int) {
        objective.forEachConflictKey(of: term) { mark($0, worker: worker) }
    }

    /// Replaces `keys` with every key touched since the last drain, each once, in no
    /// particular order (sorting them cost a fifth of an asynchronous exchange), and
    /// forgets the marks. Returns false when everything may have changed since.
    public func drainKeys(into keys: inout [UInt32]) -> Bool {
        keys.removeAll(keepingCapacity: true)
        for w in 0..<workers {
            let row = bits.base + w * wordsPerWorker, list = lists.base + w * keyCount
            let count = counts.base + w * 8
            for i in 0..<count.pointee {
                let key = Int(list[i])
                row[key >> 6] = 0  // every bit set in the row is in the list
                let bit = UInt64(1) << UInt64(key & 63)
                if merged.base[key >> 6] & bit == 0 {
                    merged.base[key >> 6] |= bit
                    keys.append(list[i])
                }
            }
            count.pointee = 0
        }
        for key in keys { merged.base[Int(key) >> 6] = 0 }
        if everything {
            everything = false
            keys.removeAll(keepingCapacity: true)
            return false
        }
        return true
    }

    /// Calls `body` with the coordinate ranges of key `key`.
    public func forEachCoordinate(ofKey key: Int, _ body: (Range<Int>) -> Void) {
        coordinates(key, body)
    }

    /// The next drain reports everything (the parameters were rewritten wholesale).
    public func markEverything() { everything = true }

    /// Replaces `ranges` with the coordinate ranges of every key touched since the last
    /// drain (disjoint, since keys are; in no particular order) and forgets the marks.
    /// Returns false (and leaves `ranges` empty) when everything may have changed since.
    public func drainRanges(into ranges: inout [Range<Int>]) -> Bool {
        ranges.removeAll(keepingCapacity: true)
        guard drainKeys(into: &keys) else { return false }
        for key in keys {
            coordinates(Int(key)) { range in
                if !range.isEmpty { ranges.append(range) }
            }
        }
        return true
    }
}
