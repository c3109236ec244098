import Testing

@testable import HogwildDistributed

/// The automatic exchange interval: held to the staleness the workload tolerates, and
/// after an epoch the smallest interval whose exchanges take at most a tenth of the time.
@Suite struct ExchangeIntervalTests {
    @Test func theCeilingIsTheToleratedStalenessSharedByTheRanks() {
        #expect(ExchangeInterval.asyncCeiling(tolerated: 1_033, ranks: 4) == 258)
        #expect(ExchangeInterval.asyncCeiling(tolerated: 1, ranks: 8) == 1)
        let interval = ExchangeInterval(ceiling: 258)
        #expect(interval.updates == 258)
        #expect(interval.rounds(terms: 250_000) == 969)
        #expect(interval.rounds(terms: 10) == 1)
    }

    @Test func cheapExchangesComeOftenerExpensiveOnesStopAtTheCeiling() {
        var interval = ExchangeInterval(ceiling: 1_000)
        // 100 exchanges took 0.01 s; 100,000 updates took 1 s: an exchange costs as much as
        // 10 updates, so every 100 updates keeps them at a tenth of the time.
        interval.measured(exchangeSeconds: 0.01, exchanges: 100, trainingSeconds: 1, updates: 100_000)
        #expect(interval.updates == 100)
        // Dearer exchanges (each 20,000 updates' worth): held to the ceiling.
        interval.measured(exchangeSeconds: 2, exchanges: 100, trainingSeconds: 1, updates: 100_000)
        #expect(interval.updates == 1_000)
        // Nothing measured (no exchange, or no time): unchanged.
        interval.measured(exchangeSeconds: 0, exchanges: 0, trainingSeconds: 1, updates: 100)
        #expect(interval.updates == 1_000)
    }
}
