import Foundation
import Hogwild

/// Measures one workload: every scheme × thread count, `repeats` times (median
/// seconds), interleaving the C++ peer on the same data when there is one.
struct WorkloadBenchmark {
    var spec: WorkloadSpec
    var epochs: Int
    var threads: [Int]
    var schemes: [SchemeKind]
    var step: Float?
    var decay: Float?
    var repeats: Int
    var seed: UInt64
    var hotReplicas: HotReplicaSettings
    var peer: PeerRunner?
    var log: (String) -> Void

    func run() throws -> [BenchmarkRecord] {
        let workload = try WorkloadCatalog.make(spec)
        log("\(workload.name): \(workload.summary), \(workload.memoryFootprint / 1_000_000) MB")
        var schedule = workload.defaultSchedule
        if let step { schedule = .epochDecay(initial: step, factor: decay ?? 0.9) } else if let decay {
            schedule = .epochDecay(initial: schedule.initial, factor: decay)
        }
        var config = TrainingConfiguration(threads: 1, epochs: epochs, schedule: schedule, seed: seed,
                                           evaluateEveryEpoch: false, hotReplicas: hotReplicas)

        // The C++ peer trains the SVM only; it reads the same rows from a LIBSVM file.
        var peerData: (path: String, directory: String)?
        if let peer, let linear = workload as? LinearWorkload, case .svm = linear.model {
            let directory = NSTemporaryDirectory() + "hogwild-bench-\(getpid())"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/data.libsvm"
            log("writing the same rows for the C++ peer (\(peer.executable)): \(path)")
            try LibSVMWriter.write(linear.data, to: path)
            peerData = (path, directory)
        }
        defer { if let peerData { try? FileManager.default.removeItem(atPath: peerData.directory) } }

        var swiftRuns: [String: [WorkloadRun]] = [:]
        var peerRuns: [String: [PeerRunner.Result]] = [:]
        for repeatIndex in 0..<repeats {
            if let peer, let peerData, case .epochDecay(let g, let b) = schedule {
                for (scheme, peerScheme) in [(SchemeKind.hogwild, "hogwild"), (.globalLock, "lock")] where schemes.contains(scheme) {
                    log("repeat \(repeatIndex + 1)/\(repeats): C++ peer \(peerScheme), threads \(threads)")
                    for result in try peer.run(dataPath: peerData.path, threads: threads, epochs: epochs, step: g,
                                               decay: b, lambda: spec.regularization.l2, scheme: peerScheme) {
                        peerRuns["\(scheme.rawValue)/\(result.threads)", default: []].append(result)
                    }
                }
            }
            for scheme in schemes {
                for t in threads {
                    config.threads = t
                    let run = try workload.run(scheme: scheme, configuration: config)
                    log("repeat \(repeatIndex + 1)/\(repeats): swift \(workload.name) \(scheme) threads \(t): \(String(format: "%.3f", run.report.seconds)) s, \(String(format: "%.3f", run.report.updatesPerSecond / 1e6)) M updates/s, objective \(String(format: "%.5g", run.report.finalObjective))"
                        + run.report.schemeParameters.sorted { $0.key < $1.key }.map { ", \($0.key) \($0.value)" }.joined())
                    swiftRuns["\(scheme.rawValue)/\(t)", default: []].append(run)
                }
            }
        }

        var records: [BenchmarkRecord] = []
        for scheme in schemes {
            for t in threads {
                if let runs = swiftRuns["\(scheme.rawValue)/\(t)"], let last = runs.last {
                    let seconds = median(runs.map(\.report.seconds))
                    records.append(BenchmarkRecord(
                        engine: "swift", workload: workload.name, scheme: scheme.rawValue, threads: t, epochs: epochs,
                        seconds: seconds, updates_per_second: Double(last.report.updates) / seconds,
                        objective: last.report.finalObjective, loss: last.metrics["train_loss"], metrics: last.metrics))
                }
            }
            for t in threads {
                if let results = peerRuns["\(scheme.rawValue)/\(t)"], let last = results.last {
                    let seconds = median(results.map(\.seconds))
                    let updates = last.updatesPerSecond * last.seconds
                    records.append(BenchmarkRecord(
                        engine: "cpp", workload: workload.name, scheme: scheme.rawValue, threads: t, epochs: epochs,
                        seconds: seconds, updates_per_second: updates / seconds, objective: nil, loss: last.hinge))
                }
            }
        }
        return withSpeedups(records)
    }
}

/// The median of non-empty `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
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
