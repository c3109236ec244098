import Foundation
import Hogwild

/// Measures one workload: every scheme × thread count through the harness's own
/// sweep (``Sweep``), `repeats` times, with the C++ peer for that workload (SVM or
/// matrix completion) run on the same data between repeats.
struct WorkloadBenchmark {
    var spec: WorkloadSpec
    var epochs: Int
    var threads: [Int]
    var schemes: [SchemeChoice]
    var optimizer: OptimizerChoice
    var step: Float?
    var decay: Float?
    var repeats: Int
    var seed: UInt64
    var peers: Peers
    var log: @Sendable (String) -> Void

    /// The C++ peers, when given.
    struct Peers {
        var svm: PeerRunner?
        var mc: PeerRunner?
    }

    func run() throws -> [BenchmarkRecord] {
        let workload = try WorkloadCatalog.make(spec)
        log("\(workload.name): \(workload.summary), \(workload.memoryFootprint / 1_000_000) MB")
        var schedule = workload.defaultSchedule(for: optimizer)
        if let step { schedule = .epochDecay(initial: step, factor: decay ?? 0.9) } else if let decay {
            schedule = .epochDecay(initial: schedule.initial, factor: decay)
        }
        let directory = NSTemporaryDirectory() + "hogwild-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let peer = try PeerRun(workload: workload, peers: peers, directory: directory, log: log)
        if let peer, peer.kind == .mc, case .epochDecay(_, let b) = schedule, b != 0.9 {
            log("the C++ matrix-completion peer decays its step by 0.9 an epoch only: not run at --decay \(b)")
        }

        var parts: [SweepResult] = []
        var peerRuns: [String: [PeerRunner.Result]] = [:]
        for repeatIndex in 0..<repeats {
            if let peer, case .epochDecay(let g, let b) = schedule, optimizer == .sgd, peer.kind != .mc || b == 0.9 {
                for (scheme, lock) in [(SchemeChoice.hogwild, false), (.globalLock, true)] where schemes.contains(scheme) {
                    log("repeat \(repeatIndex + 1)/\(repeats): C++ peer \(scheme), threads \(threads)")
                    for result in try peer.run(threads: threads, epochs: epochs, step: g, decay: b, lock: lock) {
                        peerRuns["\(scheme)/\(result.threads)", default: []].append(result)
                    }
                }
            }
            let plan = SweepPlan(threads: threads, schemes: schemes, optimizer: optimizer, epochs: epochs,
                                 schedule: schedule, seed: seed &+ UInt64(repeatIndex), evaluateEveryEpoch: false)
            parts.append(try Sweep.run(workload, plan: plan) { self.log("repeat \(repeatIndex + 1)/\(self.repeats): \($0)") })
        }
        let sweep = Sweep.merge(parts, asRepeats: true)

        var records: [BenchmarkRecord] = []
        for summary in sweep.summaries {
            let last = sweep.measurements.last { $0.scheme == summary.scheme && $0.threads == summary.threads }!.run
            records.append(BenchmarkRecord(
                engine: "swift", workload: workload.name, scheme: summary.scheme.description, optimizer: optimizer.name,
                threads: summary.threads, epochs: epochs, seconds: summary.medianSeconds,
                updates_per_second: Double(last.report.updates) / summary.medianSeconds,
                samples_per_second: Double(last.report.samples) / summary.medianSeconds,
                objective: last.report.finalObjective,
                loss: last.metrics[workload.name == "mc" ? "train_rmse" : "train_loss"], metrics: last.metrics))
        }
        for scheme in schemes {
            for t in threads {
                guard let results = peerRuns["\(scheme)/\(t)"], let last = results.last else { continue }
                let seconds = median(results.map(\.seconds))
                let updates = last.updatesPerSecond * last.seconds
                records.append(BenchmarkRecord(
                    engine: "cpp", workload: workload.name, scheme: scheme.description, optimizer: "sgd", threads: t,
                    epochs: epochs, seconds: seconds, updates_per_second: updates / seconds,
                    samples_per_second: updates / seconds, objective: nil, loss: last.loss))
            }
        }
        return withSpeedups(records)
    }
}

/// The peer for one workload, with the workload's training data written in its format.
struct PeerRun {
    let runner: PeerRunner
    let kind: WorkloadSpec.Kind
    let dataPath: String
    let rank: Int
    let mu: Float
    let lambda: Float

    /// The SVM peer for an SVM workload, the MC peer for matrix completion, else nil.
    init?(workload: any Workload, peers: WorkloadBenchmark.Peers, directory: String,
          log: (String) -> Void) throws {
        kind = workload.spec.kind
        switch workload {
        case let linear as LinearWorkload:
            guard let svm = peers.svm, case .svm(let model) = linear.objective else { return nil }
            runner = svm
            dataPath = directory + "/data.libsvm"
            log("writing the same rows for the C++ peer (\(svm.executable)): \(dataPath)")
            try LibSVMWriter.write(linear.data, to: dataPath)
            lambda = model.lambda
            rank = 0
            mu = 0
        case let mc as MatrixCompletionWorkload:
            guard let peer = peers.mc else { return nil }
            runner = peer
            dataPath = directory + "/ratings.txt"
            log("writing the same ratings for the C++ peer (\(peer.executable)): \(dataPath)")
            try RatingsWriter.write(mc.objective.data, to: dataPath, firstIndex: 1)
            rank = mc.objective.configuration.rank
            mu = mc.objective.configuration.mu
            lambda = 0
        default:
            return nil
        }
    }

    func run(threads: [Int], epochs: Int, step: Float, decay: Float, lock: Bool) throws -> [PeerRunner.Result] {
        let list = threads.map(String.init).joined(separator: ",")
        if kind == .mc {
            // The same update rule at the same step: the peer steps L_u by γ'·(e·R_v + μ'/d_u·L_u)
            // where ours steps by γ·(2e·R_v + μ/d_u·L_u) (the gradient of the paper's loss),
            // so γ' = 2γ and μ' = μ/2 make its steps ours; it decays γ' by a fixed 0.9 an
            // epoch, as the workload's default schedule does (`run` refuses another decay).
            return try runner.run(
                [
                    "--data", dataPath, "--rank", "\(rank)", "--epochs", "\(epochs)", "--threads", list,
                    "--step", "\(2 * step)", "--mu", "\(mu / 2)",
                ] + (lock ? ["--lock"] : []),
                tag: "cpp-mc", lossField: "rmse")
        }
        return try runner.run(["--data", dataPath, "--threads", list, "--epochs", "\(epochs)", "--step", "\(step)",
                               "--decay", "\(decay)", "--lambda", "\(lambda)", "--scheme", lock ? "lock" : "hogwild"],
                              tag: "cpp", lossField: "hinge")
    }
}

/// Fills each record's speedup over the same engine, workload and scheme at its
/// fewest threads, and over serial SGD (the engine's HOGWILD! at one thread).
func withSpeedups(_ records: [BenchmarkRecord]) -> [BenchmarkRecord] {
    records.map { record in
        var record = record
        let base = records.filter { $0.engine == record.engine && $0.workload == record.workload && $0.scheme == record.scheme }
            .min { $0.threads < $1.threads }
        if let base { record.speedup = base.seconds / record.seconds }
        if let serial = records.first(where: { $0.engine == record.engine && $0.workload == record.workload
                                               && $0.scheme == "hogwild" && $0.threads == 1 }) {
            record.speedup_over_serial = serial.seconds / record.seconds
        }
        return record
    }
}
