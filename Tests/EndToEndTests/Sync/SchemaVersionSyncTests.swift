import Foundation
import GisementClient
import GisementShared
import Testing

/// A client older than its server is told what it misses and which version to install. (A client
/// newer than its server keeping the new fields pending is shown with the previous release's real
/// server in `MixedVersionsTests`.)
@Suite struct SchemaVersionSyncTests {
    @Test func serverNewerThanClient_statusSaysWhichVersionToInstall() throws {
        let fixture = try SyncFixture()
        fixture.server.announced = (schemaVersion: SchemaVersion.current + 1, appVersion: "9.1.0")
        let a = try fixture.makeReplica("a")
        let summary = try fixture.sync(a)
        #expect(summary.text.contains("Install gisement 9.1.0 or later"), "\(summary.text)")

        let status = try ChildProcess.run(
            try Binaries.gisement(), ["status"], environment: ["GISEMENT_DB": a.path], in: fixture.folder.path)
        #expect(status.status == 0)
        #expect(status.stdout.contains("schema version \(SchemaVersion.current + 1)"), "\(status.stdout)")
        #expect(status.stdout.contains("Install gisement 9.1.0 or later"), "\(status.stdout)")
        let json = try ChildProcess.run(
            try Binaries.gisement(), ["status", "--json"], environment: ["GISEMENT_DB": a.path], in: fixture.folder.path)
        #expect(json.stdout.contains(#""server_schema_version":\#(SchemaVersion.current + 1)"#), "\(json.stdout)")
    }
}
