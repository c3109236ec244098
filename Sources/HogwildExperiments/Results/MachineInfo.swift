import CHogwildKernels
import FoundationEssentials

/// The machine a result came from, recorded next to every result so numbers can be
/// compared only where they should be: the CPU, its vector width and the kernel path
/// the dense kernels chose on it.
///
/// ```swift
/// print(MachineInfo.current().summary)   // "2 cores, AMD EPYC, 23 GiB, kernels avx512 (AVX-512, AVX2)"
/// ```
public struct MachineInfo: Sendable, Codable, Equatable {
    public var cores: Int
    public var cpuModel: String
    public var memoryBytes: UInt64
    public var operatingSystem: String
    public var date: String
    /// The vector extensions the CPU and operating system offer ("AVX-512", "AVX2").
    public var vectorExtensions: [String]
    /// The path the kernels run (avx512, avx2 or portable): the best of the extensions,
    /// or the one HOGWILD_KERNEL_PATH asked for.
    public var kernelPath: String

    public static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map {
                $0.split(separator: ":", maxSplits: 1).last.map { String($0.drop { $0 == " " || $0 == "\t" }) } ?? ""
            }
        let hardware = hogwild_hardware_vector_path()
        return MachineInfo(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: model ?? "unknown CPU",
            memoryBytes: ProcessInfo.processInfo.physicalMemory,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            date: Date().formatted(Date.ISO8601FormatStyle().year().month().day()),
            vectorExtensions: (hardware >= 3 ? ["AVX-512"] : []) + (hardware >= 2 ? ["AVX2"] : []),
            kernelPath: String(cString: hogwild_vector_path_name()))
    }

    public init(
        cores: Int, cpuModel: String, memoryBytes: UInt64, operatingSystem: String, date: String,
        vectorExtensions: [String] = [], kernelPath: String = "unknown"
    ) {
        self.cores = cores
        self.cpuModel = cpuModel
        self.memoryBytes = memoryBytes
        self.operatingSystem = operatingSystem
        self.date = date
        self.vectorExtensions = vectorExtensions
        self.kernelPath = kernelPath
    }

    enum CodingKeys: String, CodingKey {
        case cores, cpuModel, memoryBytes, operatingSystem, date, vectorExtensions, kernelPath
    }

    /// Reads records written before the vector extensions were recorded.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            cores: try c.decode(Int.self, forKey: .cores), cpuModel: try c.decode(String.self, forKey: .cpuModel),
            memoryBytes: try c.decode(UInt64.self, forKey: .memoryBytes),
            operatingSystem: try c.decode(String.self, forKey: .operatingSystem),
            date: try c.decode(String.self, forKey: .date),
            vectorExtensions: try c.decodeIfPresent([String].self, forKey: .vectorExtensions) ?? [],
            kernelPath: try c.decodeIfPresent(String.self, forKey: .kernelPath) ?? "unknown")
    }

    /// "2 cores, AMD EPYC, 24 GiB, kernels avx512 (AVX-512, AVX2)".
    public var summary: String {
        let extensions = vectorExtensions.isEmpty ? "no AVX2" : vectorExtensions.joined(separator: ", ")
        return "\(cores) cores, \(cpuModel), \(memoryBytes >> 30) GiB, kernels \(kernelPath) (\(extensions))"
    }
}
