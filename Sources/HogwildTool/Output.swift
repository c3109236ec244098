import Hogwild
import HogwildCommandLine
import HogwildPlatform

/// What the commands print: a line at a time, flushed at once, so progress reaches a
/// log file or a pipe (`hogwild scale … | tee log`) as it happens rather than when
/// the process exits.
enum Output {
    static func line(_ text: String) {
        print(text)
        fflush(nil)   // all streams: the C `stdout` global is not concurrency-safe in Swift 6
    }
}

extension Output {
    /// Fails before any work when `file` could not be written afterwards: its directory
    /// is created if missing (as `--out` is) and must be writable, and so must the file if there.
    static func checkWritable(file: String) throws(UsageError) {
        let slash = file.lastIndex(of: "/")
        let directory = slash.map { $0 == file.startIndex ? "/" : String(file[..<$0]) } ?? "."
        if access(directory, F_OK) != 0 { try? ResultFiles.makeDirectory(directory) }
        guard access(directory, W_OK) == 0 else {
            throw .invalidValue(flag: "--save-model", value: file, expected: "a path in a writable directory (\(directory): \(String(cString: strerror(errno))))")
        }
        if access(file, F_OK) == 0, access(file, W_OK) != 0 {
            throw .invalidValue(flag: "--save-model", value: file, expected: "a writable file (\(String(cString: strerror(errno))))")
        }
    }
}
