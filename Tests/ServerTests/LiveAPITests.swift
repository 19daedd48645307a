import Foundation
import GisementServer
import GisementShared
import TestSupport
import Testing

/// The real server on port 0, reached over HTTP: routes, roles, errors, sync behaviour.
@Suite(.serialized) struct LiveAPITests {
    @Test func health_needsNoToken() async throws {
        let live = try await LiveAPIServer.start()
        let reply = try await live.client(nil).get("/v1/health")
        #expect(reply.status == 200)
        #expect(reply.json["status"]?.stringValue == "ok")
        #expect(reply.json["version"]?.stringValue == ServerVersion.current)
        #expect(ZonedDateTime(reply.json["server_time"]?.stringValue ?? "") != nil)
        await live.stop()
    }

    /// Role × route → status: agent < coordinator < admin, and admin may do everything.
    @Test func roles_tableOfRouteAndRole() async throws {
        let live = try await LiveAPIServer.start()
        var maker = ChangeMaker(replica: "r-roles")
        let body = PushBody(replica: "r-roles", changes: [maker.write(.pilotTest, "t-1", "name", .text("Test"))]).encoded()
        _ = try await live.client(.admin).send("POST", "/v1/changes", body: body)
        let routes: [(method: String, path: String, body: [UInt8]?, least: Role)] = [
            ("POST", "/v1/changes", body, .agent),
            ("GET", "/v1/changes?since=0", nil, .agent),
            ("GET", "/v1/replicas/r-roles", nil, .agent),
            ("GET", "/v1/verify/buckets", nil, .agent),
            ("POST", "/v1/verify/records", Array(#"{"buckets":[0,1]}"#.utf8), .agent),
            ("POST", "/v1/verify/versions", Array(#"{"records":[{"kind":"test","id":"t-1"}]}"#.utf8), .agent),
            ("GET", "/v1/records/test/t-1", nil, .coordinator),
            ("GET", "/v1/reports/tests/t-1", nil, .coordinator),
            ("GET", "/v1/merges", nil, .admin),
            ("GET", "/v1/sessions", nil, .admin),
        ]
        for route in routes {
            let anonymous = try await live.client(nil).send(route.method, route.path, body: route.body)
            #expect(anonymous.status == 401, "\(route.path) without a token")
            for role in Role.allCases {
                // A replica id belongs to the token that first pushed under it: each role pushes its own.
                var body = route.body
                if route.path == "/v1/changes", route.method == "POST" {
                    var own = ChangeMaker(replica: "r-roles-\(role.rawValue)")
                    body = PushBody(
                        replica: "r-roles-\(role.rawValue)", changes: [own.write(.partner, "p-1", "name", .text("Partner"))]
                    ).encoded()
                }
                let reply = try await live.client(role).send(route.method, route.path, body: body)
                let expected = role.allows(route.least) ? 200 : 403
                #expect(reply.status == expected, "\(role) on \(route.method) \(route.path): \(reply.text)")
                if expected == 403 { #expect(reply.errorCode == "forbidden") }
            }
        }
        await live.stop()
    }

    @Test func unauthorized_bodyIsIdenticalWhateverTheReason() async throws {
        let live = try await LiveAPIServer.start()
        let revoked = try await live.addToken(name: "old", role: .admin)
        try await live.revokeToken(name: "old")
        let client = live.client(nil)
        let missing = try await client.get("/v1/changes")
        let malformed = try await client.send("GET", "/v1/changes", headers: ["Authorization": "Bearer nope"])
        let otherScheme = try await client.send("GET", "/v1/changes", headers: ["Authorization": "Basic YTpi"])
        let unknown = try await client.with(token: try AccessToken.generate()).get("/v1/changes")
        let wasRevoked = try await client.with(token: revoked).get("/v1/changes")
        for reply in [missing, malformed, otherScheme, unknown, wasRevoked] {
            #expect(reply.status == 401)
            #expect(reply.body == missing.body)
            #expect(reply.errorCode == "unauthorized")
        }
        await live.stop()
    }

    @Test func revoke_appliesToTheNextRequest() async throws {
        let live = try await LiveAPIServer.start()
        let token = try await live.addToken(name: "soon-gone", role: .agent)
        let client = live.client(nil).with(token: token)
        #expect(try await client.get("/v1/changes").status == 200)
        try await live.revokeToken(name: "soon-gone")
        #expect(try await client.get("/v1/changes").status == 401)
        await live.stop()
    }

    @Test func push_retried_acceptsNothingNewTheSecondTime() async throws {
        let live = try await LiveAPIServer.start()
        let client = live.client(.agent)
        var maker = ChangeMaker(replica: "r-retry")
        let changes = maker.partners(6)
        let first = try await client.push(changes, replica: "r-retry")
        #expect(first.status == 200)
        #expect(first.json["accepted"]?.integerValue == 6)
        let cursor = first.json["cursor"]?.integerValue
        let second = try await client.push(changes, replica: "r-retry")
        #expect(second.json["accepted"]?.integerValue == 0)
        #expect(second.json["duplicates"]?.integerValue == 6)
        #expect(second.json["conflicts"]?.integerValue == 0)
        #expect(second.json["cursor"]?.integerValue == cursor)
        #expect(try await client.pullAll().count == 6)
        let replica = try await client.get("/v1/replicas/r-retry")
        #expect(replica.json["replica"] == .string("r-retry") && replica.json["counter"] == .integer(6))
        #expect(replica.json["head"] == .integer(6) && replica.json["relayed_counter"] == .integer(0))
        let unknown = try await client.get("/v1/replicas/r-never")
        #expect(unknown.json["counter"]?.integerValue == 0)
        await live.stop()
    }

    @Test func pull_pagesWithLimitAndCursor_andExcludesAReplica() async throws {
        let live = try await LiveAPIServer.start()
        let client = live.client(.agent)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b")
        _ = try await client.push(a.partners(7), replica: "r-a")
        _ = try await client.push(b.partners(5), replica: "r-b")
        let page = try await client.pull(since: 0, limit: 5)
        #expect(page.changes.compactMap(\.seq) == [1, 2, 3, 4, 5])
        #expect(page.cursor == 5)
        #expect(page.more)
        #expect(try await client.pullAll(limit: 5).compactMap(\.seq) == Array(1...12))
        let others = try await client.pullAll(limit: 4, excluding: "r-a")
        #expect(others.map(\.replica) == Array(repeating: "r-b", count: 5))
        let upToDate = try await client.pull(since: 7, limit: 3, excluding: "r-b")
        #expect(upToDate.changes.isEmpty && upToDate.cursor == 12 && !upToDate.more)
        await live.stop()
    }

    @Test func merges_loggedForConcurrentWrites_notForCausalOnes() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        let admin = live.client(.admin)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_131_000)
        let original = a.write(.collection, "c-1", "weight_kg", .decimal(10))
        _ = try await agent.push([original], replica: "r-a")
        b.receive(original)
        let causal = try await agent.push([b.write(.collection, "c-1", "weight_kg", .decimal(11))], replica: "r-b")
        #expect(causal.json["conflicts"]?.integerValue == 0)
        #expect(try await admin.get("/v1/merges").json["merges"]?.arrayValue?.isEmpty == true)
        // r-a writes again without having seen r-b's edit: concurrent, different value.
        let concurrent = try await agent.push([a.write(.collection, "c-1", "weight_kg", .decimal(9))], replica: "r-a")
        #expect(concurrent.json["conflicts"]?.integerValue == 1)
        let merges = try await admin.get("/v1/merges?kind=collection&id=c-1&field=weight_kg")
        let entry = try #require(merges.json["merges"]?.arrayValue?.first)
        #expect(entry["winner"]?["value"] == .integer(11))
        #expect(entry["winner"]?["replica"]?.stringValue == "r-b")
        #expect(entry["loser"]?["value"] == .integer(9))
        #expect(entry["pushed_by"]?.stringValue == "agent-token")
        #expect(entry["anomaly"] == .bool(false))
        #expect(merges.json["cursor"]?.integerValue == entry["seq"]?.integerValue)
        #expect(merges.json["more"] == .bool(false))
        let none = try await admin.get("/v1/merges?field=name")
        #expect(none.json["merges"]?.arrayValue?.isEmpty == true)
        await live.stop()
    }

    @Test func records_and_report_ofATest() async throws {
        let live = try await LiveAPIServer.start()
        var a = ChangeMaker(replica: "r-a")
        let changes = [
            a.write(.district, "d-1", "name", .text("Nord")),
            a.write(.district, "d-1", "population", .integer(1000)),
            a.write(.pilotTest, "t-1", "name", .text("Pilot")),
            a.write(.pilotTest, "t-1", "district", .text("d-1")),
            a.write(.collection, "c-1", "test", .text("t-1")),
            a.write(.collection, "c-1", "category", .text("electrical")),
            a.write(.collection, "c-1", "weight_kg", .decimal(12.5)),
            a.write(.collection, "c-1", "collected_at", .text("2026-11-21T10:15:30Z")),
        ]
        _ = try await live.client(.coordinator).push(changes, replica: "r-a")
        let coordinator = live.client(.coordinator)
        let record = try await coordinator.get("/v1/records/collections/c-1")
        #expect(record.status == 200)
        #expect(record.json["kind"]?.stringValue == "collection")
        #expect(record.json["fields"]?["weight_kg"]?.doubleValue == 12.5)
        #expect(record.json["deleted"] == .bool(false))
        #expect(try await coordinator.get("/v1/records/collection/c-9").errorCode == "not_found")
        #expect(try await coordinator.get("/v1/records/widget/c-1").errorCode == "not_found")
        let report = try await coordinator.get("/v1/reports/tests/t-1")
        #expect(report.status == 200)
        let expected = try ReportBuilder.make(
            scope: .test("t-1"), input: ReportInput(records: [
                Record(kind: .district, id: "d-1", fields: ["name": .text("Nord"), "population": .integer(1000)]),
                Record(kind: .pilotTest, id: "t-1", fields: ["name": .text("Pilot"), "district": .text("d-1")]),
                Record(kind: .collection, id: "c-1", fields: [
                    "test": .text("t-1"), "category": .text("electrical"), "weight_kg": .decimal(12.5),
                    "collected_at": .text("2026-11-21T10:15:30Z"),
                ]),
            ]))
        #expect([UInt8](report.body) == expected.json())
        #expect(try await coordinator.get("/v1/reports/tests/t-404").errorCode == "not_found")
        await live.stop()
    }

    @Test func sessions_oneRowPerSyncRequest() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        var maker = ChangeMaker(replica: "r-s")
        _ = try await agent.push(maker.partners(3), replica: "r-s")
        _ = try await agent.pull(since: 0, excluding: "r-x")
        _ = try await agent.get("/v1/replicas/r-s")
        _ = try await agent.send("POST", "/v1/changes", body: Array("{".utf8))
        await live.server.store.flush()
        let reply = try await live.client(.admin).get("/v1/sessions")
        let rows = try #require(reply.json["sessions"]?.arrayValue)
        #expect(rows.map { $0["route"]?.stringValue } == ["push", "pull", "replica", "push"])
        #expect(rows[0]["pushed"]?.integerValue == 3 && rows[0]["accepted"]?.integerValue == 3)
        #expect(rows[0]["token"]?.stringValue == "agent-token" && rows[0]["replica"]?.stringValue == "r-s")
        #expect(rows[1]["pulled"]?.integerValue == 3)
        #expect(rows[3]["status"]?.integerValue == 400)
        let page = try await live.client(.admin).get("/v1/sessions?since=2&limit=1")
        #expect(page.json["sessions"]?.arrayValue?.first?["seq"]?.integerValue == 3)
        #expect(page.json["more"] == .bool(true))
        await live.stop()
    }

    @Test func requestLog_oneLinePerRequestWithTokenName() async throws {
        let live = try await LiveAPIServer.start()
        _ = try await live.client(.agent).get("/v1/changes?since=0")
        _ = try await live.client(nil).get("/v1/health")
        let lines = live.accessLog.all.map(\.message)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("GET /v1/changes 200 ") && lines[0].contains("token=agent-token"))
        #expect(lines[1].hasPrefix("GET /v1/health 200 ") && lines[1].contains("token=-"))
        await live.stop()
    }

    /// A revoked token still gets the one 401, but the log line names it, so that an admin sees
    /// which device still uses it.
    @Test func requestLog_namesARevokedToken() async throws {
        let live = try await LiveAPIServer.start()
        try await live.revokeToken(name: "agent-token")
        let refused = try await live.client(.agent).get("/v1/changes?since=0")
        #expect(refused.status == 401)
        let lines = live.accessLog.all.map(\.message)
        #expect(lines.last?.contains("token=agent-token (revoked)") == true, "\(lines)")
        await live.stop()
    }
}
