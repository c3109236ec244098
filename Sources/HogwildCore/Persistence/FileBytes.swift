import HogwildPlatform

/// Whole files in and out, for the files this package saves (models, checkpoints):
/// written to a temporary file beside the target, flushed to disk, then renamed over
/// it, so a crash or a full disk leaves the old file whole.
///
/// ```swift
/// try FileBytes.write(bytes, to: "mlp.safetensors")
/// let back = try FileBytes.read(from: "mlp.safetensors")
/// ```
package enum FileBytes {
    /// Writes `bytes` to `path` atomically.
    package static func write(_ bytes: [UInt8], to path: String) throws(ModelFileError) {
        let temporary = path + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: systemError()) }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = writeBytes(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return fsync(fd) == 0
        }
        let reason = ok ? "" : systemError()
        close(fd)
        guard ok else {
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let why = systemError()
            unlink(temporary)
            throw .cannotWrite(path: path, reason: why)
        }
    }

    /// Every byte of the file at `path`.
    package static func read(from path: String) throws(ModelFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(path: path, reason: systemError()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: systemError())
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}

// The C library's read(2) and write(2), named apart from the types' own `read`/`write`.
private func writeBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func readBytes(_ fd: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, bytes, count) }
