import Foundation
import GisementShared
import Testing

/// A network never updates every laptop on the same day: a replica of the previous release
/// (contract 1.0, no schema version) syncs with today's server while a new replica logs workshops
/// and the new fields. The old replica never fails and keeps all it knows; it and the server agree
/// on every field it knows; once the same file is opened by this release it fetches, once, what
/// it could not hold, and then holds everything.
///
/// The previous release is built by `scripts/build-previous-release.sh` (CI runs it first).
@Suite(.serialized) struct MixedVersionsTests {
    static let previous = Binaries.previousGisement()
    static let previousServer = Binaries.previousServer()

    /// The fields of `kind` a replica of schema `version` holds.
    static func fields(_ kind: String, version: Int) -> Set<String> {
        guard let kind = RecordKind(name: kind) else { return [] }
        return Set(Schema.of(kind).fieldNames.filter { SchemaVersion.holds(version, kind: kind, field: $0) })
    }

    @Test(
        .enabled(
            if: previous != nil,
            "the previous release is not built: run scripts/build-previous-release.sh or set GISEMENT_PREVIOUS_BIN"))
    func previousRelease_andThisOne_shareOneServer() throws {
        let cluster = try Cluster()
        let new = try cluster.agent("new")
        let oldToken = try cluster.server.token("old", role: "coordinator")  // it edits a test: a coordinator's right
        var old = try Agent("old", folder: cluster.folder, executable: Self.previous)
        old.token = oldToken
        try old.ok(["init", "--agent", "old", "--server", cluster.server.url, "--token", oldToken])

        // The new replica writes fields of both versions.
        let district = try new.ok(["district", "add", "Centre", "--population", "1000"])
        let test = try new.ok(["test", "create", "Spring", "--district", district, "--target-kg", "50"])
        try new.ok(["set", test, "requalified=5", "employed_after=3", "target_jobs=2", "members_before=10", "notes=from new"])
        let partner = try new.ok(["partner", "add", "Habitat", "--kind", "social-landlord"])
        try new.ok(["test", "add-partner", test, partner, "--role", "funder"])
        try new.ok(["set", "\(test).\(partner)", "satisfaction=4", "satisfaction_notes=glad"])
        try new.ok(["workshop", "add", "--test", test, "--on", "2026-03-14", "--places", "10", "--attendees", "8"])
        try new.ok(["workshop", "add", "--test", test, "--on", "2026-03-21", "--places", "12", "--new-members", "2"])
        try new.ok(["log", "--test", test, "--category", "electrical", "--kg", "2.5"])
        try new.sync()

        // The old replica syncs without failing and writes fields it knows on the same records.
        try old.sync()
        try old.ok(["log", "--test", test, "--category", "textiles", "--kg", "3"])
        try old.ok(["set", test, "jobs_created=1"])
        try old.ok(["set", "\(test).\(partner)", "role=supplier"])
        try old.sync()
        try old.sync()
        try new.sync()
        let oldStatus = try old.run(["status"])
        #expect(oldStatus.status == 0)

        // The old replica and the server agree on every field the old replica knows.
        for kind in ["district", "partner", "test", "participation", "collection"] {
            let known = Self.fields(kind, version: 1)
            let held = try old.export(kind)
            let newHeld = try new.export(kind)
            #expect(Set(held.keys) == Set(newHeld.keys), "\(kind): the old replica holds every record")
            for (id, row) in held {
                let record = try cluster.server.get("/v1/records/\(kind)/\(id)", token: cluster.adminToken) as? [String: Any] ?? [:]
                var fields = (record["fields"] as? [String: Any] ?? [:]).filter { known.contains($0.key) && !($0.value is NSNull) }
                fields["deleted"] = nil
                fields["id"] = id
                #expect(row == NSDictionary(dictionary: fields), "\(kind) \(id): old replica and server differ")
                let newRow = (newHeld[id] as? [String: Any] ?? [:]).filter { known.contains($0.key) || $0.key == "id" }
                #expect(row == NSDictionary(dictionary: newRow), "\(kind) \(id): old and new replicas differ")
            }
        }

        // The same file, opened by this release: it fetches once what it could not hold.
        let updated = try Agent("old", folder: cluster.folder)
        let first = try updated.sync()
        #expect((first["caught_up"] as? Int ?? 0) >= 12, "\(first)")
        let second = try updated.sync()
        #expect(second["caught_up"] == nil && second["pulled"] as? Int == 0, "the catch-up happens once: \(second)")
        try cluster.expectConverged([new, updated])
        let report = try updated.run(["report", "--test", test, "--format", "json"]).stdout
        let newReport = try new.run(["report", "--test", test, "--format", "json"]).stdout
        #expect(report == newReport)
        #expect(report.contains(#""attendance_rate":0.8"#), "\(report)")
    }

    /// This client against the previous release's server, then the same database served by this
    /// release's server (migration 003 in place): the new kinds and fields wait, never refused, and
    /// leave once the server is updated; nothing stored before the update is lost.
    @Test(
        .enabled(
            if: previousServer != nil,
            "the previous release is not built: run scripts/build-previous-release.sh or set GISEMENT_PREVIOUS_SERVER_BIN"),
        .disabled(if: TestStore.isPostgres, "the previous release's server keeps its store in SQLite only"))
    func thisClient_withThePreviousServer_keepsNewFieldsPending_untilTheServerIsUpdated() throws {
        let cluster = try Cluster(serverExecutable: Self.previousServer)
        let agent = try cluster.agent("awa")
        let district = try agent.ok(["district", "add", "Centre"])
        let test = try agent.ok(["test", "create", "Spring", "--district", district])
        try agent.ok(["set", test, "requalified=5", "notes=kept"])
        let workshop = try agent.ok(["workshop", "add", "--test", test, "--on", "2026-03-14", "--places", "10"])
        let collection = try agent.ok(["log", "--test", test, "--category", "tools", "--kg", "1.5"])

        let first = try agent.sync()
        let held = first["held_for_newer_server"] as? Int ?? 0
        #expect(held >= 3, "\(first)")
        #expect((first["set_aside"] as? [Any])?.isEmpty == true, "nothing refused: \(first)")
        #expect(first["pending"] as? Int == held)
        let status = try agent.run(["status"]).stdout
        #expect(status.contains("the server holds schema version 1"), "\(status)")
        let oldTest = try cluster.server.get("/v1/records/test/\(test)", token: cluster.adminToken) as? [String: Any] ?? [:]
        #expect((oldTest["fields"] as? [String: Any])?["notes"] as? String == "kept")
        #expect((oldTest["fields"] as? [String: Any])?["requalified"] == nil)

        // The server is updated in place.
        cluster.server.stop()
        cluster.server.executable = try Binaries.server()
        try cluster.server.start()
        let second = try agent.sync()
        #expect(second["pushed"] as? Int == held && second["pending"] as? Int == 0, "\(second)")
        let stored = try cluster.server.get("/v1/records/workshop/\(workshop)", token: cluster.adminToken) as? [String: Any] ?? [:]
        #expect((stored["fields"] as? [String: Any])?["places"] as? Int == 10)
        let kept = try cluster.server.get("/v1/records/collection/\(collection)", token: cluster.adminToken) as? [String: Any] ?? [:]
        #expect((kept["fields"] as? [String: Any])?["weight_kg"] as? Double == 1.5)
        try cluster.expectConverged([agent])
    }
}
