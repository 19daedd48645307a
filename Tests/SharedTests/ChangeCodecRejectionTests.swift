import GisementShared
import TestSupport
import Testing

struct ChangeCodecRejectionTests {
    /// A valid change as text, with `replacing` swapped in for the part named `of`.
    static func change(_ of: String = "", _ replacing: String = "") -> String {
        let text = String(decoding: ChangeCodec.encode(ChangeFactory.make()), as: UTF8.self)
        return of.isEmpty ? text : text.replacingOccurrences(of: of, with: replacing)
    }

    /// A valid change as text with `members` added before its closing brace.
    static func change(appending members: String) -> String {
        String(change().dropLast()) + members + "}"
    }

    /// A push body whose change 1 (of three) is `bad`.
    static func body(_ bad: String) -> [UInt8] {
        Array(#"{"replica":"r-4f9a","changes":[\#(change()),\#(bad),\#(change())]}"#.utf8)
    }

    static func error(_ bytes: [UInt8]) -> WireError? {
        do {
            _ = try PushBody.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (change(#""kind":"collection""#, #""kind":"car""#), "kind"),
        (change(#""kind":"collection""#, #""kind":"collections""#), "kind"),
        (change(#""kind":"collection""#, #""kind":7"#), "kind"),
        (change(#""kind":"collection","#, ""), "kind"),
        (change(#""id":"c-7f3a""#, #""id":5"#), "id"),
        (change(#""id":"c-7f3a","#, ""), "id"),
        (change(#""field":"weight_kg""#, #""field":null"#), "field"),
        (change(#""value":12.5"#, #""value":[12.5]"#), "value"),
        (change(#""value":12.5"#, #""value":{"kg":12.5}"#), "value"),
        (change(#""value":12.5,"#, ""), "value"),
        (change(#""hlc":"1763720130123:0""#, #""hlc":"1763720130123""#), "hlc"),
        (change(#""hlc":"1763720130123:0""#, #""hlc":"-1:0""#), "hlc"),
        (change(#""hlc":"1763720130123:0""#, #""hlc":" 1:0""#), "hlc"),
        (change(#""hlc":"1763720130123:0""#, #""hlc":1763720130123"#), "hlc"),
        (change(#""hlc":"1763720130123:0""#, #""hlc":"99999999999999999:0""#), "hlc"),
        (change(#""replica":"r-4f9a""#, #""replica":true"#), "replica"),
        (change(#""counter":42"#, #""counter":-1"#), "counter"),
        (change(#""counter":42"#, #""counter":4.5"#), "counter"),
        (change(#""counter":42"#, #""counter":"42""#), "counter"),
        (change(#""counter":42"#, #""counter":1e2"#), "counter"),
        (change(#""counter":42"#, #""counter":99999999999999999999"#), "counter"),
        (change(#""clock":{"r-4f9a":42,"r-77aa":17}"#, #""clock":[42]"#), "clock"),
        (change(#""clock":{"r-4f9a":42,"r-77aa":17}"#, #""clock":{"r-4f9a":"42"}"#), "clock"),
        (change(#""clock":{"r-4f9a":42,"r-77aa":17}"#, #""clock":{"r-4f9a":-2}"#), "clock"),
        (change(#""clock":{"r-4f9a":42,"r-77aa":17}"#, #""clock":{"r-77aa":1,"r-4f9a":42,"r-77aa":17}"#), "clock"),
        (change(#""clock":{"r-4f9a":42,"r-77aa":17}"#, #""clock":{"r-4f9a":42,"r-4f9a":42}"#), "clock"),
        (change(#","clock":{"r-4f9a":42,"r-77aa":17}"#, ""), "clock"),
        (change(#""counter":42"#, #""counter":42,"counter":42"#), "counter"),
        (change(#""value":12.5"#, #""value":12.5,"value":1"#), "value"),
        (change(appending: #","seq":"9""#), "seq"),
        (change(appending: #","note":1,"note":2"#), "note"),
    ])
    func decode_namesIndexAndField_ofTheBadChange(bad: String, field: String) throws {
        let error = try #require(Self.error(Self.body(bad)), "accepted \(bad)")
        #expect(error.category == .change, "\(error)")
        #expect(error.index == 1, "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.apiCode == "invalid_change")
        #expect(error.message.hasSuffix("."), "\(error.message)")
    }

    @Test(arguments: [
        (#"[1,2]"#, nil), (#""change""#, nil), ("null", nil),
        (change(#""id":"c-7f3a""#, #""id":"c-\x""#), "id"), (change(#""value":12.5"#, #""value":NaN"#), "value"),
        (change(#""value":12.5"#, #""value":012"#), "value"), (change(#""value":12.5"#, #""value":1e999"#), "value"),
        (change(#""value":12.5"#, #""value":"\ud800""#), "value"), (change(#""value":12.5"#, #""value":tru"#), "value"),
        (change(#",""#, #",,""#), nil), (change(appending: ","), nil), (change(#""id":"#, #""id" "#), nil),
    ] as [(String, String?)])
    func decode_givesSyntaxErrors_withTheChangeIndex(bad: String, field: String?) throws {
        let error = try #require(Self.error(Self.body(bad)), "accepted \(bad)")
        if bad.hasPrefix("[") || bad.hasPrefix("\"") || bad == "null" {
            #expect(error.category == .change && error.field == nil && error.index == 1, "\(error)")
        } else {
            #expect(error.category == .syntax, "\(error)")
            #expect(error.index == 1, "\(error)")
            #expect(error.field == field, "\(error)")
            #expect(error.offset != nil && error.apiCode == "invalid_json")
        }
    }

    @Test(arguments: [
        (#"{"replica":"r"}"#, "changes", WireError.Category.body), (#"{"changes":[]}"#, "replica", .body),
        (#"{"replica":7,"changes":[]}"#, "replica", .body), (#"{"replica":"r","changes":{}}"#, "changes", .body),
        (#"{"replica":"r","changes":[],"replica":"s"}"#, "replica", .syntax), (#"[]"#, nil, .body),
        (#"{"replica":"r","changes":[]} x"#, nil, .syntax), (#"{"replica":"r","changes":[],}"#, nil, .syntax),
        ("", nil, .syntax), (#"{"replica":"r","changes":[]"#, nil, .syntax),
    ] as [(String, String?, WireError.Category)])
    func decode_refusesBadBodies(text: String, field: String?, category: WireError.Category) throws {
        let error = try #require(Self.error(Array(text.utf8)), "accepted \(text)")
        #expect(error.category == category, "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.index == nil, "\(error)")
        #expect(error.apiCode == "invalid_json")
    }

    @Test func decode_givesIndexAndField_ofATruncatedChangesArray() throws {
        let error = try #require(Self.error(Array(#"{"replica":"r","changes":[{"kind":"#.utf8)))
        #expect(error.category == .syntax && error.index == 0 && error.field == "kind", "\(error)")
    }

    @Test func decode_enforcesDepthLimit_insideUnknownKeys() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let error = Self.error(Self.body(Self.change(appending: #","x":\#(deep)"#)))
        #expect(error?.category == .syntax && error?.index == 1 && error?.field == "x")
        #expect(error?.message.contains("nested deeper than 64") == true)
    }

    @Test func decode_neverCrashes_onMutatedOrTruncatedBodies() {
        let seeds = PropertyRuns.seeds(default: 300, salt: 31)
        for seed in seeds {
            var random = SplitMix64(seed: seed)
            let changes = (0..<random.int(1...4)).map { _ in ChangeFactory.random(using: &random) }
            var bytes = PushBody(replica: "r-1", changes: changes).encoded()
            switch random.int(0...3) {
            case 0: bytes = Array(bytes.prefix(random.int(0...bytes.count - 1)))
            case 1:
                for _ in 0..<random.int(1...4) {
                    bytes[random.int(0...bytes.count - 1)] = random.pick(Array(#"{}[],:"\ 0-.eE"#.utf8) + [0x00, 0xFF, 0xC3])
                }
            case 2: bytes.remove(at: random.int(0...bytes.count - 1))
            default: bytes.insert(random.pick(Array(#"{}[],:" "#.utf8)), at: random.int(0...bytes.count - 1))
            }
            // Either a body comes out or a WireError: any other outcome (a crash) fails the run.
            do {
                _ = try PushBody.decode(bytes)
            } catch {
                #expect(!error.message.isEmpty, "seed \(seed)")
                if let index = error.index { #expect(index >= 0 && index < changes.count + 2, "seed \(seed)") }
            }
        }
    }
}
