import Foundation
import GisementServer
import GisementShared
import TestSupport
import Testing

/// The schema version in the protocol, over raw HTTP: a client that announces nothing is
/// version 1 and never receives a kind or field it cannot hold; version 2 receives everything;
/// the catch-up pull (`schema_above=1`) receives only what version 1 could not hold.
@Suite(.serialized) struct SchemaVersionAPITests {
    /// One test of each generation's fields, a workshop and a participation with a satisfaction.
    static func mixedChanges() -> [Change] {
        var maker = ChangeMaker(replica: "r-new")
        return [
            maker.write(.district, "d-1", "name", .text("Centre")),
            maker.write(.pilotTest, "t-1", "name", .text("Spring")),
            maker.write(.pilotTest, "t-1", "district", .text("d-1")),
            maker.write(.pilotTest, "t-1", "requalified", .integer(4)),
            maker.write(.pilotTest, "t-1", "target_jobs", .integer(2)),
            maker.write(.partner, "p-1", "name", .text("Habitat")),
            maker.write(.participation, "t-1.p-1", "test", .text("t-1")),
            maker.write(.participation, "t-1.p-1", "satisfaction", .integer(4)),
            maker.write(.workshop, "w-1", "test", .text("t-1")),
            maker.write(.workshop, "w-1", "held_on", .text("2026-03-14")),
            maker.write(.workshop, "w-1", "places", .integer(10)),
            maker.write(.pilotTest, "t-1", "notes", .text("last, version 1")),
        ]
    }

    static func keys(_ reply: APIClient.Reply) throws -> (keys: [String], cursor: Int64, more: Bool) {
        let page = try PullPage.decode([UInt8](reply.body))
        return (page.changes.map { "\($0.kind.rawValue).\($0.field)" }, page.cursor, page.more)
    }

    @Test func unannouncedClient_getsOnlyVersion1_andItsCursorStillReachesTheHead() async throws {
        let live = try await LiveAPIServer.start()
        let client = live.client(.coordinator)  // it writes a district and a test (contract "Scopes")
        let push = try await client.push(Self.mixedChanges(), replica: "r-new")
        #expect(push.status == 200, "\(push.text)")

        let old = try Self.keys(try await client.get("/v1/changes?since=0"))
        #expect(old.keys == [
            "district.name", "test.name", "test.district", "partner.name", "participation.test", "test.notes",
        ])
        #expect(old.cursor == 12, "the filtered rows move the cursor too")
        #expect(!old.more)

        let header = try Self.keys(try await client.send("GET", "/v1/changes?since=0", headers: ["Gisement-Schema": "1"]))
        #expect(header.keys == old.keys)

        let new = try Self.keys(try await client.send("GET", "/v1/changes?since=0", headers: ["Gisement-Schema": "2"]))
        #expect(new.keys.count == 12)
        #expect(try Self.keys(try await client.get("/v1/changes?since=0&schema=2")).keys == new.keys)
        // A client newer than the server gets all the server holds.
        #expect(try Self.keys(try await client.get("/v1/changes?since=0&schema=7")).keys == new.keys)

        let catchUp = try Self.keys(try await client.get("/v1/changes?since=0&schema=2&schema_above=1"))
        #expect(catchUp.keys == [
            "test.requalified", "test.target_jobs", "participation.satisfaction", "workshop.test",
            "workshop.held_on", "workshop.places",
        ])

        let bad = try await client.get("/v1/changes?since=0&schema=0")
        #expect(bad.status == 400)
        await live.stop()
    }

    @Test func health_andReplicaStatus_announceTheSchemaVersion() async throws {
        let live = try await LiveAPIServer.start()
        let health = try await live.client(nil).get("/v1/health")
        #expect(health.json["schema_version"]?.integerValue == Int64(SchemaVersion.current))
        let replica = try await live.client(.agent).get("/v1/replicas/r-x")
        #expect(replica.json["schema_version"]?.integerValue == 2)
        #expect(replica.json["version"]?.stringValue == ServerVersion.current)
        await live.stop()
    }
}
