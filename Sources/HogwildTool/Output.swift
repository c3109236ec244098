import Hogwild
import HogwildCommandLine
import HogwildPlatform
import Synchronization

/// What the commands print: a line at a time, flushed at once, so progress reaches a
/// log file or a pipe (`hogwild scale … | tee log`) as it happens rather than when
/// the process exits.
enum Output {
    /// Set on a distributed job's ranks but rank 0: one rank speaks for the job.
    static let isQuiet = Atomic<Bool>(false)

    static func line(_ text: String) {
        guard !isQuiet.load(ordering: .relaxed) else { return }
        print(text)
        fflush(nil)  // all streams: the C `stdout` global is not concurrency-safe in Swift 6
    }
}

extension Output {
    /// Fails before any work when `file` could not be written afterwards: its directory
    /// is created if missing (as `--out` is) and must be writable, and so must the file
    /// if there. `flag` names the option in the message.
    static func checkWritable(file: String, flag: String) throws(UsageError) {
        let slash = file.lastIndex(of: "/")
        let directory = slash.map { $0 == file.startIndex ? "/" : String(file[..<$0]) } ?? "."
        do {
            try ResultFiles.makeDirectory(directory)
        } catch {
            throw .invalidValue(flag: flag, value: file, expected: "a path in a writable directory (\(error))")
        }
        var status = stat()
        if stat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw .invalidValue(flag: flag, value: file, expected: "a file path, not a directory")
        }
        if access(file, F_OK) == 0, access(file, W_OK) != 0 {
            throw .invalidValue(
                flag: flag, value: file, expected: "a writable file (\(String(cString: strerror(errno))))")
        }
    }

    /// Makes the results directory `directory` (given with `flag`) before any work, so a
    /// path that cannot be written fails in the first second, not after the training.
    static func prepare(directory: String, flag: String = "--out") throws(UsageError) {
        do {
            try ResultFiles.makeDirectory(directory)
        } catch {
            throw .invalidValue(
                flag: flag, value: directory, expected: "a directory that can be created and written: \(error)")
        }
    }
}
