import Hogwild
import HogwildCommandLine
import HogwildPlatform
import HogwildTool

/// Fuzz targets for every reader of outside bytes, and the command-line parser: the
/// bytes go in, and any answer is fine but a crash, a hang or a runaway allocation
/// (errors are the right answer to garbage). Built two ways:
///
/// - plain (`swift build --product hogwild-fuzz`): `hogwild-fuzz TARGET FILE…` replays
///   inputs, e.g. a crash libFuzzer found, under the debugger or a sanitizer;
/// - with libFuzzer (`Fuzz/run.sh`, which builds with `-sanitize=fuzzer,address
///   -DFUZZING`): `LLVMFuzzerTestOneInput` runs the target named by
///   `HOGWILD_FUZZ_TARGET` on each input libFuzzer makes.
enum FuzzTarget: String, CaseIterable {
    case libsvm, ratings, edges, idx, text, checkpoint, model, cli

    /// Where the input goes: readers read files, so each input is written to one (in
    /// /dev/shm when there is one: memory, not disk).
    static let scratch: String = {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(directory)/hogwild-fuzz-\(getpid())"
    }()

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .libsvm:
            write(bytes, to: Self.scratch)
            _ = try? LibSVMReader.read(Self.scratch)
            var options = LibSVMReader.Options()
            options.labels = .real
            options.renumberByFrequency = true
            options.skipInvalidRows = true
            _ = try? LibSVMReader.read(Self.scratch, options: options)
        case .ratings:
            write(bytes, to: Self.scratch)
            _ = try? RatingsReader.read(Self.scratch)
        case .edges:
            // Edges, a zero byte, terminals.
            let cut = bytes.firstIndex(of: 0) ?? bytes.count
            write(UnsafeRawBufferPointer(rebasing: bytes[0..<cut]), to: Self.scratch)
            write(UnsafeRawBufferPointer(rebasing: bytes[min(cut + 1, bytes.count)...]), to: Self.scratch + ".terminals")
            _ = try? EdgeListReader.read(edges: Self.scratch, terminals: Self.scratch + ".terminals")
        case .idx:
            write(bytes, to: Self.scratch)
            _ = try? IDXReader.read(Self.scratch)
        case .text:
            write(bytes, to: Self.scratch)
            _ = try? TextCorpusReader.read(Self.scratch)
        case .checkpoint:
            write(bytes, to: Self.scratch)
            _ = try? TrainingCheckpoint.read(from: Self.scratch)
        case .model:
            write(bytes, to: Self.scratch)
            _ = try? ModelFile.read(from: Self.scratch)
            _ = try? NetworkFile.load(from: Self.scratch)
            _ = try? LinearModel.load(from: Self.scratch)
            _ = try? FactorModel.load(from: Self.scratch)
        case .cli:
            // Arguments separated by zero bytes; parsed, never run.
            let arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            _ = try? HogwildTool.tool.parse(arguments)
        }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot write the fuzz input to \(path)") }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            guard n > 0 else { break }
            done += n
        }
        close(fd)
    }

    /// The target `HOGWILD_FUZZ_TARGET` names.
    static var fromEnvironment: FuzzTarget {
        guard let name = getenv("HOGWILD_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            fatalError("set HOGWILD_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }
}

#if FUZZING
nonisolated(unsafe) var chosen: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let target = chosen ?? FuzzTarget.fromEnvironment
    chosen = target
    target.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

// libFuzzer's entry when the program has its own main (SwiftPM gives every executable
// one): it parses libFuzzer's flags and runs the loop.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif

@main
enum FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// `hogwild-fuzz TARGET FILE…`: runs the target on each file.
    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: hogwild-fuzz TARGET FILE…   (TARGET: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " | ")))")
            print("replays fuzz inputs; to fuzz with libFuzzer run Fuzz/run.sh")
            exit(2)
        }
        for file in arguments.dropFirst() {
            guard let handle = fopen(file, "rb") else { print("\(file): cannot open"); exit(1) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = fread(&chunk, 1, chunk.count, handle)
                if n == 0 { break }
                bytes += chunk[0..<n]
            }
            fclose(handle)
            bytes.withUnsafeBytes { target.run($0) }
            print("\(file): ok")
        }
    }
}
