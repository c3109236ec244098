import Testing
@testable import HogwildCore

/// Contention tests: many workers, a tiny shared dimension, every update counted.
@Suite(.timeLimit(.minutes(2))) struct SchemeTests {
    static let exactSchemes: [SchemeKind] = [.hogwildAtomic, .coordinateLocks, .roundRobin, .globalLock]

    @Test(arguments: exactSchemes)
    func exactSchemesLoseNoUpdateUnderContention(_ scheme: SchemeKind) throws {
        let objective = CountingObjective(termCount: 40_000, dimension: 2, width: 2)
        let config = TrainingConfiguration(threads: 8, epochs: 2, schedule: .constant(1), seed: 3)
        let (report, x) = try train(objective, scheme, config)
        // Every term adds 1 to both coordinates, every epoch: exact in Float below 2^24.
        #expect(x.copyOut() == [80_000, 80_000])
        #expect(report.updates == 80_000)
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
        #expect(x[0] == x[0].rounded())
    }

    @Test(arguments: [SchemeKind.coordinateLocks, .roundRobin])
    func waitingSchemesDoNotDeadlockWithManyThreadsAndUnequalShares(_ scheme: SchemeKind) throws {
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
        for scheme in SchemeKind.allCases {
            let config = TrainingConfiguration(threads: 8, epochs: 2, schedule: .constant(1))
            let (_, x) = try train(objective, scheme, config)
            #expect(x.copyOut().reduce(0, +) == 6, "\(scheme)")
        }
    }

    @Test func stripedLocksCoverLargeDimensionsWithBoundedMemory() {
        let small = StripedSpinLocks(dimension: 1000)
        #expect(small.shift == 0 && small.count == 1000)
        let large = StripedSpinLocks(dimension: 5_000_000)
        #expect(large.count <= StripedSpinLocks.maximumLocks)
        #expect(large.stripe(of: 4_999_999) < large.count)
        // Monotone: ascending coordinates give ascending stripes (deadlock freedom).
        #expect(large.stripe(of: 10) <= large.stripe(of: 11))
    }
}
