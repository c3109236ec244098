import HogwildCore
import HogwildData
import HogwildModels
import HogwildSupport

/// The paper's table and figures, each a function of a ``PaperSetup``:
///
/// | recipe | the paper's | what it runs |
/// |---|---|---|
/// | ``table2(setup:progress:)`` | Table 2 | HOGWILD! and RR for 20 epochs on every problem; ρ, Δ, times, errors |
/// | ``figure3(setup:progress:)`` | Figure 3 | speedup vs threads on the sparse problems: RCV1, Abdomen, DBLife |
/// | ``figure4(setup:progress:)`` | Figure 4 | speedup vs threads on matrix completion: Netflix, KDD, Jumbo |
/// | ``figure5(setup:progress:)`` | Figure 5 | the delay experiment: speedup vs an artificial delay per RCV1 gradient |
///
/// Every speedup figure draws HOGWILD!, AIG, RR, locked SGD and HOGWILD! with hot
/// replicas, with an ideal-linear line.
/// Recipes run in one process share their data through a ``WorkloadCache``: each
/// synthetic set is generated once.
public enum PaperRecipes {
    public static let figureSchemes: [SchemeChoice] = [
        .hogwild, .coordinateLocks, .roundRobin, .globalLock,
        .hotReplicas(HotReplicaSettings()),
        .conflictFree(),
    ]

    /// Table 2: one row per problem.
    public static func table2(
        setup: PaperSetup, cache: WorkloadCache = WorkloadCache(),
        progress: (String) -> Void = { _ in }
    ) throws -> Table2Result {
        var rows: [Table2Row] = []
        for paper in PaperNumbers.table2 {
            let workload = try cache.workload(setup.spec(paper.data))
            progress("table 2: \(paper.problem): \(workload.summary)")
            let stats = workload.statistics()
            let config = workload.defaultConfiguration(threads: setup.tableThreads, epochs: setup.tableEpochs)
            var quiet = config
            quiet.evaluateEveryEpoch = false
            quiet.divergence.policy = .record
            let hogwild = try workload.run(scheme: .hogwild, configuration: quiet)
            progress("  HOGWILD! \(setup.tableThreads) threads: " + String(printf: "%.3f s", hogwild.report.seconds))
            let roundRobin = try workload.run(scheme: .roundRobin, configuration: quiet)
            progress("  RR \(setup.tableThreads) threads: " + String(printf: "%.3f s", roundRobin.report.seconds))
            rows.append(
                Table2Row(
                    paper: paper, data: workload.summary, rho: stats.rho, delta: stats.delta,
                    rhoIsExact: stats.rhoIsExact, hogwildSeconds: hogwild.report.seconds,
                    quality: quality(hogwild.metrics, kind: paper.kind),
                    roundRobinSeconds: roundRobin.report.seconds,
                    initialObjective: hogwild.report.initialObjective,
                    finalObjective: hogwild.report.finalObjective))
        }
        return Table2Result(setup: setup, machine: .current(), rows: rows)
    }

    /// "train / test" in the paper's terms: classification error for the SVM, RMSE for
    /// matrix completion, the rounded cut for cuts.
    static func quality(_ metrics: [String: Double], kind: WorkloadSpec.Kind) -> String {
        func f(_ key: String) -> String { metrics[key].map { String(printf: "%.3f", $0) } ?? "—" }
        switch kind {
        case .svm, .logistic: return "\(f("train_error")) / \(f("test_error"))"
        case .leastSquares, .mc: return "\(f("train_rmse")) / \(f("test_rmse"))"
        case .cuts: return metrics["cut"].map { String(printf: "%.4g", $0) } ?? "—"
        case .mlp, .cnn, .softmax, .autoencoder, .lstm, .gru, .rnn:
            return ["test_accuracy", "test_auc", "test_bits_per_char"].compactMap { key in
                metrics[key].map { "\(key) \(String(printf: "%.3f", $0))" }
            }.first ?? "—"
        }
    }

    /// A speedup sweep per data set.
    static func speedups(
        _ data: [SyntheticData], setup: PaperSetup, cache: WorkloadCache,
        progress: (String) -> Void
    ) throws -> [SweepResult] {
        try data.map { name in
            let workload = try cache.workload(setup.spec(name))
            progress("\(name.paperName)-shaped: \(workload.summary)")
            let plan = SweepPlan(
                threads: setup.threads, schemes: figureSchemes, repeats: setup.repeats,
                epochs: setup.figureEpochs, schedule: workload.defaultSchedule)
            return try Sweep.run(workload, plan: plan, progress: progress)
        }
    }

    public static func figure3(
        setup: PaperSetup, cache: WorkloadCache = WorkloadCache(),
        progress: (String) -> Void = { _ in }
    ) throws -> [SweepResult] {
        try speedups([.rcv1, .abdomen, .dblife], setup: setup, cache: cache, progress: progress)
    }

    public static func figure4(
        setup: PaperSetup, cache: WorkloadCache = WorkloadCache(),
        progress: (String) -> Void = { _ in }
    ) throws -> [SweepResult] {
        try speedups([.netflix, .kdd, .jumbo], setup: setup, cache: cache, progress: progress)
    }

    /// The delay experiment: at each delay, the first rows of the RCV1-shaped set, as
    /// many as make the serial epoch take about the setup's budget; one epoch, serial
    /// vs `threads` threads.
    public static func figure5(
        setup: PaperSetup, cache: WorkloadCache = WorkloadCache(),
        progress: (String) -> Void = { _ in }
    ) throws -> SweepResult {
        let threads = setup.threads.last!
        let schemes: [SchemeChoice] = [.hogwild, .coordinateLocks, .roundRobin]
        var parts: [SweepResult] = []
        guard let full = try cache.workload(setup.spec(.rcv1)) as? LinearWorkload else {
            throw WorkloadError.dataDoesNotFitModel(data: "rcv1", model: "svm")
        }
        for delay in setup.delays {
            // ~0.5 µs a gradient of its own, plus the delay.
            let perGradient = 5e-7 + Double(delay) * 1e-9
            let rows = max(200, min(full.data.rowCount, Int(setup.delayBudgetSeconds / perGradient)))
            let data = try full.data.subset(0..<rows)
            let workload = try LinearWorkload(
                spec: full.spec, summary: "the first \(rows) rows of \(full.summary)",
                objective: .svm(try SparseSVM(data: data, regularization: LinearRegularization())), test: nil,
                schedule: full.defaultSchedule)
            let plan = SweepPlan(
                threads: [1, threads], schemes: schemes, repeats: setup.repeats, epochs: 1,
                schedule: workload.defaultSchedule, delays: [delay])
            progress("delay \(delay) ns: \(workload.summary)")
            parts.append(try Sweep.run(workload, plan: plan, progress: progress))
        }
        var merged = Sweep.merge(parts)
        merged.workload.summary =
            "RCV1-shaped SVM, \(threads) threads; rows per delay chosen so a serial epoch takes ≈ "
            + "\(setup.delayBudgetSeconds) s"
        return merged
    }
}
