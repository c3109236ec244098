import Foundation
import Hogwild
import HogwildCommandLine

/// The sparse SVM benchmark: updates/s for each scheme × thread count on an
/// RCV1-shaped set made in memory, with the C++ peer on the same data when asked.
struct SVMBenchmark {
    var rows: Int
    var features: Int
    var epochs: Int
    var threads: [Int]
    var schemes: [SchemeKind]
    var step: Float
    var decay: Float
    var lambda: Float
    var repeats: Int
    var seed: UInt64
    var peer: String?
    var log: (String) -> Void

    func run() throws -> [BenchmarkRecord] {
        log("generating RCV1-shaped data: \(rows) rows × \(features) features")
        let data = try RCV1Shape(rows: rows, features: features, seed: seed).generate()
        log("  \(data.nonZeroCount) non-zeros (\(String(format: "%.1f", Double(data.nonZeroCount) / Double(data.rowCount))) a row), \(data.memoryFootprint / 1_000_000) MB")
        let svm = try SparseSVM(data: data, lambda: lambda)
        var config = TrainingConfiguration(threads: 1, epochs: epochs,
                                           schedule: .epochDecay(initial: step, factor: decay),
                                           seed: seed, evaluateEveryEpoch: false)

        var peerRunner: PeerRunner?
        var dataPath: String?
        var workDirectory: String?
        if let peer {
            let directory = NSTemporaryDirectory() + "hogwild-bench-\(getpid())"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            workDirectory = directory
            peerRunner = try PeerRunner(path: peer, workDirectory: directory)
            dataPath = directory + "/rcv1-shaped.libsvm"
            log("writing the same data for the C++ peer: \(dataPath!)")
            try LibSVMWriter.write(data, to: dataPath!)
        }
        defer { if let workDirectory { try? FileManager.default.removeItem(atPath: workDirectory) } }

        var swiftSamples: [String: [(seconds: Double, objective: Double, loss: Double)]] = [:]
        var peerSamples: [String: [PeerRunner.Result]] = [:]
        for repeatIndex in 0..<repeats {
            if let peerRunner, let dataPath {
                for (scheme, peerScheme) in [(SchemeKind.hogwild, "hogwild"), (.globalLock, "lock")] where schemes.contains(scheme) {
                    log("repeat \(repeatIndex + 1)/\(repeats): C++ peer \(peerScheme) threads \(threads)")
                    for result in try peerRunner.run(dataPath: dataPath, threads: threads, epochs: epochs,
                                                     step: step, decay: decay, lambda: lambda, scheme: peerScheme) {
                        peerSamples["\(scheme.rawValue)/\(result.threads)", default: []].append(result)
                    }
                }
            }
            for scheme in schemes {
                for t in threads {
                    config.threads = t
                    let x = try SharedParameters(count: svm.dimension)
                    let report = try Training.run(svm, scheme: scheme, configuration: config, parameters: x)
                    log("repeat \(repeatIndex + 1)/\(repeats): swift \(scheme) threads \(t): \(String(format: "%.3f", report.seconds)) s, \(String(format: "%.3f", report.updatesPerSecond / 1e6)) M updates/s, objective \(String(format: "%.5f", report.finalObjective))")
                    let hinge = svm.meanLoss(on: data, parameters: x)
                    swiftSamples["\(scheme.rawValue)/\(t)", default: []].append((report.seconds, report.finalObjective, hinge))
                }
            }
        }

        var records: [BenchmarkRecord] = []
        let updates = Double(data.rowCount * epochs)
        for scheme in schemes {
            for t in threads {
                guard let samples = swiftSamples["\(scheme.rawValue)/\(t)"] else { continue }
                let seconds = median(samples.map(\.seconds))
                records.append(BenchmarkRecord(engine: "swift", workload: "svm", scheme: scheme.rawValue, threads: t,
                                               epochs: epochs, seconds: seconds, updates_per_second: updates / seconds,
                                               objective: samples.last!.objective, loss: samples.last!.loss))
            }
            for t in threads {
                guard let samples = peerSamples["\(scheme.rawValue)/\(t)"] else { continue }
                let seconds = median(samples.map(\.seconds))
                records.append(BenchmarkRecord(engine: "cpp", workload: "svm", scheme: scheme.rawValue, threads: t,
                                               epochs: epochs, seconds: seconds, updates_per_second: updates / seconds,
                                               objective: nil, loss: samples.last!.hinge))
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
/// fewest threads.
func withSpeedups(_ records: [BenchmarkRecord]) -> [BenchmarkRecord] {
    records.map { record in
        var record = record
        let base = records.filter { $0.engine == record.engine && $0.workload == record.workload && $0.scheme == record.scheme }
            .min { $0.threads < $1.threads }
        if let base { record.speedup = base.seconds / record.seconds }
        return record
    }
}
