import Foundation
import GisementServer
import GisementShared
import TestSupport
import Testing

/// Writes by role and scope (contract "Scopes"), against a live server: every role × kind × in or
/// out of the token's scope, as one table. A change outside the rights refuses the whole push with
/// 403 `forbidden_change`, its `index` and `field`, and nothing of the push is stored.
@Suite(.serialized) struct ScopeRightsTests {
    /// The network: one test and its records in scope ("in"), another outside ("out").
    static func seed(_ live: LiveAPIServer) async throws {
        var admin = ChangeMaker(replica: "r-admin")
        var changes: [Change] = []
        for side in ["in", "out"] {
            changes += [
                admin.write(.district, "d-\(side)", "name", .text("District \(side)")),
                admin.write(.pilotTest, "t-\(side)", "name", .text("Test \(side)")),
                admin.write(.pilotTest, "t-\(side)", "district", .text("d-\(side)")),
                admin.write(.partner, "p-\(side)", "name", .text("Partner \(side)")),
                admin.write(.participation, "t-\(side).p-\(side)", "test", .text("t-\(side)")),
                admin.write(.participation, "t-\(side).p-\(side)", "partner", .text("p-\(side)")),
                admin.write(.collection, "c-\(side)", "test", .text("t-\(side)")),
                admin.write(.collection, "c-\(side)", "category", .text("tools")),
            ]
        }
        let reply = try await live.client(.admin).push(changes, replica: "r-admin")
        #expect(reply.status == 200, "\(reply.text)")
    }

    /// The field each kind's edit writes.
    static let editedField: [RecordKind: (String, FieldValue)] = [
        .district: ("population", .integer(100)), .partner: ("notes", .text("edited")),
        .pilotTest: ("target_kg", .decimal(1)), .participation: ("role", .text("funder")),
        .collection: ("notes", .text("edited")),
    ]

    /// The kinds of the table (a kind added later gets its own rows here).
    static let kinds: [RecordKind] = [.district, .partner, .pilotTest, .participation, .collection]

    static func id(_ kind: RecordKind, _ side: String) -> RecordID {
        let ids: [RecordKind: RecordID] = [
            .district: "d-\(side)", .partner: "p-\(side)", .pilotTest: "t-\(side)",
            .participation: "t-\(side).p-\(side)", .collection: "c-\(side)",
        ]
        return ids[kind]!
    }

    /// What the contract allows: admin everything; coordinator every kind in scope; agent
    /// collections, participations and partners in scope.
    static func allowed(_ role: Role, _ kind: RecordKind, inScope: Bool) -> Bool {
        switch role {
        case .admin: return true
        case .coordinator: return inScope
        case .agent: return inScope && [.collection, .participation, .partner].contains(kind)
        }
    }

    @Test func everyRoleKindAndSide_isAcceptedOrRefusedAsTheContractSays() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        var rows: [String] = []
        for role in Role.allCases {
            let token = try await live.addToken(name: "\(role)-scoped", role: role, scope: ["t:t-in"])
            let client = live.client(nil).with(token: token)
            var maker = ChangeMaker(replica: "r-scoped-\(role)")
            for kind in Self.kinds {
                for side in ["in", "out"] {
                    let (field, value) = Self.editedField[kind]!
                    let headBefore = try await live.server.store.feedHead()
                    // A harmless first change, so that the refused one is at index 1 and the
                    // whole push is shown to be refused.
                    let first = maker.write(.partner, "p-new-\(role)-\(kind)-\(side)", "name", .text("New"))
                    let change = maker.write(kind, Self.id(kind, side), field, value)
                    let reply = try await client.push([first, change], replica: "r-scoped-\(role)")
                    let expected = Self.allowed(role, kind, inScope: side == "in")
                    let error = reply.json["error"]
                    rows.append("\(role) \(kind) \(side): \(reply.status)")
                    if expected {
                        #expect(reply.status == 200, "\(role) \(kind) \(side): \(reply.text)")
                    } else {
                        #expect(reply.status == 403, "\(role) \(kind) \(side): \(reply.text)")
                        #expect(error?["code"]?.stringValue == "forbidden_change", "\(reply.text)")
                        #expect(error?["index"]?.integerValue == 1, "\(reply.text)")
                        #expect(error?["field"]?.stringValue == field, "\(reply.text)")
                        #expect(try await live.server.store.feedHead() == headBefore, "nothing of the push stored")
                    }
                }
            }
        }
        #expect(rows.count == 30)
        await live.stop()
    }

    @Test func scopedCoordinator_createsADistrictAndATest_thatEnterItsScope() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        let token = try await live.addToken(name: "coord", role: .coordinator, scope: ["t:t-in"])
        let client = live.client(nil).with(token: token)
        var maker = ChangeMaker(replica: "r-coord")
        let created = [
            maker.write(.district, "d-new", "name", .text("New district")),
            maker.write(.pilotTest, "t-new", "name", .text("New test")),
            maker.write(.pilotTest, "t-new", "district", .text("d-new")),
            maker.write(.collection, "c-new", "test", .text("t-new")),
        ]
        #expect(try await client.push(created, replica: "r-coord").status == 200)
        let me = try await client.get("/v1/me").json
        let scope = me["scope"]
        #expect(scope?["districts"]?.arrayValue?.compactMap(\.stringValue) == ["d-new"])
        #expect(scope?["tests"]?.arrayValue?.compactMap(\.stringValue) == ["t-in", "t-new"])
        // A collection moved to a test outside the scope is refused on its `test` field.
        let move = [maker.write(.collection, "c-new", "test", .text("t-out"))]
        let reply = try await client.push(move, replica: "r-coord")
        #expect(reply.status == 403 && reply.json["error"]?["field"]?.stringValue == "test", "\(reply.text)")
        // An agent's new collection in a test outside its scope: refused on `test`.
        let agent = try await live.addToken(name: "agent", role: .agent, scope: ["t:t-in"])
        var agentMaker = ChangeMaker(replica: "r-agent")
        let outside = [
            agentMaker.write(.collection, "c-agent", "category", .text("tools")),
            agentMaker.write(.collection, "c-agent", "test", .text("t-out")),
        ]
        let refused = try await live.client(nil).with(token: agent).push(outside, replica: "r-agent")
        #expect(refused.status == 403 && refused.json["error"]?["field"]?.stringValue == "test", "\(refused.text)")
        #expect(refused.json["error"]?["index"]?.integerValue == 0, "\(refused.text)")
        await live.stop()
    }

    @Test func pullByKeys_returnsOnlyThoseKeys_andRefusesMalformedOnes() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        let page = try await live.client(.admin).get("/v1/changes?since=0&keys=t:t-in,p:p-out")
        #expect(page.status == 200)
        let records = Set(try PullPage.decode([UInt8](page.body)).changes.map { "\($0.kind)/\($0.id)" })
        #expect(records == ["test/t-in", "participation/t-in.p-in", "collection/c-in", "partner/p-out"])
        // A scoped token asking for keys outside its scope gets nothing of them.
        let token = try await live.addToken(name: "agent", role: .agent, scope: ["t:t-in"])
        let outside = try await live.client(nil).with(token: token).get("/v1/changes?since=0&keys=t:t-out")
        #expect(try PullPage.decode([UInt8](outside.body)).changes.isEmpty)
        #expect(try await live.client(.admin).get("/v1/changes?keys=x:1").status == 400)
        #expect(try await live.client(.admin).get("/v1/changes?keys=t:a%20b").status == 400)
        await live.stop()
    }

    @Test func apiAnswers_sayNoStore_andCompressibleOnes_varyOnAcceptEncoding() async throws {
        let live = try await LiveAPIServer.start()
        try await Self.seed(live)
        let plain = try await live.client(.admin).send("GET", "/v1/changes?since=0", headers: ["Accept-Encoding": "identity"])
        #expect(plain.headers["cache-control"] == "no-store")
        #expect(plain.headers["vary"]?.contains("Accept-Encoding") == true, "\(plain.headers)")
        #expect(plain.headers["content-encoding"] == nil)
        let refused = try await live.client(nil).get("/v1/changes?since=0")
        #expect(refused.headers["cache-control"] == "no-store")
        await live.stop()
    }
}
