import GisementShared
import Testing

struct JSONParserTests {
    private func parse(_ text: String, limits: JSONParser.Limits = JSONParser.Limits()) throws(JSONParseError)
        -> JSONValue
    {
        try JSONParser.parse(text, limits: limits)
    }

    private func reason(_ text: String, limits: JSONParser.Limits = JSONParser.Limits()) -> JSONParseError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)), ("0", .integer(0)),
        ("-0", .integer(0)), ("42", .integer(42)), ("-17", .integer(-17)),
        ("9223372036854775807", .integer(Int64.max)), ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("1.5", .double(1.5)),
        ("-0.125", .double(-0.125)), ("1e3", .double(1000)), ("1E+3", .double(1000)), ("2.5e-3", .double(0.0025)),
        ("0.1", .double(0.1)), ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)), ("5e-324", .double(.leastNonzeroMagnitude)),
        ("1e-400", .double(0)), ("12.50", .double(12.5)),
        (#""""#, .string("")), (#""a\"b\\c\/d""#, .string("a\"b\\c/d")),
        (#""\b\f\n\r\t""#, .string("\u{08}\u{0C}\n\r\t")), (#""\u00e9\u20AC""#, .string("é€")),
        (#""\ud83d\ude00""#, .string("😀")), ("\"é😀\"", .string("é😀")), ("[]", .array([])),
        (" [1, \"x\" , null]\n", .array([.integer(1), .string("x"), .null])), ("{}", .object([:])),
    ] as [(String, JSONValue)])
    func parse_reads(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test func parse_keepsObjectKeyOrder() throws {
        let value = try parse(#"{"b": 1, "a": {"z": [true], "y": false}}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["a"]?.objectValue?.keys == ["z", "y"])
        #expect(value["a"]?["z"] == .array([.bool(true)]))
    }

    @Test(arguments: [
        ("", 0), ("   ", 3), ("[1,]", 3), ("{\"a\":1,}", 7), ("[1 2]", 3), ("{\"a\" 1}", 5), ("{a:1}", 1),
        ("[01]", 1), ("[1.]", 1), ("[.5]", 1), ("[1e]", 1), ("[-]", 1), ("[+1]", 1), ("NaN", 0), ("[Infinity]", 1),
        ("[-Infinity]", 1), ("1e400", 0), ("tru", 3), ("nul", 3), ("[true false]", 6), ("\"abc", 4), ("\"\\x\"", 1),
        ("\"\\u12\"", 1), ("\"\\u12g4\"", 1), ("\"\\ud83d\"", 1), ("\"\\ud83dx\"", 1), ("\"\\ude00\"", 1),
        ("\"\\ud83d\\u0041\"", 1), ("\"a\tb\"", 2), ("\"a\nb\"", 2), ("{\"a\":1,\"a\":2}", 7), ("1 2", 2),
        ("[1]x", 3), ("{\"a\":1}}", 7), ("[,1]", 1), ("{,}", 1), ("'a'", 0), ("[1,,2]", 3), ("// x\n1", 0),
    ])
    func parse_rejects_withOffset(text: String, offset: Int) {
        let error = reason(text)
        #expect(error != nil, "accepted \(text)")
        #expect(error?.offset == offset, "\(text): \(error.map { "\($0)" } ?? "")")
    }

    @Test(arguments: [
        [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xFF], [0xF0, 0x9F, 0x98],
    ] as [[UInt8]])
    func parse_rejects_invalidUTF8(bytes: [UInt8]) {
        let document = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
        #expect(throws: JSONParseError(offset: 1, reason: .invalidUTF8)) { try JSONParser.parse(document) }
    }

    @Test func parse_rejects_rawNonASCII_outsideStrings() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0xC3, 0xA9]) }
    }

    @Test func parse_enforcesDepthLimit() throws {
        let limits = JSONParser.Limits(maxDepth: 64)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(ok, limits: limits).arrayValue?.count == 1)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(reason(deep, limits: limits)?.reason == .tooDeep(limit: 64))
        // Far deeper than any stack would bear: refused, no crash.
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(reason(hostile)?.reason == .tooDeep(limit: 64))
    }

    @Test func parse_enforcesStringAndDocumentLimits() {
        let limits = JSONParser.Limits(maxDepth: 8, maxStringBytes: 10, maxDocumentBytes: 40)
        #expect(reason("\"0123456789\"", limits: limits) == nil)
        #expect(reason("\"0123456789a\"", limits: limits)?.reason == .stringTooLong(limit: 10))
        let big = "[" + String(repeating: "1,", count: 30) + "1]"
        #expect(reason(big, limits: limits)?.reason == .documentTooLarge(limit: 40))
    }

    @Test func parse_reportsDuplicateKey_andTrailingComma() {
        #expect(reason(#"{"a":1,"a":2}"#)?.reason == .duplicateKey("a"))
        #expect(reason("[1,]")?.reason == .trailingComma)
        #expect(reason("{\"a\":1,}")?.reason == .trailingComma)
    }

    @Test func parse_readsRawBuffers() throws {
        let bytes = Array(#"{"cursor": 42}"#.utf8)
        let value = try bytes.withUnsafeBytes { buffer throws(JSONParseError) in try JSONParser.parse(buffer) }
        #expect(value["cursor"]?.integerValue == 42)
    }

    @Test func errorDescription_namesOffsetAndProblem() {
        let error = reason("[1,}")
        #expect(error?.description == "invalid JSON at byte 3: a comma is followed by a closing bracket")
        #expect(reason("[x]")?.description == "invalid JSON at byte 1: found 'x' where a value was expected")
    }
}
