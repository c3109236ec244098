import FoundationEssentials
import HogwildData
import HogwildPlatform

/// Writing result files: one JSON encoder set-up, directories made before anything
/// is written, every file's path in its error.
package enum ResultFiles {
    /// Pretty-printed, sorted keys: files that diff well between runs. A diverged
    /// run's objective (NaN or ±∞, which JSON has no number for) is written as the
    /// string "nan", "inf" or "-inf" rather than failing the whole file: a 16-core sweep
    /// lost every result once because one run of it diverged.
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return encoder
    }

    /// Reads what ``encoder()`` writes, the non-finite numbers included.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return decoder
    }

    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// Makes `directory` (and its parents) if missing; a failure names the directory
    /// and the cause in plain words.
    package static func makeDirectory(_ directory: String) throws(FormatError) {
        var path = ""
        for (index, part) in directory.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            path += index == 0 ? String(part) : "/" + part
            guard !part.isEmpty, part != ".", access(path, F_OK) != 0 else { continue }
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw .cannotCreateDirectory(path: path, reason: String(cString: strerror(errno)))
            }
        }
        var status = stat()
        guard stat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .cannotCreateDirectory(path: directory, reason: "a file of that name is in the way")
        }
        guard access(directory, W_OK) == 0 else {
            throw .writeFailed(
                path: directory, reason: "the directory is not writable (\(String(cString: strerror(errno))))")
        }
    }

    /// Writes `value` as JSON to `path`.
    package static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        try writeBytes(Array(encoder().encode(value)), to: path)
    }

    /// Writes `text` as UTF-8 to `path`.
    package static func writeText(_ text: String, to path: String) throws(FormatError) {
        try writeBytes(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` (created or truncated); every failure (a full disk
    /// included, found at the write or at the close) names the file and the cause.
    package static func writeBytes(_ bytes: [UInt8], to path: String) throws(FormatError) {
        let output = try OutputFile(path: path)
        try output.write(bytes: bytes)
        try output.close()
    }
}
