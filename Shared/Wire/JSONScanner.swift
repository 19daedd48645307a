/// The byte-level lexer behind ``JSONParser`` and ``ChangeCodec``: reads one token at a time
/// from a buffer, checking RFC 8259 strictly (grammar, escapes, UTF-8) without building values
/// it is not asked for.
///
/// Only valid inside the `withUnsafeBufferPointer` call that produced `bytes`.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    let limits: JSONParser.Limits
    private(set) var depth = 0

    /// A scanned string: where its content lies in the buffer and whether it needs decoding.
    struct RawString {
        var start: Int
        var end: Int
        var hasEscapes: Bool
    }

    /// A scanned number: an integral literal that fits Int64, or any other number.
    enum Number {
        case integer(Int64)
        case double(Double)
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONParser.Limits) throws(JSONParseError) {
        self.bytes = bytes
        self.limits = limits
        if bytes.count > limits.maxDocumentBytes {
            throw JSONParseError(offset: limits.maxDocumentBytes, reason: .documentTooLarge(limit: limits.maxDocumentBytes))
        }
    }

    func fail(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next byte that is not white space, without consuming it.
    @inline(__always)
    mutating func peek() throws(JSONParseError) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw fail(.unexpectedEnd) }
        return bytes[position]
    }

    /// Consumes `byte` (after white space) or throws, naming what was `expected`.
    @inline(__always)
    mutating func expect(_ byte: UInt8, _ expected: String) throws(JSONParseError) {
        let next = try peek()
        guard next == byte else { throw fail(.unexpected(byte: next, expected: expected)) }
        position += 1
    }

    /// Consumes `byte` when it comes next (after white space).
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if position < bytes.count, bytes[position] == byte {
            position += 1
            return true
        }
        return false
    }

    /// After a `,` inside an array or object: refuses `]` / `}` (a trailing comma).
    mutating func refuseTrailingComma() throws(JSONParseError) {
        let next = try peek()
        if next == UInt8(ascii: "]") || next == UInt8(ascii: "}") { throw fail(.trailingComma) }
    }

    /// Opens an array or object level, enforcing the depth limit.
    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > limits.maxDepth { throw fail(.tooDeep(limit: limits.maxDepth)) }
    }

    mutating func leave() { depth -= 1 }

    /// Checks that only white space follows the document's value.
    mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        if position < bytes.count { throw fail(.trailingData) }
    }

    // MARK: Literals

    /// Reads `true`, `false` or `null` at the current position.
    mutating func readLiteral() throws(JSONParseError) -> JSONValue {
        let first = try peek()
        let word: StaticString
        let value: JSONValue
        switch first {
        case UInt8(ascii: "t"): word = "true"; value = .bool(true)
        case UInt8(ascii: "f"): word = "false"; value = .bool(false)
        case UInt8(ascii: "n"): word = "null"; value = .null
        default: throw fail(.unexpected(byte: first, expected: "a value"))
        }
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        for i in 0..<count {
            guard position + i < bytes.count else { throw fail(.unexpectedEnd, at: bytes.count) }
            let b = bytes[position + i]
            if b != start[i] { throw fail(.unexpected(byte: b, expected: "the literal \(word)"), at: position + i) }
        }
        position += count
        return value
    }

    // MARK: Skipping

    /// Skips one whole value, checking it as strictly as if it were parsed.
    mutating func skipValue() throws(JSONParseError) {
        let first = try peek()
        switch first {
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        case UInt8(ascii: "["):
            try enter()
            position += 1
            if !consume(UInt8(ascii: "]")) {
                repeat {
                    try refuseTrailingComma()
                    try skipValue()
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"), "',' or ']'")
            }
            leave()
        case UInt8(ascii: "{"):
            try enter()
            position += 1
            if !consume(UInt8(ascii: "}")) {
                var names: Set<String> = []
                repeat {
                    try refuseTrailingComma()
                    let name = try readKey()
                    if !names.insert(name).inserted { throw fail(.duplicateKey(name)) }
                    try skipValue()
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"), "',' or '}'")
            }
            leave()
        default: _ = try readLiteral()
        }
    }

    /// Reads an object member's name and its `:`.
    mutating func readKey() throws(JSONParseError) -> String {
        let next = try peek()
        guard next == UInt8(ascii: "\"") else { throw fail(.unexpected(byte: next, expected: "a string key")) }
        let name = try readString()
        try expect(UInt8(ascii: ":"), "':'")
        return name
    }
}
