import HogwildPlatform

/// Walks the fields of one line in place, parsing numbers straight from the bytes.
/// Every failure names the 1-based column where the offending field starts, so
/// readers can report `file:line:column: problem`.
struct FieldCursor {
    let line: UnsafeMutableBufferPointer<UInt8>
    private(set) var position = 0

    init(_ line: UnsafeMutableBufferPointer<UInt8>) { self.line = line }

    /// The 1-based column of the next byte.
    var column: Int { position + 1 }
    var atEnd: Bool { position >= line.count }
    var current: UInt8? { atEnd ? nil : line[position] }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    mutating func skipSpaces() {
        while position < line.count, Self.isSpace(line[position]) { position += 1 }
    }

    /// Whether only spaces (or a `#` comment) remain.
    mutating func isBlankOrComment() -> Bool {
        skipSpaces()
        return atEnd || line[position] == UInt8(ascii: "#")
    }

    mutating func advance(_ n: Int = 1) { position = min(line.count, position + n) }

    /// The bytes up to (not including) the next byte that `isEnd` accepts.
    mutating func token(until isEnd: (UInt8) -> Bool) -> UnsafeMutableBufferPointer<UInt8> {
        let begin = position
        while position < line.count, !isEnd(line[position]) { position += 1 }
        return UnsafeMutableBufferPointer(rebasing: line[begin..<position])
    }

    /// The text of a token, for error messages (truncated).
    static func text(_ token: UnsafeMutableBufferPointer<UInt8>) -> String {
        let shown = String(decoding: token.prefix(40), as: UTF8.self)
        return token.count > 40 ? shown + "…" : shown
    }

    /// Parses a whole token as a decimal integer (optional sign); nil if it is not one.
    static func integer(_ token: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard !token.isEmpty else { return nil }
        var i = 0
        var negative = false
        if token[0] == UInt8(ascii: "-") || token[0] == UInt8(ascii: "+") {
            negative = token[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < token.count else { return nil }
        var value = 0
        while i < token.count {
            let d = Int(token[i]) - 48
            guard d >= 0, d <= 9 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = s
            i += 1
        }
        return negative ? -value : value
    }

    /// Parses a whole token as a `Float`, correctly rounded; nil if it is not a number.
    /// Plain decimals with at most 7 significant digits take Clinger's fast path (an
    /// exact integer divided or multiplied by an exact power of ten: one IEEE
    /// rounding, so still correct); anything else goes through `strtof`.
    static func float(_ token: UnsafeMutableBufferPointer<UInt8>) -> Float? {
        guard !token.isEmpty else { return nil }
        if let fast = fastFloat(token) { return fast }
        // strtof needs a terminator: borrow the byte after the token (the line
        // buffer always has one spare byte past its end).
        let base = token.baseAddress!
        let saved = base[token.count]
        base[token.count] = 0
        defer { base[token.count] = saved }
        var endPointer: UnsafeMutablePointer<CChar>?
        let value = base.withMemoryRebound(to: CChar.self, capacity: token.count + 1) { text -> Float in
            strtof(text, &endPointer)
        }
        let consumed = endPointer.map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(base) } ?? 0
        guard consumed == token.count else { return nil }
        return value
    }

    static let powersOfTen: [Float] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

    static func fastFloat(_ token: UnsafeMutableBufferPointer<UInt8>) -> Float? {
        var i = 0
        var negative = false
        if token[0] == UInt8(ascii: "-") || token[0] == UInt8(ascii: "+") {
            negative = token[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt32 = 0
        var digits = 0
        var fraction = 0
        var seenDot = false
        var any = false
        while i < token.count {
            let b = token[i]
            if b == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else if b >= 48, b <= 57 {
                any = true
                if mantissa != 0 || b != 48 { digits += 1 }
                if digits > 7 { return nil }
                mantissa = mantissa * 10 + UInt32(b - 48)
                if seenDot { fraction += 1 }
            } else {
                return nil  // exponent, inf, nan, hex: the slow path decides
            }
            i += 1
        }
        guard any, fraction <= 10 else { return nil }
        let value = Float(mantissa) / powersOfTen[fraction]
        return negative ? -value : value
    }
}
