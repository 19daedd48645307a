/// A strict RFC 8259 JSON parser over bytes, producing a ``JSONValue``.
///
/// Strict means: no trailing commas, no comments, no `NaN` or `Infinity`, no leading zeros,
/// `\u` escapes checked (surrogates must pair), strings checked as UTF-8, no duplicate keys,
/// nothing but white space after the value. It enforces explicit ``Limits`` so that a hostile
/// body cannot exhaust the stack or memory. Integral literals that fit Int64 become
/// `.integer`; every other number becomes `.double`.
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"cursor": 42}"#.utf8))
/// value["cursor"]?.integerValue  // 42
/// ```
///
/// The change lists of the sync protocol do not go through here: ``ChangeCodec`` reads them
/// straight from the bytes with the same lexer.
public enum JSONParser {
    /// Bounds a parse, so that bad input fails fast with ``JSONParseError`` instead of a crash.
    public struct Limits: Hashable, Sendable {
        /// How deeply arrays and objects may nest.
        public var maxDepth: Int
        /// The longest string, in UTF-8 bytes as written (escapes counted as written).
        public var maxStringBytes: Int
        /// The longest document, in bytes.
        public var maxDocumentBytes: Int

        public init(maxDepth: Int = 64, maxStringBytes: Int = 1 << 20, maxDocumentBytes: Int = 64 << 20) {
            self.maxDepth = maxDepth
            self.maxStringBytes = maxStringBytes
            self.maxDocumentBytes = maxDocumentBytes
        }
    }

    /// Parses a whole document.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            try parse(buffer, limits: limits)
        }
    }

    /// Parses a whole document held in raw memory (for example `Data.withUnsafeBytes`).
    public static func parse(_ buffer: UnsafeRawBufferPointer, limits: Limits = Limits()) throws(JSONParseError)
        -> JSONValue
    {
        try parse(buffer.bindMemory(to: UInt8.self), limits: limits)
    }

    /// Parses a document given as text.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, limits: Limits) throws(JSONParseError) -> JSONValue {
        var scanner = try JSONScanner(buffer, limits: limits)
        let value = try scanner.readValue()
        try scanner.expectEnd()
        return value
    }
}

extension JSONScanner {
    /// Reads any value into a tree.
    mutating func readValue() throws(JSONParseError) -> JSONValue {
        let first = try peek()
        switch first {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            switch try readNumber() {
            case .integer(let i): return .integer(i)
            case .double(let d): return .double(d)
            }
        case UInt8(ascii: "["):
            try enter()
            position += 1
            var items: [JSONValue] = []
            if !consume(UInt8(ascii: "]")) {
                repeat {
                    try refuseTrailingComma()
                    items.append(try readValue())
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"), "',' or ']'")
            }
            leave()
            return .array(items)
        case UInt8(ascii: "{"):
            try enter()
            position += 1
            var object = JSONObject()
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    try refuseTrailingComma()
                    let keyOffset = position
                    let key = try readKey()
                    let value = try readValue()
                    if object[key] != nil { throw fail(.duplicateKey(key), at: keyOffset) }
                    object[key] = value
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"), "',' or '}'")
            }
            leave()
            return .object(object)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try readLiteral()
        default:
            throw fail(.unexpected(byte: first, expected: "a value"))
        }
    }
}
