import CZlib
import Foundation

/// A scratch directory for one test, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hogwild-test-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to a file called `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes `text` gzip-compressed to `name` and returns its path.
    @discardableResult
    func writeGzip(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        let handle = gzopen(file, "wb")!
        var bytes = Array(text.utf8)
        _ = gzwrite(handle, &bytes, UInt32(bytes.count))
        gzclose(handle)
        return file
    }

    func file(_ name: String) -> String { path + "/" + name }
}
