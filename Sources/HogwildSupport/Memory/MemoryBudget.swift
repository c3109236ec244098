import HogwildPlatform

/// How much memory this process may use, and the check every size that comes from the
/// user (a generator's scale, a feature index, a declared count) passes before anything
/// that big is allocated: a clear message with the size it would need instead of an
/// allocation failure or the kernel's out-of-memory killer.
///
/// The budget is the smallest of the machine's physical memory, the cgroup's limit
/// (`memory.max`, as containers set it), the address-space and data ulimits, and
/// `HOGWILD_MEMORY_LIMIT` (bytes) when set — for a shared machine, or the fuzzer.
///
/// ```swift
/// try MemoryBudget.check(bytes: Double(columns) * 16, for: "a model of \(columns) coordinates")
/// ```
public enum MemoryBudget {
    /// Bytes available to this process (see the type's summary).
    public static var available: Int {
        var limit = Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE)))
        if limit <= 0 { limit = Int.max }
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var value = rlimit()
            // RLIM_INFINITY is all ones; anything at or above Int.max means no limit.
            if getrlimit(__rlimit_resource_t(resource.rawValue), &value) == 0, value.rlim_cur < UInt(Int.max) {
                limit = min(limit, Int(value.rlim_cur))
            }
        }
        if let cgroup = cgroupLimit { limit = min(limit, cgroup) }
        if let text = getenv("HOGWILD_MEMORY_LIMIT").map({ String(cString: $0) }), let asked = Int(text), asked > 0 {
            limit = min(limit, asked)
        }
        return limit
    }

    /// Throws when `bytes` exceed the budget; `what` says what would need them.
    public static func check(bytes: Double, for what: @autoclosure () -> String) throws(MemoryBudgetError) {
        let budget = available
        guard bytes.isFinite, bytes <= Double(budget) else {
            throw MemoryBudgetError(what: what(), bytes: bytes, available: budget)
        }
    }

    /// cgroup v2's `memory.max` for this process's group, when it is a number.
    static var cgroupLimit: Int? {
        guard let file = fopen("/sys/fs/cgroup/memory.max", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, 64, file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Int(text)
    }

    /// `bytes` for people: "12.0 GB".
    public static func describe(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "more than any machine has" }
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == units.count - 1, value >= 1000 { return "more than any machine has" }
        return unit == 0
            ? "\(Int(value)) bytes"
            : String(Int((value * 10).rounded()) / 10) + "." + String(Int((value * 10).rounded()) % 10) + " "
                + units[unit]
    }
}

/// A size from the input that would need more memory than the process may use.
public struct MemoryBudgetError: Error, Equatable, CustomStringConvertible {
    public var what: String
    public var bytes: Double
    public var available: Int

    public var description: String {
        if !bytes.isFinite || bytes >= 1e21 { return "\(what) would need more memory than any machine has" }
        return
            "\(what) would need \(MemoryBudget.describe(bytes)) of memory, more than the "
            + "\(MemoryBudget.describe(Double(available))) this process may use (physical memory, cgroup limit, "
            + "ulimit or HOGWILD_MEMORY_LIMIT)"
    }
}
