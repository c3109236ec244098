import Foundation   // Process, Pipe: running the peers is what needs full Foundation here.
import Hogwild

/// Runs a hand-written C++ peer (../shared/peers/cpp) on exactly the data the Swift
/// side trains on: the data set is written to a temporary file in the peer's format
/// and the peer reads it with `--data`. A `.cpp` path is compiled first with
/// `g++ -O3 -std=c++17 -pthread`, as the peers' README says.
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

    /// Uses `path` as is, or compiles it into `workDirectory` when it names a `.cpp` source.
    init(path: String, workDirectory: String) throws {
        if path.hasSuffix(".cpp") {
            let output = workDirectory + "/" + (path.split(separator: "/").last ?? "peer").dropLast(4)
            let (status, text) = try Self.shell("/usr/bin/env", ["g++", "-O3", "-std=c++17", "-pthread", "-o", output, path])
            guard status == 0 else { throw PeerError.compileFailed(text) }
            executable = output
        } else {
            executable = path
        }
    }

    /// One result line of a peer: `<tag> … threads=T secs=S … Mupd/s=U` plus its
    /// loss field (`hinge=` for the SVM, `rmse=` for matrix completion).
    struct Result {
        var threads: Int
        var seconds: Double
        var loss: Double
        var updatesPerSecond: Double
    }

    /// Runs the peer with `arguments` and parses every line starting with `tag`.
    func run(_ arguments: [String], tag: String, lossField: String) throws -> [Result] {
        let (status, text) = try Self.shell(executable, arguments)
        guard status == 0 else { throw PeerError.runFailed(text) }
        return try text.split(separator: "\n").filter { $0.hasPrefix(tag + " ") }.map { line in
            func field(_ name: String) throws -> Double {
                guard let token = line.split(separator: " ").first(where: { $0.hasPrefix(name + "=") }),
                      let value = Double(token.dropFirst(name.count + 1)) else {
                    throw PeerError.unparsable(String(line))
                }
                return value
            }
            return Result(threads: Int(try field("threads")), seconds: try field("secs"),
                          loss: try field(lossField), updatesPerSecond: try field("Mupd/s") * 1e6)
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
