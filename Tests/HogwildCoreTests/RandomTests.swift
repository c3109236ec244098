@testable import HogwildCore
import HogwildSupport
import HogwildTestSupport
import Testing

@Suite struct RandomTests {
    @Test func xoshiroIsDeterministicForASeed() {
        var a = Xoshiro256(seed: 9), b = Xoshiro256(seed: 9), c = Xoshiro256(seed: 10)
        let sa = (0..<8).map { _ in a.next() }
        #expect(sa == (0..<8).map { _ in b.next() })
        #expect(sa != (0..<8).map { _ in c.next() })
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var rng = Xoshiro256(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let v = rng.next(below: 10)
            #expect(v >= 0 && v < 10)
            seen.insert(v)
        }
        #expect(seen.count == 10)
    }

    @Test func unitFloatsAreInHalfOpenInterval() {
        var rng = Xoshiro256(seed: 2)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = rng.nextUnitFloat()
            #expect(u >= 0 && u < 1)
            sum += Double(u)
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
    }

    @Test func derivedWorkerSeedsAreDistinct() {
        let seeds = (0..<64).map { SplitMix64.derive(seed: 1, stream: UInt64($0)) }
        #expect(Set(seeds).count == 64)
        #expect(SplitMix64.derive(seed: 1, stream: 0) != SplitMix64.derive(seed: 2, stream: 0))
    }

    @Test func parallelSumIsDeterministicAndExact() {
        let n = 100_003
        let total = ParallelSum.sum(count: n) { Double($0) }
        #expect(total == Double(n - 1) * Double(n) / 2)
        #expect(ParallelSum.sum(count: n) { 1 / Double($0 + 1) } == ParallelSum.sum(count: n) { 1 / Double($0 + 1) })
    }
}
