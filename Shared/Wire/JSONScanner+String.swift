extension JSONScanner {
    /// Scans a string at the current position (its opening quote), checking escapes
    /// (RFC 8259 §7), surrogate pairs and UTF-8 (RFC 3629 §4), without building it.
    mutating func scanString() throws(JSONParseError) -> RawString {
        let quote = try peek()
        guard quote == UInt8(ascii: "\"") else { throw fail(.unexpected(byte: quote, expected: "a string")) }
        position += 1
        let start = position
        let limit = start + limits.maxStringBytes
        var hasEscapes = false
        while true {
            skipPlainASCII()
            guard position < bytes.count else { throw fail(.unexpectedEnd) }
            if position > limit { throw fail(.stringTooLong(limit: limits.maxStringBytes), at: start) }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return RawString(start: start, end: position - 1, hasEscapes: hasEscapes)
            } else if c == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if c < 0x20 {
                throw fail(.controlCharacter)
            } else if c < 0x80 {
                position += 1
            } else {
                try scanUTF8Sequence()
            }
        }
    }

    /// Steps over printable ASCII other than `"` and `\\`, eight bytes at a time (SWAR: a word
    /// holds such a byte exactly when none of its bytes is a quote, a backslash, a control
    /// character or above 0x7F). Stops before any byte that needs a closer look.
    @inline(__always)
    private mutating func skipPlainASCII() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        while position + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                | word
            if special & highs != 0 { break }
            position += 8
        }
        while position < bytes.count {
            let c = bytes[position]
            if c < 0x20 || c >= 0x80 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return }
            position += 1
        }
    }

    /// Reads a string and builds it.
    mutating func readString() throws(JSONParseError) -> String {
        makeString(try scanString())
    }

    /// Builds the String of a scanned string (escapes already checked by ``scanString()``).
    func makeString(_ raw: RawString) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end])
        guard raw.hasEscapes else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            let c = slice[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = slice[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(JSONScanner.hex4(slice, i)!)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    let low = UInt32(JSONScanner.hex4(slice, i + 2)!)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                JSONScanner.appendUTF8(scalar, to: &out)
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a scanned string without escapes is exactly `literal` (ASCII).
    @inline(__always)
    func rawEquals(_ raw: RawString, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard !raw.hasEscapes, raw.end - raw.start == count else { return false }
        let p = literal.utf8Start
        for i in 0..<count where bytes[raw.start + i] != p[i] { return false }
        return true
    }

    /// The raw bytes of a scanned string without escapes.
    func rawBytes(_ raw: RawString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end])
    }

    private mutating func scanEscape() throws(JSONParseError) {
        guard position + 1 < bytes.count else { throw fail(.unexpectedEnd) }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            guard let unit = JSONScanner.hex4(bytes, position + 2) else { throw fail(.invalidUnicodeEscape) }
            if unit >= 0xDC00 && unit < 0xE000 { throw fail(.loneSurrogate) }
            if unit >= 0xD800 && unit < 0xDC00 {
                // A high surrogate must be followed at once by `\u` and a low surrogate.
                let next = position + 6
                guard next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u")
                else { throw fail(.loneSurrogate) }
                guard let low = JSONScanner.hex4(bytes, next + 2) else { throw fail(.invalidUnicodeEscape, at: next) }
                guard low >= 0xDC00 && low < 0xE000 else { throw fail(.loneSurrogate) }
                position += 12
            } else {
                position += 6
            }
        default:
            throw fail(.invalidEscape)
        }
    }

    /// Checks one multi-byte UTF-8 sequence at `position` (RFC 3629 §4: no overlong forms,
    /// no surrogates, nothing above U+10FFFF) and steps over it.
    private mutating func scanUTF8Sequence() throws(JSONParseError) {
        let b0 = bytes[position]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw fail(.invalidUTF8)
        }
        guard position + length <= bytes.count else { throw fail(.invalidUTF8) }
        let b1 = bytes[position + 1]
        guard b1 >= low && b1 <= high else { throw fail(.invalidUTF8) }
        for k in 2..<max(2, length) where bytes[position + k] & 0xC0 != 0x80 { throw fail(.invalidUTF8) }
        position += length
    }

    /// Four hexadecimal digits at `at`, or nil.
    static func hex4(_ buffer: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt16? {
        guard at + 4 <= buffer.count else { return nil }
        var value: UInt16 = 0
        for k in 0..<4 {
            let c = buffer[at + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
