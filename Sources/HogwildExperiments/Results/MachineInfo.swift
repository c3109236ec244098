import FoundationEssentials

/// The machine a result came from, recorded next to every result so numbers can be
/// compared only where they should be.
///
/// ```swift
/// print(MachineInfo.current().summary)   // "2 cores, AMD EPYC 7B13, 23 GiB"
/// ```
public struct MachineInfo: Sendable, Codable, Equatable {
    public var cores: Int
    public var cpuModel: String
    public var memoryBytes: UInt64
    public var operatingSystem: String
    public var date: String

    public static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map {
                $0.split(separator: ":", maxSplits: 1).last.map { String($0.drop { $0 == " " || $0 == "\t" }) } ?? ""
            }
        return MachineInfo(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: model ?? "unknown CPU",
            memoryBytes: ProcessInfo.processInfo.physicalMemory,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            date: Date().formatted(Date.ISO8601FormatStyle().year().month().day()))
    }

    /// "2 cores, AMD EPYC, 24 GiB".
    public var summary: String {
        "\(cores) cores, \(cpuModel), \(memoryBytes >> 30) GiB"
    }
}
