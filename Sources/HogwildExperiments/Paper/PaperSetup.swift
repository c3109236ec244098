import HogwildCore

/// How big the paper's experiments are run: `quick` finishes `reproduce all` in a few
/// minutes on 2 cores; `manycore` runs the figures at every power-of-two thread count
/// in a few minutes on a 16-core machine (`experiments/manycore.sh`); `full` is the
/// paper's 20 epochs on larger sets, for a 16-core machine with time to spare.
public enum PaperScale: String, Sendable, Codable, CaseIterable {
    case quick, manycore, full
}

/// Sizes, thread counts and epochs of one reproduction.
public struct PaperSetup: Sendable, Codable {
    public var scale: PaperScale
    /// Thread counts of the speedup figures (powers of two up to the cores).
    public var threads: [Int]
    /// Threads of Table 2's runs (all cores; the paper used 10).
    public var tableThreads: Int
    /// Epochs of Table 2 (the paper's 20) and of the speedup figures.
    public var tableEpochs: Int
    public var figureEpochs: Int
    public var repeats: Int
    /// Size of each synthetic set relative to the paper's.
    public var sizes: [SyntheticData: Double]
    /// Delays of the delay experiment (ns).
    public var delays: [Int]
    /// Serial seconds each delay point aims for (its row count is chosen to fit).
    public var delayBudgetSeconds: Double

    public static func make(_ scale: PaperScale, cores: Int) -> PaperSetup {
        var powers = [1]
        while powers.last! * 2 <= cores { powers.append(powers.last! * 2) }
        if powers.last! != cores { powers.append(cores) }
        switch scale {
        case .quick:
            let threads = powers.filter { $0 <= 4 }
            return PaperSetup(
                scale: .quick, threads: threads, tableThreads: threads.last!, tableEpochs: 20,
                figureEpochs: 4, repeats: 3,
                sizes: [
                    .rcv1: SyntheticData.rcv1.quickScale, .netflix: 0.006, .kdd: 0.0024, .jumbo: 0.0003,
                    .abdomen: 0.001, .dblife: 0.3,
                ],
                delays: [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000], delayBudgetSeconds: 0.12)
        case .manycore:
            // The quick sets at every power-of-two thread count: the slow schemes (RR,
            // locked SGD) take about serial time at every count, so the cells add up to
            // roughly twice the quick run's time on 16 cores.
            return PaperSetup(
                scale: .manycore, threads: powers, tableThreads: cores, tableEpochs: 20, figureEpochs: 4,
                repeats: 2,
                sizes: [
                    .rcv1: SyntheticData.rcv1.quickScale, .netflix: 0.006, .kdd: 0.0024, .jumbo: 0.0003,
                    .abdomen: 0.001, .dblife: 0.3,
                ],
                delays: [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000], delayBudgetSeconds: 0.12)
        case .full:
            return PaperSetup(
                scale: .full, threads: powers, tableThreads: cores, tableEpochs: 20, figureEpochs: 20,
                repeats: 3,
                sizes: [.rcv1: 1, .netflix: 0.1, .kdd: 0.04, .jumbo: 0.005, .abdomen: 0.05, .dblife: 1],
                delays: [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000], delayBudgetSeconds: 3)
        }
    }

    /// The workload of one of the paper's data sets at this setup's size.
    public func spec(_ data: SyntheticData) -> WorkloadSpec {
        let kind = data.workload
        var spec = WorkloadSpec(kind: kind, source: .synthetic(data, scale: sizes[data]))
        // Train/test errors as in Table 2: hold out a tenth of the SVM's and MC's data.
        if kind != .cuts { spec.testFraction = 0.1 }
        return spec
    }
}
