import Foundation
import GisementShared
import TestSupport
import Testing

struct JSONWriterTests {
    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(true), "true"), (.integer(-9_223_372_036_854_775_808), "-9223372036854775808"),
        (.integer(0), "0"), (.double(12.5), "12.5"), (.double(3), "3"), (.double(.nan), "null"),
        (.double(.infinity), "null"), (.string("a\"b\\c\n\u{01}é"), #""a\"b\\c\n\u0001é""#),
        (.array([.integer(1), .string("x")]), #"[1,"x"]"#),
        (.object(["b": .integer(1), "a": .null]), #"{"b":1,"a":null}"#),
    ] as [(JSONValue, String)])
    func encode_writesCompactJSON(value: JSONValue, expected: String) {
        #expect(JSONWriter.string(value) == expected)
    }

    @Test func writeThenParse_roundTrips_randomDocuments() throws {
        for seed in PropertyRuns.seeds(default: 300, salt: 11) {
            var random = SplitMix64(seed: seed)
            let value = Self.randomValue(depth: 0, using: &random)
            let bytes = JSONWriter.encode(value)
            let parsed = try JSONParser.parse(bytes)
            #expect(parsed == value, "seed \(seed): \(JSONWriter.string(value))")
            // Foundation agrees that the text is JSON.
            #expect(throws: Never.self, "seed \(seed)") {
                _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            }
        }
    }

    /// A random document; doubles are always fractional so that they read back as doubles.
    static func randomValue(depth: Int, using random: inout SplitMix64) -> JSONValue {
        switch random.int(0...(depth > 3 ? 4 : 6)) {
        case 0: return .null
        case 1: return .bool(random.chance(0.5))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 3: return .double(Double(random.int(-1_000_000...1_000_000)) + 0.25)
        case 4: return .string(randomText(using: &random))
        case 5: return .array((0..<random.int(0...4)).map { _ in randomValue(depth: depth + 1, using: &random) })
        default:
            var object = JSONObject()
            for i in 0..<random.int(0...4) {
                object[randomText(using: &random) + "\(i)"] = randomValue(depth: depth + 1, using: &random)
            }
            return .object(object)
        }
    }

    static func randomText(using random: inout SplitMix64) -> String {
        let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "€", "😀", "中", "\u{7F}"]
        return (0..<random.int(0...8)).map { _ in random.pick(pieces) }.joined()
    }
}
