import Foundation
import GisementClient
import GisementShared
import Testing

/// A client and a server of different schema versions: a client newer than its server keeps
/// what the server cannot hold pending and says so, then sends it once the server is updated; a
/// client older than its server is told what it misses and which version to install.
@Suite struct SchemaVersionSyncTests {
    @Test func clientNewerThanServer_keepsTheNewFieldsPending_andSendsThemAfterTheUpdate() throws {
        let fixture = SyncFixture()  // announces no schema version: version 1
        let a = try fixture.makeReplica("a")
        let test = try a.create(kind: .pilotTest, fields: [("name", .text("Spring")), ("requalified", .integer(5))])
        _ = try a.create(kind: .workshop, fields: [("test", .text(test)), ("held_on", .text("2026-03-14"))])
        let held = try a.heldCount(above: 1)
        #expect(held >= 3)

        let first = try fixture.sync(a)
        #expect(first.heldForNewerServer == held)
        #expect(first.setAside.isEmpty, "nothing is refused: the client did not send it")
        #expect(first.pendingAfter == held)
        #expect(first.text.contains("wait here: the server holds schema version 1"), "\(first.text)")
        #expect(fixture.server.state[FakeSyncServer.Key(kind: .pilotTest, id: test, field: "name")] == .text("Spring"))
        #expect(!fixture.server.state.keys.contains { $0.kind == .workshop || $0.field == "requalified" })

        fixture.server.schemaVersion = 2
        let second = try fixture.sync(a)
        #expect(second.pushed == held && second.heldForNewerServer == 0 && second.pendingAfter == 0)
        #expect(fixture.server.state[FakeSyncServer.Key(kind: .pilotTest, id: test, field: "requalified")] == .integer(5))
    }

    @Test func serverNewerThanClient_statusSaysWhichVersionToInstall() throws {
        let server = FakeSyncServer()
        server.schemaVersion = SchemaVersion.current + 1
        server.appVersion = "9.1.0"
        let fixture = SyncFixture(server: server)
        let a = try fixture.makeReplica("a")
        let summary = try fixture.sync(a)
        #expect(summary.text.contains("Install gisement 9.1.0 or later"), "\(summary.text)")

        let status = try ProcessRunner.run(
            try Binaries.gisement(), ["status"], environment: ["GISEMENT_DB": a.path], in: fixture.folder.path)
        #expect(status.status == 0)
        #expect(status.stdout.contains("schema version \(SchemaVersion.current + 1)"), "\(status.stdout)")
        #expect(status.stdout.contains("Install gisement 9.1.0 or later"), "\(status.stdout)")
        let json = try ProcessRunner.run(
            try Binaries.gisement(), ["status", "--json"], environment: ["GISEMENT_DB": a.path], in: fixture.folder.path)
        #expect(json.stdout.contains(#""server_schema_version":\#(SchemaVersion.current + 1)"#), "\(json.stdout)")
    }
}
