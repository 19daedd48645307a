import GisementShared
import Testing

struct WireBodyTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func pushBody_roundTrips_andPutsReplicaFirst() throws {
        let body = PushBody(replica: "r-4f9a", changes: [ChangeFactory.make(), ChangeFactory.make(counter: 43)])
        let bytes = body.encoded()
        #expect(text(bytes).hasPrefix(#"{"replica":"r-4f9a","changes":[{"kind":"collection""#))
        #expect(try PushBody.decode(bytes) == body)
        let raw = try bytes.withUnsafeBytes { buffer throws(WireError) in try PushBody.decode(buffer) }
        #expect(raw == body)
    }

    @Test func pushBody_decodes_changesBeforeReplica_andSkipsUnknownKeys() throws {
        let change = text(ChangeCodec.encode(ChangeFactory.make()))
        let json = #"{"client": {"v": [1, 2.5]}, "changes": [\#(change)], "replica": "r-1"}"#
        let body = try PushBody.decode(Array(json.utf8))
        #expect(body.replica == "r-1" && body.changes == [ChangeFactory.make()])
        #expect(try PushBody.decode(Array(#"{"replica":"r","changes":[]}"#.utf8)).changes.isEmpty)
    }

    @Test func pullPage_roundTrips_withSeq() throws {
        let page = PullPage(changes: [ChangeFactory.make(seq: 7), ChangeFactory.make(value: .null, seq: 8)], cursor: 8, more: true)
        let bytes = page.encoded()
        #expect(text(bytes).hasSuffix(#","seq":8}],"cursor":8,"more":true}"#))
        #expect(try PullPage.decode(bytes) == page)
        let empty = PullPage(changes: [], cursor: 0, more: false)
        #expect(text(empty.encoded()) == #"{"changes":[],"cursor":0,"more":false}"#)
        #expect(try PullPage.decode(empty.encoded()) == empty)
    }

    @Test(arguments: [
        (#"{"changes":[],"cursor":1}"#, "more"), (#"{"changes":[],"more":true}"#, "cursor"),
        (#"{"cursor":1,"more":true}"#, "changes"), (#"{"changes":[],"cursor":"1","more":true}"#, "cursor"),
        (#"{"changes":[],"cursor":1.5,"more":true}"#, "cursor"), (#"{"changes":[],"cursor":1,"more":1}"#, "more"),
    ])
    func pullPage_refusesMissingOrWrongKeys(json: String, field: String) {
        #expect(throws: WireError.self) { try PullPage.decode(Array(json.utf8)) }
        do {
            _ = try PullPage.decode(Array(json.utf8))
        } catch {
            #expect(error.field == field && error.category == .body, "\(error)")
        }
    }

    @Test func pushResult_roundTrips_inContractOrder() throws {
        let result = PushResult(accepted: 3, duplicates: 1, conflicts: 2, cursor: 90, serverTime: "2026-11-21T10:15:30Z")
        let bytes = result.encoded()
        #expect(
            text(bytes)
                == #"{"accepted":3,"duplicates":1,"conflicts":2,"cursor":90,"server_time":"2026-11-21T10:15:30Z"}"#)
        #expect(try PushResult.decode(bytes) == result)
        let shuffled = #"{"server_time":"t","cursor":1,"conflicts":0,"duplicates":0,"accepted":0,"extra":null}"#
        #expect(try PushResult.decode(Array(shuffled.utf8)).serverTime == "t")
        #expect(throws: WireError.self) { try PushResult.decode(Array(#"{"accepted":1}"#.utf8)) }
    }

    @Test func apiErrorBody_roundTrips_withAndWithoutIndex() throws {
        let plain = APIErrorBody(code: "unauthorized", message: "The token is not valid.")
        #expect(text(plain.encoded()) == #"{"error":{"code":"unauthorized","message":"The token is not valid."}}"#)
        #expect(try APIErrorBody.decode(plain.encoded()) == plain)
        let located = APIErrorBody(code: "invalid_change", message: "hlc must be…", index: 3, field: "hlc")
        #expect(text(located.encoded()).hasSuffix(#","index":3,"field":"hlc"}}"#))
        #expect(try APIErrorBody.decode(located.encoded()) == located)
        #expect(located.description == "invalid_change: hlc must be… (change 3, field hlc)")
    }

    @Test func apiErrorBody_isMadeFromAWireError() throws {
        let bytes = Array(#"{"replica":"r","changes":[{"kind":"car"}]}"#.utf8)
        do {
            _ = try PushBody.decode(bytes)
            Issue.record("accepted an unknown kind")
        } catch {
            let body = APIErrorBody(error)
            #expect(body.code == "invalid_change" && body.index == 0 && body.field == "kind")
        }
        #expect(throws: WireError.self) { try APIErrorBody.decode(Array(#"{"status":"ok"}"#.utf8)) }
        #expect(throws: WireError.self) { try APIErrorBody.decode(Array("<html>".utf8)) }
    }
}
