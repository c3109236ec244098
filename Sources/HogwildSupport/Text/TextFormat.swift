import HogwildPlatform

package extension String {
    /// A number (or numbers) laid out by a C `printf` format ("%.3f", "%8.2f×"): the
    /// result tables and plots need fixed widths and significant digits, which the
    /// standard library does not format, and `String(format:)` needs full Foundation.
    init(printf format: String, _ arguments: CVarArg...) {
        var size = 64
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let written = withVaList(arguments) { list in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, size, format, list) }
            }
            if written < 0 {
                self = format
                return
            }
            if Int(written) < size {
                self = String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return
            }
            size = Int(written) + 1
        }
    }

    /// The string padded with spaces on the right to `width` characters (never cut).
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
