import Foundation
import Testing
import HogwildTestSupport
@testable import HogwildCore

/// Contention tests: many workers, a tiny shared dimension, every update counted.
/// The time limit guards against a deadlock only: it is far above what any test takes
/// on a loaded machine (2 minutes was exceeded with the suite run beside two builds).
@Suite(.timeLimit(.minutes(10))) struct SchemeTests {
    static let exactSchemes: [SchemeChoice] = [.hogwildAtomic, .coordinateLocks, .roundRobin, .globalLock]

    @Test(arguments: exactSchemes)
    func exactSchemesLoseNoUpdateUnderContention(_ scheme: SchemeChoice) throws {
        let objective = CountingObjective(termCount: 40_000, dimension: 2, width: 2)
        let config = TrainingConfiguration(threads: 8, epochs: 2, schedule: .constant(1), seed: 3)
        let (report, x) = try train(objective, scheme, config)
        // Every term adds 1 to both coordinates, every epoch: exact in Float below 2^24.
        #expect(x.copyOut() == [80_000, 80_000])
        #expect(report.updates == 80_000)
    }

    @Test(arguments: exactSchemes)
    func exactSchemesLoseNoUpdateOfDenseRuns(_ scheme: SchemeChoice) throws {
        // Runs of 24 consecutive coordinates over 32: every term's run overlaps others',
        // and the bulk writes of each scheme must still count every step.
        let objective = CountingObjective(termCount: 8_000, dimension: 32, width: 24, asRuns: true)
        let config = TrainingConfiguration(threads: 8, epochs: 1, schedule: .constant(1), seed: 5)
        let (_, x) = try train(objective, scheme, config)
        var expected = [Float](repeating: 0, count: 32)
        for term in 0..<8_000 { for c in objective.coordinates(of: term) { expected[c] += 1 } }
        #expect(x.copyOut() == expected)
    }

    @Test func hogwildAtomicLosesNothingOnASingleHotCoordinate() throws {
        let objective = CountingObjective(termCount: 200_000, dimension: 1, width: 1)
        let config = TrainingConfiguration(threads: 8, epochs: 1, schedule: .constant(1), sampling: .withReplacement)
        let (_, x) = try train(objective, .hogwildAtomic, config)
        #expect(x[0] == 200_000)
    }

    @Test func plainHogwildNeverInventsUpdates() throws {
        // Lost updates are allowed; extra ones would mean a torn or duplicated write.
        let objective = CountingObjective(termCount: 100_000, dimension: 1, width: 1)
        let config = TrainingConfiguration(threads: 8, epochs: 1, schedule: .constant(1))
        let (_, x) = try train(objective, .hogwild, config)
        #expect(x[0] <= 100_000)
        #expect(x[0] > 0)
    }

    @Test(arguments: [SchemeChoice.coordinateLocks, .roundRobin])
    func waitingSchemesDoNotDeadlockWithManyThreadsAndUnequalShares(_ scheme: SchemeChoice) throws {
        // 16 workers on a 2-core machine, 3 coordinates, terms of width 1..3, and a
        // term count not divisible by 16 so shares differ: must finish, exactly.
        for width in 1...3 {
            let objective = CountingObjective(termCount: 10_007, dimension: 3, width: width)
            let config = TrainingConfiguration(threads: 16, epochs: 3, schedule: .constant(1), seed: UInt64(width))
            let (_, x) = try train(objective, scheme, config)
            #expect(x.copyOut().reduce(0, +) == Float(10_007 * 3 * width))
        }
    }

    @Test func moreWorkersThanTermsStillFinish() throws {
        let objective = CountingObjective(termCount: 3, dimension: 2, width: 1)
        for scheme in SchemeChoice.all {
            let config = TrainingConfiguration(threads: 8, epochs: 2, schedule: .constant(1))
            let (_, x) = try train(objective, scheme, config)
            #expect(x.copyOut().reduce(0, +) == 6, "\(scheme)")
        }
    }

    @Test func stripedLocksCoverLargeDimensionsWithBoundedMemory() {
        let small = StripedSpinLocks(dimension: 1000)
        #expect(small.shift == 4 && small.count == 63, "one lock per 16 coordinates (a cache line)")
        #expect(small.stripe(of: 15) == 0 && small.stripe(of: 16) == 1 && small.stripe(of: 999) == 62)
        let large = StripedSpinLocks(dimension: 5_000_000)
        #expect(large.count <= StripedSpinLocks.maximumLocks)
        #expect(large.stripe(of: 4_999_999) == large.count - 1)
        #expect(large.stripe(of: 0) == 0)
    }

    @Test func aStepTakesEachStripeOnceInAscendingOrderAndReleasesThem() throws {
        // Entries and runs out of order, overlapping stripes: the lock set sorts and
        // merges them (deadlock freedom needs ascending order, and a spinlock taken
        // twice by one worker would never be released).
        // Stripes of 16 coordinates: 70 → 4, 3 → 0, 60..<75 → 3...4, 2..<5 → 0, 200 → 12, 99 → 6.
        let set = StripeLockSet(locks: StripedSpinLocks(dimension: 400), workers: 1)
        var gradient = TermGradient(dimension: 400)
        defer { gradient.deallocate() }
        gradient.add(70, 1)
        gradient.add(3, 1)
        gradient.addRun(start: 60, count: 15).initialize(repeating: 1)
        gradient.addRun(start: 2, count: 3).initialize(repeating: 1)
        gradient.add(200, 1)
        gradient.add(99, 1)
        let held = set.lock(gradient, worker: 0)
        let intervals = (0..<held.count).map { (held.intervals[2 * $0], held.intervals[2 * $0 + 1]) }
        #expect(intervals.map(\.0) == [0, 3, 6, 12] && intervals.map(\.1) == [0, 4, 6, 12])
        let stripes = set.locks.count
        let locked = (0..<stripes).filter { set.locks.locks[$0].load(ordering: .relaxed) != 0 }
        #expect(locked == [0, 3, 4, 6, 12])
        set.unlock(held)
        #expect((0..<stripes).allSatisfy { set.locks.locks[$0].load(ordering: .relaxed) == 0 })
    }

    @Test func schemesGoByTheSameNamesInCodeAsInTheEnumAndOnTheCommandLine() throws {
        // Exact schemes at 4 threads count every update, so both entry points must land on
        // the same totals whichever spelling picked the scheme.
        let objective = CountingObjective(termCount: 4_000, dimension: 3, width: 2)
        let config = TrainingConfiguration(threads: 4, epochs: 1, schedule: .constant(1), seed: 9)
        let byValue = try SharedParameters(count: 3)
        let report = try Trainer(objective: objective, scheme: .globalLock, configuration: config).run(on: byValue)
        let byEnum = try SharedParameters(count: 3)
        _ = try AnyTrainer(objective: objective, scheme: .globalLock, configuration: config).run(on: byEnum)
        #expect(report.scheme == .globalLock && byValue.copyOut() == byEnum.copyOut())
        #expect(byValue.copyOut().reduce(0, +) == 8_000)
        // Every scheme of the catalog is found by its name and its aliases, and a choice
        // of it survives a round trip through its JSON.
        for rule in SchemeCatalog.rules {
            for spelling in [rule.kind.rawValue, rule.kind.rawValue.uppercased()] + rule.aliases {
                #expect(try SchemeKind(parsing: spelling) == rule.kind, "\(spelling)")
            }
            let choice = SchemeChoice(rule.kind)
            let decoded = try JSONDecoder().decode(SchemeChoice.self, from: JSONEncoder().encode(choice))
            #expect(decoded == choice && decoded.kind == rule.kind)
        }
        #expect(Set(SchemeCatalog.rules.map { $0.kind }).count == SchemeCatalog.rules.count, "names are unique")
        #expect(Set(SchemeCatalog.rules.map { $0.figureColor }).count == SchemeCatalog.rules.count, "colours too")
    }
}
