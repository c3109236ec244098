import CZlib
import Foundation

/// A scratch directory for one test, removed when the value goes away.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hogwild-test-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to a file called `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes `text` gzip-compressed to `name` and returns its path.
    @discardableResult
    public func writeGzip(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        let handle = gzopen(file, "wb")!
        var bytes = Array(text.utf8)
        _ = gzwrite(handle, &bytes, UInt32(bytes.count))
        gzclose(handle)
        return file
    }

    /// Writes `bytes` (gzip-compressed when `gzip`) to `name` and returns its path.
    @discardableResult
    public func writeBytes(_ name: String, _ bytes: [UInt8], gzip: Bool = false) -> String {
        let file = path + "/" + name
        if gzip {
            let handle = gzopen(file, "wb")!
            var copy = bytes
            _ = gzwrite(handle, &copy, UInt32(copy.count))
            gzclose(handle)
        } else {
            _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        }
        return file
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Whether `name` exists in the directory.
    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}
