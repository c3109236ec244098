import FoundationEssentials

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
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        return encoder
    }

    /// Reads what ``encoder()`` writes, the non-finite numbers included.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        return decoder
    }

    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// Makes `directory` (and its parents) if missing.
    package static func makeDirectory(_ directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Writes `value` as JSON to `path`.
    package static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        try encoder().encode(value).write(to: URL(fileURLWithPath: path))
    }

    /// Writes `text` as UTF-8 to `path`.
    package static func writeText(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
