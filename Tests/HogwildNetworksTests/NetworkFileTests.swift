import Foundation
import HogwildAutograd
import HogwildCore
import HogwildNetworks
import HogwildSupport
import HogwildTestSupport
import Testing

/// Networks saved as named tensors in the safetensors layout: bits survive, tensors are
/// found by name, another architecture or a damaged file is refused with what is wrong.
@Suite struct NetworkFileTests {
    static let network = Sequential(Flatten(), Linear(4, 2))
    static let file = NetworkFile(architecture: "\(network)", tensors: network.parameters,
                                  parameters: [1, -2, 3.5, 0, 1e-8, 7, 8, 9, 10, 11], optimizer: "adam",
                                  state: [("exp_avg", [Float](repeating: 0.5, count: 10)),
                                          ("exp_avg_sq", (0..<10).map { Float($0) / 3 })],
                                  epochs: 3)

    @Test func roundTripsParametersAndOptimizerStateBitForBit() throws {
        let directory = TemporaryDirectory()
        try Self.file.save(to: directory.file("net.safetensors"))
        let back = try NetworkFile.load(from: directory.file("net.safetensors"))
        #expect(back == Self.file)
        #expect(try back.state("exp_avg_sq", for: Self.network.parameters, path: "") == Self.file.state[1].values)
    }

    @Test func tensorsAreListedAndReadByName() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("net.safetensors")
        try Self.file.save(to: path)
        let stored = try SafeTensors.decode(FileBytes.read(from: path), path: path)
        #expect(stored.entries.map(\.name) == ["layers.1.weight", "layers.1.bias", "optimizer.exp_avg.layers.1.weight",
                                              "optimizer.exp_avg.layers.1.bias", "optimizer.exp_avg_sq.layers.1.weight",
                                              "optimizer.exp_avg_sq.layers.1.bias"])
        #expect(stored["layers.1.weight"]?.shape == [2, 4])
        #expect(stored["layers.1.bias"]?.values == [10, 11])
        // The same tensors laid out in another order are found by name.
        let reordered = [NamedTensor(name: "layers.1.bias", offset: 0, shape: Shape(2)),
                         NamedTensor(name: "layers.1.weight", offset: 2, shape: Shape(2, 4))]
        #expect(try NetworkFile.load(from: path).parameters(for: reordered, path: path) == [10, 11, 1, -2, 3.5, 0, 1e-8, 7, 8, 9])
    }

    @Test func anotherArchitectureIsRefusedNamingTheTensor() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("net.safetensors")
        try Self.file.save(to: path)
        let saved = try NetworkFile.load(from: path)
        let wider = Sequential(Flatten(), Linear(5, 2))
        #expect {
            try saved.parameters(for: wider.parameters, path: path)
        } throws: { "\($0)".contains("layers.1.weight") && "\($0)".contains("[2, 4]") && "\($0)".contains("[2, 5]") }
        let deeper = Sequential(Flatten(), Linear(4, 2), ReLU(), Linear(2, 2))
        #expect {
            try saved.parameters(for: deeper.parameters, path: path)
        } throws: { "\($0)".contains("no tensor 'layers.3.weight'") }
        let shallower = Sequential(Linear(4, 2))
        #expect {
            try saved.parameters(for: shallower.parameters, path: path)
        } throws: { "\($0)".contains("layers.1.weight") }
    }

    @Test func everyTruncationAndAFlippedBitAreRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("net.safetensors")
        try Self.file.save(to: path)
        let bytes = try FileBytes.read(from: path)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let short = directory.writeBytes("cut.safetensors", Array(bytes[..<cut]))
            #expect(throws: ModelFileError.self) { try NetworkFile.load(from: short) }
        }
        var flipped = bytes
        flipped[bytes.count - 20] ^= 0x10
        #expect(throws: ModelFileError.checksumMismatch(path: directory.file("bad.safetensors"))) {
            try NetworkFile.load(from: directory.writeBytes("bad.safetensors", flipped))
        }
    }

    /// The docs' Python reader (standard library and numpy only) reads every tensor by
    /// name with its shape and values.
    @Test(.enabled(if: NetworkFileTests.pythonWithNumpy != nil, "needs python3 with numpy"))
    func theDocsPythonReaderReadsTheTensors() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("net.safetensors")
        try Self.file.save(to: path)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/read_network.py").path
        let output = try Self.run(Self.pythonWithNumpy!, [script, path])
        #expect(output.contains("architecture: Sequential(Flatten(), Linear(4, 2)), optimizer adam, 3 epochs"), "\(output)")
        // Means of the saved values: weight (1 − 2 + 3.5 + 0 + 1e-8 + 7 + 8 + 9) / 8, bias (10 + 11) / 2.
        #expect(output.contains("layers.1.weight [2, 4] mean 3.312500"), "\(output)")
        #expect(output.contains("layers.1.bias [2] mean 10.500000"), "\(output)")
        #expect(output.contains("optimizer.exp_avg_sq.layers.1.bias [2] mean 2.833333"), "\(output)")
    }

    static let pythonWithNumpy: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for directory in path.split(separator: ":") {
            let python = "\(directory)/python3"
            guard FileManager.default.isExecutableFile(atPath: python) else { continue }
            if (try? run(python, ["-c", "import numpy"])) != nil { return python }
        }
        return nil
    }()

    /// Runs `executable` within a minute; what it printed, or an error with it when the
    /// status is not 0.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let run = try ChildProcess.run(executable, arguments, within: 60)
        guard run.status == 0 else { throw ChildFailed(status: run.status, output: run.output) }
        return run.output
    }

    struct ChildFailed: Error {
        let status: Int32
        let output: String
    }

    /// A layer called twice shares its weights: the model lists them once and both uses'
    /// gradients add up (checked against central differences).
    @Test func aLayerCalledTwiceTrainsWithTiedWeights() throws {
        struct Twice: Layer {
            var inner = Linear(3, 3)
            var parameters: [NamedTensor] { inner.parameters }
            var description: String { "Twice(\(inner))" }
            mutating func bind(_ binder: inout ParameterBinder) { binder.scope("inner") { inner.bind(&$0) } }
            func initialize(_ values: inout [Float], random: inout Xoshiro256) { inner.initialize(&values, random: &random) }
            func callAsFunction(_ x: Tensor, _ pass: inout ForwardPass) throws(AutogradError) -> Tensor {
                try pass.tape.add(x, inner(pass.tape.tanh(inner(x, &pass)), &pass))
            }
        }
        let network = Sequential(Twice(), Linear(3, 2))
        #expect(network.parameters.map(\.name) == ["layers.0.inner.weight", "layers.0.inner.bias", "layers.1.weight", "layers.1.bias"])
        #expect(network.parameterCount == 12 + 8)
        let probe = LayerProbe(network, input: Shape(2, 3), outputCount: 4)
        let objective = try NetworkObjective(probe)
        let x = try SharedParameters(count: probe.parameterCount)
        try x.copyIn(probe.initialParameters(seed: 5))
        let analytic = termGradient(objective, term: 0, at: x).values
        for j in 0..<12 {
            let numeric = centralDifference(objective, term: 0, coordinate: j, x: x, h: 1e-2)
            let a = analytic[j] ?? .nan
            #expect(abs(a - numeric) <= 2e-3 + 2e-2 * max(abs(a), abs(numeric)), "tied coordinate \(j): \(a) against \(numeric)")
        }
    }
}
