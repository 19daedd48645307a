import Foundation
import GisementHTTP
import GisementServer
import GisementShared
import TestSupport
import Testing

/// Every error code of the contract, over HTTP, and that a bad request changes nothing.
@Suite(.serialized) struct APIErrorTests {
    func change(_ replica: String = "r-e", counter: UInt64 = 1, hlc: Int64 = 1_763_720_130_123) -> Change {
        Change(
            kind: .collection, id: "c-1", field: "weight_kg", value: .decimal(1), hlc: HLCTimestamp(wall: hlc, logical: 0),
            replica: replica, counter: counter, clock: VectorClock([replica: counter]))
    }

    @Test func push_errors_carryCodeIndexAndField() async throws {
        let fixed: Int64 = 1_763_720_130_123
        let live = try await LiveAPIServer.start { $0.clock = ServerClock { fixed } }
        let client = live.client(.agent)
        let notJSON = try await client.send("POST", "/v1/changes", body: Array("{nope".utf8))
        #expect(notJSON.status == 400 && notJSON.errorCode == "invalid_json")
        let noChanges = try await client.send("POST", "/v1/changes", body: Array(#"{"replica":"r"}"#.utf8))
        #expect(noChanges.errorCode == "invalid_json")

        var bad = change(counter: 2)
        bad.value = .decimal(-3)
        let invalid = try await client.push([change(), bad], replica: "r-e")
        #expect(invalid.status == 400)
        #expect(invalid.errorCode == "invalid_change")
        #expect(invalid.json["error"]?["index"]?.integerValue == 1)
        #expect(invalid.json["error"]?["field"]?.stringValue == "value")

        var unknownField = change(counter: 2)
        unknownField.field = "colour"
        let fieldReply = try await client.push([change(), unknownField], replica: "r-e")
        #expect(fieldReply.json["error"]?["field"]?.stringValue == "field")

        // Counters in any order are fine (a relay re-sends others' changes as it holds them); one
        // dot twice is not.
        let twice = try await client.push([change(counter: 2), change(counter: 2)], replica: "r-e")
        #expect(twice.errorCode == "invalid_change")
        #expect(twice.json["error"]?["index"]?.integerValue == 1)
        #expect(twice.json["error"]?["field"]?.stringValue == "counter")

        let ahead = try await client.push([change(), change(counter: 2, hlc: fixed + 725_000)], replica: "r-e")
        #expect(ahead.status == 400 && ahead.errorCode == "clock_ahead")
        #expect(ahead.json["error"]?["index"]?.integerValue == 1)
        let message = ahead.json["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("r-e") && message.contains("725 seconds"))
        #expect(try await client.push([change(counter: 3, hlc: fixed + 599_000)], replica: "r-e").status == 200)

        let wrongType = try await client.send("POST", "/v1/changes", body: PushBody(replica: "r", changes: []).encoded(), contentType: "text/plain")
        #expect(wrongType.status == 415 && wrongType.errorCode == "unsupported_media_type")
        let noType = try await client.send("POST", "/v1/changes", body: PushBody(replica: "r", changes: []).encoded(), contentType: nil)
        #expect(noType.status == 415)

        // None of the refused pushes stored anything: only the one good push is in the feed.
        #expect(try await client.pullAll().count == 1)
        await live.stop()
    }

    @Test func pull_badParameters_are400WithAClearMessage() async throws {
        let live = try await LiveAPIServer.start()
        let client = live.client(.agent)
        for query in ["since=-1", "since=abc", "limit=0", "limit=10001", "limit=x", "exclude_replica=a%20b"] {
            let reply = try await client.get("/v1/changes?\(query)")
            #expect(reply.status == 400, "\(query)")
            #expect(reply.json["error"]?["message"]?.stringValue?.isEmpty == false)
        }
        #expect(try await client.get("/v1/changes?limit=10000").status == 200)
        await live.stop()
    }

    @Test func routing_404_405_413() async throws {
        let live = try await LiveAPIServer.start { $0.maxBodyBytes = 4096 }
        let client = live.client(.admin)
        let missing = try await client.get("/v1/nothing")
        #expect(missing.status == 404 && missing.errorCode == "not_found")
        let wrongMethod = try await client.send("DELETE", "/v1/changes")
        #expect(wrongMethod.status == 405 && wrongMethod.errorCode == "method_not_allowed")
        #expect(wrongMethod.headers["allow"]?.contains("POST") == true)
        var maker = ChangeMaker(replica: "r-big")
        let big = try await client.push(maker.districts(100), replica: "r-big")
        #expect(big.status == 413 && big.errorCode == "payload_too_large")
        // The server still serves others.
        #expect(try await client.get("/v1/health").status == 200)
        await live.stop()
    }

    @Test func internalErrors_are500WithoutDetails_andLoggedOnce() async throws {
        let recorder = LogRecorder()
        let live = try await LiveAPIServer.start { $0.logger = Logger(label: "t", level: .info, sink: .memory(recorder)) }
        let context = APIContext(store: live.server.store, logger: Logger(label: "t", level: .info, sink: .memory(recorder)))
        let endpoint = Endpoint(role: nil, context: context) { _, _, _ in
            struct Boom: Error {}
            throw Boom()
        }
        let response = try await endpoint.handle(HTTPRequest(method: .GET, target: "/x", path: "/x"))
        #expect(response.status.code == 500)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body.contains("\"internal\"") && !body.contains("Boom"))
        #expect(recorder.all.filter { $0.level == .error }.count == 1)
        await live.stop()
    }
}
