import Foundation
import GisementShared
import TestSupport
import Testing

struct ChangeCodecTests {
    @Test func encode_writesTheContractsExactJSON() {
        let change = ChangeFactory.make()
        let text = String(decoding: ChangeCodec.encode(change), as: UTF8.self)
        #expect(
            text == #"{"kind":"collection","id":"c-7f3a","field":"weight_kg","value":12.5,"hlc":"1763720130123:0","#
                + #""replica":"r-4f9a","counter":42,"clock":{"r-4f9a":42,"r-77aa":17}}"#)
        var withSeq = change
        withSeq.seq = 9
        withSeq.kind = .pilotTest
        withSeq.value = .null
        let served = String(decoding: ChangeCodec.encode([withSeq]), as: UTF8.self)
        #expect(served.hasPrefix(#"[{"kind":"test","#))
        #expect(served.hasSuffix(#""value":null,"hlc":"1763720130123:0","replica":"r-4f9a","counter":42,"clock":{"r-4f9a":42,"r-77aa":17},"seq":9}]"#))
    }

    @Test(arguments: [
        (FieldValue.decimal(3), "3.0"), (.decimal(12.5), "12.5"), (.decimal(1e-7), "1e-07"), (.decimal(-0.0), "-0.0"),
        (.decimal(.nan), "null"), (.integer(-7), "-7"), (.bool(false), "false"), (.text("a\"\n"), #""a\"\n""#),
    ])
    func encode_writesValues_soThatDecimalsStayDecimals(value: FieldValue, json: String) {
        let text = String(decoding: ChangeCodec.encode(ChangeFactory.make(value: value)), as: UTF8.self)
        #expect(text.contains(#""value":\#(json),"hlc""#))
    }

    @Test func decode_readsTheContractExample_withSpacesAndAnyKeyOrder() throws {
        let text = """
            [ {"clock": {"r-77aa": 17, "r-4f9a": 42}, "counter": 42, "replica": "r-4f9a",
               "hlc": "1763720130123:0", "value": 12.5, "field": "weight_kg", "id": "c-7f3a",
               "kind": "collection", "extra": {"ignored": [1, 2, {"x": null}]}} ]
            """
        let changes = try ChangeCodec.decode(Array(text.utf8))
        #expect(changes == [ChangeFactory.make()])
    }

    @Test func decode_mapsNumbers_integralToInteger_otherToDecimal() throws {
        func value(_ json: String) throws -> FieldValue {
            let text = String(decoding: ChangeCodec.encode(ChangeFactory.make()), as: UTF8.self)
                .replacingOccurrences(of: #""value":12.5"#, with: #""value":\#(json)"#)
            return try ChangeCodec.decodeChange(Array(text.utf8)).value
        }
        #expect(try value("12") == .integer(12))
        #expect(try value("-0") == .integer(0))
        #expect(try value("12.0") == .decimal(12))
        #expect(try value("1e2") == .decimal(100))
        #expect(try value("9223372036854775808") == .decimal(9_223_372_036_854_775_808))
        #expect(try value("\"12\"") == .text("12"))
        #expect(try value("true") == .bool(true))
        #expect(try value("null") == .null)
        #expect(try value(#""\u00e9\ud83d\ude00""#) == .text("é😀"))
    }

    @Test func decode_acceptsEscapedKeysAndKinds_andNullSeq() throws {
        let text = #"{"k\u0069nd":"t\u0065st","id":"x","field":"name","value":"n","hlc":"1:0","replica":"r","#
            + #""counter":1,"clock":{"r":1},"seq":null}"#
        let change = try ChangeCodec.decodeChange(Array(text.utf8))
        #expect(change.kind == .pilotTest && change.seq == nil)
    }

    @Test func roundTrip_ofRandomChanges_isExact_andFoundationAgrees() throws {
        for seed in PropertyRuns.seeds(default: 200, salt: 21) {
            var random = SplitMix64(seed: seed)
            let changes = (0..<random.int(0...20)).map { _ in ChangeFactory.random(using: &random) }
            let bytes = ChangeCodec.encode(changes)
            let decoded = try ChangeCodec.decode(bytes)
            #expect(decoded == changes.map(Self.wireForm), "seed \(seed)")
            // Oracle 1: Foundation reads our bytes as the same changes.
            let objects = try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]]
            let foundation = try #require(objects, "seed \(seed)")
            #expect(foundation.count == changes.count)
            for (object, change) in zip(foundation, changes) {
                #expect(Self.matches(object, change), "seed \(seed): \(object) vs \(change)")
            }
            // Oracle 2: we read what Foundation writes (its own key order and number forms).
            let written = try JSONSerialization.data(withJSONObject: changes.map(Self.foundationObject))
            let reread = try ChangeCodec.decode(Array(written))
            #expect(reread.count == changes.count)
            for (read, change) in zip(reread, changes) {
                var expected = Self.wireForm(change)
                expected.value = read.value
                #expect(read == expected, "seed \(seed)")
                #expect(Self.sameNumberOrValue(read.value, change.value), "seed \(seed): \(read.value) vs \(change.value)")
            }
            // The key order is the contract's.
            if let first = changes.first {
                let keys = try JSONParser.parse(ChangeCodec.encode(first)).objectValue?.keys
                let expected = ["kind", "id", "field", "value", "hlc", "replica", "counter", "clock"]
                #expect(keys == expected + (first.seq == nil ? [] : ["seq"]), "seed \(seed)")
            }
        }
    }

    /// What a change reads back as: NaN and infinity have no JSON form and become null.
    static func wireForm(_ change: Change) -> Change {
        var copy = change
        if case .decimal(let d) = change.value, !d.isFinite { copy.value = .null }
        return copy
    }

    static func sameNumberOrValue(_ a: FieldValue, _ b: FieldValue) -> Bool {
        if let x = a.numberValue, let y = b.numberValue {
            if case .integer(let i) = a, case .integer(let j) = b { return i == j }
            return x == y
        }
        return a == b
    }

    static func foundationObject(_ change: Change) -> [String: Any] {
        var object: [String: Any] = [
            "kind": change.kind.rawValue, "id": change.id, "field": change.field, "hlc": change.hlc.description,
            "replica": change.replica, "counter": change.counter,
            "clock": Dictionary(uniqueKeysWithValues: change.clock.entries.map { ($0.replica, $0.counter) }),
        ]
        switch change.value {
        case .null: object["value"] = NSNull()
        case .bool(let b): object["value"] = b
        case .integer(let i): object["value"] = i
        case .decimal(let d): object["value"] = d
        case .text(let s): object["value"] = s
        }
        if let seq = change.seq { object["seq"] = seq }
        return object
    }

    static func matches(_ object: [String: Any], _ change: Change) -> Bool {
        guard object["kind"] as? String == change.kind.rawValue, object["id"] as? String == change.id,
            object["field"] as? String == change.field, object["hlc"] as? String == change.hlc.description,
            object["replica"] as? String == change.replica,
            (object["counter"] as? NSNumber)?.uint64Value == change.counter,
            let clock = object["clock"] as? [String: Any], clock.count == change.clock.entries.count,
            change.clock.entries.allSatisfy({ (clock[$0.replica] as? NSNumber)?.uint64Value == $0.counter }),
            (object["seq"] as? NSNumber)?.int64Value == change.seq
        else { return false }
        switch change.value {
        case .null: return object["value"] is NSNull
        case .bool(let b): return (object["value"] as? Bool) == b
        case .integer(let i): return (object["value"] as? NSNumber)?.int64Value == i
        case .decimal(let d):
            guard d.isFinite else { return object["value"] is NSNull }
            return (object["value"] as? NSNumber)?.doubleValue == d
        case .text(let s): return object["value"] as? String == s
        }
    }
}
