import HogwildCore
import HogwildNetworks
import HogwildTestSupport
import Testing

@Suite struct NetworkFileTests {
    let file = NetworkFile(architecture: "mlp Sequential(Flatten(), Linear(4, 2))", parameters: [1, -2, 3.5, 0, 1e-8, 7, 8, 9, 10, 11],
                           optimizer: "adam", state: [[Float](repeating: 0.5, count: 10), [Float](repeating: 2, count: 10)], epochs: 3)

    @Test func roundTripsParametersAndOptimizerState() throws {
        let directory = TemporaryDirectory()
        try file.write(to: directory.file("net.model"))
        #expect(try NetworkFile.read(from: directory.file("net.model"), architecture: file.architecture, parameterCount: 10) == file)
    }

    @Test func anotherArchitectureIsRefusedNamingBoth() throws {
        let directory = TemporaryDirectory()
        try file.write(to: directory.file("net.model"))
        do {
            _ = try NetworkFile.read(from: directory.file("net.model"), architecture: "cnn Sequential(Conv2D(1, 10, kernel: 5))")
            Issue.record("a file of another architecture must be refused")
        } catch {
            #expect("\(error)".contains("Linear(4, 2)") && "\(error)".contains("Conv2D(1, 10, kernel: 5)"), "\(error)")
        }
        #expect(throws: ModelFileError.self) { try NetworkFile.read(from: directory.file("net.model"), parameterCount: 11) }
    }

    @Test func everyTruncationIsRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("net.model")
        try file.write(to: path)
        let bytes = try ModelFile.read(from: path).encoded()
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let short = directory.writeBytes("cut.model", Array(bytes[..<cut]))
            #expect(throws: ModelFileError.self) { try NetworkFile.read(from: short) }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(throws: ModelFileError.checksumMismatch(path: directory.file("bad.model"))) {
            try NetworkFile.read(from: directory.writeBytes("bad.model", flipped))
        }
    }
}
