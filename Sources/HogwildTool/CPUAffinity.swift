import FoundationEssentials

/// The CPUs this process may run on, which a launcher can narrow below the machine's:
/// Open MPI binds each rank of a small job to one core by default, so a rank's worker
/// threads would all share one core.
enum CPUAffinity {
    /// The number of CPUs in this process's affinity mask (Linux's
    /// `/proc/self/status`), or nil where that cannot be read.
    static func allowedCPUs(status path: String = "/proc/self/status") -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return allowedCPUs(statusText: String(decoding: data, as: UTF8.self))
    }

    /// The count from a status file's `Cpus_allowed:` line (a hex mask, comma-grouped).
    static func allowedCPUs(statusText: String) -> Int? {
        for line in statusText.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
            let mask = line.dropFirst("Cpus_allowed:".count).filter { $0 != "," && $0 != " " && $0 != "\t" }
            var count = 0
            for digit in mask {
                guard let value = digit.hexDigitValue else { return nil }
                count += value.nonzeroBitCount
            }
            return count
        }
        return nil
    }
}
