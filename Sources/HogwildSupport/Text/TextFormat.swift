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

/// Numbers written for people and for files that other tools read.
package enum Number {
    /// Up to 6 significant digits, the shortest form ("%.6g"): 0.0727, 4.5, 1.2e+23.
    package static func compact(_ value: Double) -> String { String(printf: "%.6g", value) }
    package static func compact(_ value: Float) -> String { compact(Double(value)) }

    /// Up to 4 significant digits for a message: 1.118e+23, 0.2651, 265.3.
    package static func readable(_ value: Double) -> String { String(printf: "%.4g", value) }

    /// An integer with thousands separated by commas: 63,697.
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
