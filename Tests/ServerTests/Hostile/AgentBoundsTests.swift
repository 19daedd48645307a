import Foundation
import GisementShared
import TestSupport
import Testing

@testable import GisementServer

/// What one agent's token can no longer do to the others: store a megabyte of "one character",
/// a terminal escape or a huge clock; make a pull page of hundreds of megabytes; make token checks
/// wait behind pulls.
@Suite(.serialized) struct AgentBoundsTests {
    static func json(_ changes: [String]) -> [UInt8] {
        Array(#"{"replica":"r-agent","changes":["#.utf8) + Array(changes.joined(separator: ",").utf8) + Array("]}".utf8)
    }

    static func change(value: String = #""P""#, clock: String = #"{"r-agent":1}"#, field: String = "name") -> String {
        #"{"kind":"partner","id":"p-1","field":"\#(field)","value":\#(value),"hlc":"1763720130123:0","replica":"r-agent","counter":1,"clock":\#(clock)}"#
    }

    @Test func oversizedTextsClocksAndControlCharacters_areRefusedAsInvalidChanges() async throws {
        let server = try await HostileServer.start()
        let client = APIClient(baseURL: "http://127.0.0.1:\(server.port)", token: server.agentToken)
        let marks = String(repeating: "\u{0301}", count: 500_000)  // raw UTF-8: 1,000,001 bytes, one character
        var wideClock = #"{"r-agent":1"#
        for index in 0..<1_000 { wideClock += #","r-\#(index)":1"# }
        wideClock += "}"
        let cases: [(String, String, String)] = [
            (Self.change(value: "\"a\(marks)\""), "value", "bytes long in UTF-8"),
            (Self.change(value: #""Evil\u001b]52;c;cm0=\u0007""#), "value", "control character U+001B"),
            (Self.change(value: #""a\tb""#), "value", "control character U+0009"),
            (Self.change(clock: wideClock), "clock", "the limit is 1000"),
        ]
        for (change, field, message) in cases {
            let reply = try await client.send("POST", "/v1/changes", body: Self.json([change]))
            #expect(reply.status == 400, "\(message): \(reply.status)")
            #expect(reply.text.contains(#""code":"invalid_change""#) && reply.text.contains(#""field":"\#(field)""#), "\(reply.text.prefix(300))")
            #expect(reply.text.contains(message), "\(reply.text.prefix(300))")
        }
        let notes = Self.change(value: #""line one\n\tline two""#, field: "notes")
        #expect(try await client.send("POST", "/v1/changes", body: Self.json([notes])).status == 200)
        #expect(try await client.pullAll().count == 1)
        await server.stop()
    }

    @Test func pullPages_endEarlyAtTheirByteBudget_andSayMore() async throws {
        let live = try await LiveAPIServer.start()
        let client = live.client(.agent)
        var maker = ChangeMaker(replica: "r-big")
        let text = String(repeating: "👨‍👩‍👧‍👦", count: 1_200)  // 1,200 characters, 30,000 bytes: legal, and large
        for batch in 0..<3 {
            let changes = (0..<100).map { maker.write(.partner, "p-\(batch)-\($0)", "notes", .text(text)) }
            let reply = try await client.push(changes, replica: "r-big")
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
        }
        let reply = try await client.get("/v1/changes?since=0&limit=1000")
        let page = try PullPage.decode([UInt8](reply.body))
        #expect(page.more)
        #expect(page.changes.count < 300 && page.changes.count > 100, "\(page.changes.count) changes")
        #expect(reply.body.count < 5 << 20, "a page of \(reply.body.count) bytes")
        #expect(try await client.pullAll(limit: 1000).count == 300)
        await live.stop()
    }

    /// Up to three rounds: a token check queued behind the pulls waits in every round, while a
    /// machine loaded by the rest of the suite can slow any one round by itself.
    @Test func tokenChecks_neverWaitBehindPulls() async throws {
        var rounds: [(waited: Double, pullsTook: Double)] = []
        for _ in 0..<3 {
            let round = try await StormGate.run { try await tokenChecksDuringPulls() }
            rounds.append(round)
            if round.waited < round.pullsTook / 2 { break }
        }
        // Behind the pulls it would wait for nearly all of them (it did: 0.88 s of 0.95 s).
        #expect(rounds.contains { $0.waited < $0.pullsTook / 2 }, "the token check waited behind the pulls: \(rounds)")
    }

    private func tokenChecksDuringPulls() async throws -> (waited: Double, pullsTook: Double) {
        let live = try await LiveAPIServer.start { $0.readerCount = 1 }
        let agent = live.client(.agent)
        var maker = ChangeMaker(replica: "r-load")
        let text = String(repeating: "x", count: 2_000)
        for batch in 0..<10 {
            let changes = (0..<1000).map { maker.write(.partner, "p-\(batch)-\($0)", "notes", .text(text)) }
            #expect(try await agent.push(changes, replica: "r-load").status == 200)
        }
        let started = Date()
        let pulls = (0..<8).map { _ in Task { try await agent.get("/v1/changes?since=0&limit=10000").status } }
        try await Task.sleep(for: .milliseconds(30))
        // An agent asking for a coordinator's route: the answer needs the token check only. Three
        // at once, the fastest counted: behind the pulls all three would wait for nearly all of
        // them, while a loaded machine can delay any one of them by itself.
        let probes = (0..<3).map { _ in
            Task { () -> (status: Int, waited: TimeInterval) in
                let asked = Date()
                let status = try await agent.get("/v1/records/partner/p-0-0").status
                return (status, Date().timeIntervalSince(asked))
            }
        }
        var answers: [(status: Int, waited: TimeInterval)] = []
        for probe in probes { answers.append(try await probe.value) }
        let forbidden = answers.allSatisfy { $0.status == 403 } ? 403 : answers.first { $0.status != 403 }!.status
        let waited = answers.map(\.waited).min()!
        var statuses: [Int] = []
        for pull in pulls { statuses.append(try await pull.value) }
        let pullsTook = Date().timeIntervalSince(started)
        #expect(forbidden == 403)
        #expect(statuses.allSatisfy { $0 == 200 })
        print("token check during 8 pulls on one reader: \(Int(waited * 1000)) ms; the pulls took \(Int(pullsTook * 1000)) ms")
        await live.stop()
        return (waited, pullsTook)
    }
}
