import HogwildCore
import Testing

/// TouchedKeys: what the workers mark comes out once, in order, as merged coordinate
/// ranges, and is forgotten; a wholesale rewrite says "everything".
@Suite struct TouchedKeysTests {
    /// Key k covers coordinates [3k, 3k + 3), except every fifth key, which covers none.
    static func keys(_ count: Int, workers: Int) -> TouchedKeys {
        TouchedKeys(keyCount: count, workers: workers) { key, body in
            if key % 5 != 4 { body((3 * key)..<(3 * key + 3)) }
        }!
    }

    @Test func marksFromSeveralWorkersComeOutOnceAsRanges() {
        let touched = Self.keys(1_000, workers: 3)
        for (worker, key) in [(0, 7), (1, 7), (2, 5), (0, 6), (1, 900), (2, 4), (0, 0), (2, 7)] {
            touched.mark(key, worker: worker)
        }
        var keys: [UInt32] = []
        #expect(touched.drainKeys(into: &keys))
        #expect(keys.sorted() == [0, 4, 5, 6, 7, 900])
        // Forgotten: a second drain finds nothing.
        #expect(touched.drainKeys(into: &keys) && keys.isEmpty)
        for key in [7, 5, 6, 0, 900, 4] { touched.mark(key, worker: key % 3) }
        var ranges: [Range<Int>] = []
        #expect(touched.drainRanges(into: &ranges))
        // Key 4 covers nothing.
        #expect(ranges.sorted { $0.lowerBound < $1.lowerBound } == [0..<3, 15..<18, 18..<21, 21..<24, 2_700..<2_703])
    }

    @Test func manyKeysFromManyWorkersComeOutOnce() {
        let touched = Self.keys(640, workers: 2)
        let marked = Set((0..<640).filter { $0 % 3 == 0 || $0 % 7 == 1 })
        for key in marked.shuffled() { touched.mark(key, worker: key % 2) }
        var keys: [UInt32] = []
        #expect(touched.drainKeys(into: &keys))
        #expect(keys.count == marked.count && keys.sorted() == marked.sorted().map(UInt32.init))
        #expect(touched.drainKeys(into: &keys) && keys.isEmpty)
    }

    @Test func aWholesaleRewriteReportsEverythingOnce() {
        let touched = Self.keys(100, workers: 1)
        touched.mark(3, worker: 0)
        touched.markEverything()
        var ranges: [Range<Int>] = [0..<1]
        #expect(!touched.drainRanges(into: &ranges))
        #expect(ranges.isEmpty)
        touched.mark(3, worker: 0)
        #expect(touched.drainRanges(into: &ranges))
        #expect(ranges == [9..<12])
    }

    @Test func anObjectiveWithoutKeysRecordsNothing() {
        #expect(TouchedKeys(keyCount: 0, workers: 2) { _, _ in } == nil)
    }
}
