import Foundation
import HogwildData

/// Runs the hand-written C++ HOGWILD! SVM (../shared/peers/cpp/svm_hogwild.cpp) on
/// exactly the data the Swift side trains on: the dataset is written as LIBSVM to a
/// temporary file and the peer reads it with `--data`. A `.cpp` path is compiled
/// first with `g++ -O3 -std=c++17 -pthread`, as the peer's README says.
struct PeerRunner: Sendable {
    let executable: String

    enum PeerError: Error, CustomStringConvertible {
        case compileFailed(String)
        case runFailed(String)
        case unparsable(String)

        var description: String {
            switch self {
            case .compileFailed(let s): return "compiling the C++ peer failed: \(s)"
            case .runFailed(let s): return "the C++ peer failed: \(s)"
            case .unparsable(let s): return "cannot read the C++ peer's output line: \(s)"
            }
        }
    }

    /// Uses `path` as is, or compiles it when it names a `.cpp` source.
    init(path: String, workDirectory: String) throws {
        if path.hasSuffix(".cpp") {
            let output = workDirectory + "/svm_hogwild"
            let (status, text) = try Self.shell("/usr/bin/env", ["g++", "-O3", "-std=c++17", "-pthread", "-o", output, path])
            guard status == 0 else { throw PeerError.compileFailed(text) }
            executable = output
        } else {
            executable = path
        }
    }

    /// One result line of the peer.
    struct Result {
        var threads: Int
        var seconds: Double
        var hinge: Double
        var updatesPerSecond: Double
    }

    /// Trains on `dataPath` with the given settings at each thread count.
    func run(dataPath: String, threads: [Int], epochs: Int, step: Float, decay: Float,
             lambda: Float, scheme: String) throws -> [Result] {
        let arguments = ["--data", dataPath, "--threads", threads.map(String.init).joined(separator: ","),
                         "--epochs", "\(epochs)", "--step", "\(step)", "--decay", "\(decay)",
                         "--lambda", "\(lambda)", "--scheme", scheme]
        let (status, text) = try Self.shell(executable, arguments)
        guard status == 0 else { throw PeerError.runFailed(text) }
        return try text.split(separator: "\n").filter { $0.hasPrefix("cpp ") }.map { line in
            func field(_ name: String) throws -> Double {
                guard let token = line.split(separator: " ").first(where: { $0.hasPrefix(name + "=") }),
                      let value = Double(token.dropFirst(name.count + 1)) else {
                    throw PeerError.unparsable(String(line))
                }
                return value
            }
            return Result(threads: Int(try field("threads")), seconds: try field("secs"),
                          hinge: try field("hinge"), updatesPerSecond: try field("Mupd/s") * 1e6)
        }
    }

    static func shell(_ program: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
