import HogwildPlatform

/// The process's peak resident memory so far (getrusage's ru_maxrss): what a data set
/// cost to hold, and what each rank of a distributed job needed.
///
/// ```swift
/// print(PeakMemory.residentBytes() / 1_048_576, "MiB")
/// ```
public enum PeakMemory {
    public static func residentBytes() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }
}
