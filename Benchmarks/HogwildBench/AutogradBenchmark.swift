import CHogwildKernels
import Foundation
import Hogwild

/// The dense kernels against PyTorch on one thread, in the same run: GEMM GFLOP/s at
/// the shapes the networks use and at the classic square sizes, and the time of a whole
/// training step (forward, backward, Momentum update of the shared buffer through the
/// HOGWILD! writer) of the 784-128-10 MLP at batch 1 and 64 and of mnist_hogwild's CNN
/// at batch 64, with the core's FMA ceiling for scale.
struct AutogradBenchmark {
    var repeats: Int
    /// The Python interpreter with torch, and the script that times PyTorch's side.
    var torchPython: String?
    var torchScript: String
    /// Which parts to run: gemm, mlp1, mlp64, cnn64 (all by default).
    var parts: Set<String> = Self.allParts
    var log: @Sendable (String) -> Void

    static let allParts: Set<String> = ["gemm", "conv", "mlp1", "mlp64", "cnn64", "adam64"]

    struct Record: Codable {
        var kind: String
        var name: String
        /// GFLOP/s (gemm, peak) or seconds per step (step).
        var swift: Double
        var torch: Double?
        /// swift ÷ torch for GFLOP/s, torch ÷ swift for times: above 1 means Swift is faster
        /// (conv: the direct loop nest's time ÷ im2col + GEMM's, above 1: GEMM faster).
        var ratio: Double?
        /// The machine and the kernel path, on every record.
        var machine = MachineInfo.current().summary
        var kernel = String(cString: hogwild_sgemm_kernel_name())
        var line: String {
            let unit = kind == "step" ? "ms/step" : kind == "conv" ? "ms (im2col+GEMM forward)" : "GFLOP/s"
            let scale = kind == "step" || kind == "conv" ? 1e3 : 1
            var text = kind.padded(to: 5) + " " + name.padded(to: 18) + String(printf: " swift %9.3f ", swift * scale) + unit
            if kind == "conv", let ratio {
                text += String(printf: "   direct loop nest %5.2f× its time", ratio)
            }
            if let torch, let ratio {
                text += String(printf: "   torch %9.3f ", torch * scale) + unit + String(printf: "   ratio %5.2f×", ratio)
            }
            return text
        }
    }

    static let gemmShapes = [(64, 784, 128), (64, 128, 10), (256, 256, 256), (1024, 1024, 1024)]

    /// Median seconds per call of `body` over `repeats` rounds of `inner` calls, after warm-up.
    func median(inner: Int, _ body: () -> Void) -> Double {
        for _ in 0..<3 { body() }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = MonotonicClock.nanoseconds()
            for _ in 0..<inner { body() }
            times.append(MonotonicClock.seconds(since: start) / Double(inner))
        }
        times.sort()
        return times[times.count / 2]
    }

    func run() throws -> [Record] {
        let torch = try torchResults()
        var records: [Record] = []
        func add(_ record: Record) {
            records.append(record)
            log(record.line)
        }
        log("machine: \(MachineInfo.current().summary); GEMM kernel \(String(cString: hogwild_sgemm_kernel_name()))")
        if parts.contains("gemm") { try gemms(torch, add) }
        if parts.contains("conv") {
            for (name, gemm, direct) in ConvolutionComparison(repeats: repeats, log: log).run(median: median) {
                add(Record(kind: "conv", name: name, swift: gemm, torch: nil, ratio: direct / gemm))
            }
        }
        for (model, batch) in [("mlp", 1), ("mlp", 64), ("cnn", 64)] where parts.contains("\(model)\(batch)") {
            let data = try LabeledImages.synthetic(count: max(batch * 8, 64), batchSize: batch)
            let network = model == "mlp" ? ModelZoo.mlp(hidden: [128]) : ModelZoo.cnn()
            let seconds = try stepSeconds(ImageClassifier(network: network, data: data),
                                          inner: model == "cnn" ? 20 : batch == 1 ? 400 : 50)
            let theirs = torch.first { $0["kind"] as? String == "step" && $0["model"] as? String == model && $0["batch"] as? Int == batch }
            let torchSeconds = theirs?["seconds"] as? Double
            add(Record(kind: "step", name: "\(model) batch \(batch)", swift: seconds, torch: torchSeconds,
                       ratio: torchSeconds.map { $0 / seconds }))
        }
        if parts.contains("adam64") {
            // The MLP's step at batch 64 with Adam (its dense run vectorized) against
            // torch.optim.Adam's.
            let data = try LabeledImages.synthetic(count: 512, batchSize: 64)
            let model = ImageClassifier(network: ModelZoo.mlp(hidden: [128]), data: data)
            let seconds = try stepSeconds(model, optimizer: Adam(), stepSize: 0.001, inner: 50)
            let theirs = torch.first { $0["kind"] as? String == "step" && $0["model"] as? String == "mlp-adam" }
            let torchSeconds = theirs?["seconds"] as? Double
            add(Record(kind: "step", name: "mlp adam batch 64", swift: seconds, torch: torchSeconds,
                       ratio: torchSeconds.map { $0 / seconds }))
        }
        return records
    }

    func gemms(_ torch: [[String: Any]], _ add: (Record) -> Void) throws {
        // The multiply-add ceiling at every vector width the CPU has (FMA at 256 and 512
        // bits; 128 bits is the portable path's multiply and add): the GEMM's against it.
        for bits in [128, 256, 512] {
            var flops = 0.0
            let seconds = median(inner: 1) { flops = hogwild_fma_loop_width(Int32(bits), 20_000_000) }
            guard flops > 0 else { continue }
            add(Record(kind: "peak", name: bits == 128 ? "mul+add 128-bit" : "fma \(bits)-bit", swift: flops / seconds / 1e9))
        }

        let workspace = UnsafeMutablePointer<Float>.allocate(capacity: hogwild_sgemm_workspace_count())
        defer { workspace.deallocate() }
        for (m, k, n) in Self.gemmShapes {
            var random = Xoshiro256(seed: 1)
            let a = (0..<(m * k)).map { _ in random.nextUnitFloat() }, b = (0..<(k * n)).map { _ in random.nextUnitFloat() }
            var c = [Float](repeating: 0, count: m * n)
            let work = 2.0 * Double(m * n * k)
            let seconds = c.withUnsafeMutableBufferPointer { out in
                median(inner: max(1, Int(2e8 / work))) {
                    hogwild_sgemm(0, 0, m, n, k, 1, a, k, b, n, 0, out.baseAddress!, n, workspace)
                }
            }
            let name = "\(m)×\(k)×\(n)"
            let theirs = torch.first { $0["kind"] as? String == "gemm" && $0["m"] as? Int == m && $0["k"] as? Int == k && $0["n"] as? Int == n }
            let torchGflops = theirs?["gflops"] as? Double
            add(Record(kind: "gemm", name: name, swift: work / seconds / 1e9, torch: torchGflops,
                       ratio: torchGflops.map { work / seconds / 1e9 / $0 }))
        }

    }

    /// Median seconds of one whole step, as a HOGWILD! worker makes it.
    func stepSeconds<Model: DifferentiableModel, Opt: Optimizer>(
        _ model: Model, optimizer: Opt = Momentum(momentum: 0.5), stepSize: Float = 0.01, inner: Int
    ) throws -> Double {
        let objective = try NetworkObjective(model)
        let x = try SharedParameters(count: objective.dimension)
        try x.copyIn(model.initialParameters(seed: 1))
        let state = try OptimizerState(for: optimizer, layout: x.layout, workers: 1, placement: .shared)
        var worker = WorkerStepper(soleWorkerOf: objective, optimizer: optimizer, state: state, seed: 3)
        return x.withMemory { memory in
            let writer = RelaxedStoreWriter(memory: memory)
            var term = 0
            return median(inner: inner) {
                worker.step(
                    term: term, stepSize: stepSize, reading: writer, writer: writer,
                    delay: ArtificialDelay(nanoseconds: 0))
                term = (term + 1) % objective.termCount
            }
        }
    }

    /// PyTorch's numbers from the script, or none when no interpreter was given.
    func torchResults() throws -> [[String: Any]] {
        guard let python = torchPython else { return [] }
        log("running PyTorch: \(python) \(torchScript) \(repeats)")
        let (status, output) = try PeerRunner.shell(python, [torchScript, String(repeats)])
        guard status == 0 else { throw PeerRunner.PeerError.runFailed("\(python) \(torchScript) exited \(status): \(output.suffix(500))") }
        return output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }
}
