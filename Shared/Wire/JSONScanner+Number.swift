extension JSONScanner {
    /// Exact powers of ten for the fast path (every one up to 1e22 is exact in a Double).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Reads a number (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    ///
    /// An integral literal (no fraction, no exponent) that fits Int64 is `.integer`; anything
    /// else is `.double`. A number too large for a Double is refused rather than made infinite.
    mutating func readNumber() throws(JSONParseError) -> Number {
        skipWhitespace()
        let start = position
        let count = bytes.count
        var isNegative = false
        if position < count, bytes[position] == UInt8(ascii: "-") {
            isNegative = true
            position += 1
        }
        guard position < count else { throw fail(.unexpectedEnd) }
        var mantissa: UInt64 = 0
        var significantDigits = 0  // digits accumulated into mantissa, leading zeros excluded
        var droppedDigits = 0  // integer digits beyond what the mantissa holds
        var overflow = false
        let first = bytes[position]
        if first == UInt8(ascii: "0") {
            position += 1
            if position < count, isDigit(bytes[position]) { throw fail(.invalidNumber, at: start) }
        } else if first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") {
            while position < count, isDigit(bytes[position]) {
                let d = UInt64(bytes[position] &- UInt8(ascii: "0"))
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    significantDigits += 1
                } else {
                    overflow = true
                    droppedDigits += 1
                }
                position += 1
            }
        } else {
            throw fail(.invalidNumber, at: start)
        }
        var fractionDigits = 0
        var isIntegral = true
        if position < count, bytes[position] == UInt8(ascii: ".") {
            isIntegral = false
            position += 1
            let fractionStart = position
            while position < count, isDigit(bytes[position]) {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[position] &- UInt8(ascii: "0"))
                    if mantissa != 0 { significantDigits += 1 }
                    fractionDigits += 1
                } else {
                    overflow = true
                }
                position += 1
            }
            if position == fractionStart { throw fail(.invalidNumber, at: start) }
        }
        var exponent = 0
        if position < count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isIntegral = false
            position += 1
            var exponentNegative = false
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            let exponentStart = position
            while position < count, isDigit(bytes[position]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[position] &- UInt8(ascii: "0")) }
                position += 1
            }
            if position == exponentStart { throw fail(.invalidNumber, at: start) }
            if exponentNegative { exponent = -exponent }
        }
        if isIntegral && !overflow {
            if !isNegative, mantissa <= UInt64(Int64.max) { return .integer(Int64(mantissa)) }
            if isNegative, mantissa <= UInt64(Int64.max) + 1 { return .integer(0 &- Int64(truncatingIfNeeded: mantissa)) }
        }
        // Clinger's fast path: both the mantissa and the power of ten are exact, so one
        // multiplication or division rounds correctly.
        let scale = exponent - fractionDigits + droppedDigits
        if !overflow, mantissa <= 1 << 53, scale >= -22, scale <= 22 {
            var value = Double(mantissa)
            value = scale < 0 ? value / JSONScanner.powersOfTen[-scale] : value * JSONScanner.powersOfTen[scale]
            return .double(isNegative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail(.numberOutOfRange, at: start) }
        return .double(value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
