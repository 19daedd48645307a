import Foundation
import GisementClient
import Testing

/// The report of a test is one pure function in Shared: after a sync, a replica's
/// `gisement report --format json` and the server's `GET /v1/reports/tests/{id}` must be the same bytes.
@Suite struct ReportParityTests {
    /// The server's report body, exactly as sent.
    static func serverReport(_ cluster: Cluster, test: String) throws -> [UInt8] {
        let transport = try URLSessionTransport(server: cluster.server.url)
        let response = try transport.send(
            SyncHTTPRequest(method: "GET", path: "/v1/reports/tests/\(test)", query: [], token: cluster.adminToken),
            timeout: 30)
        #expect(response.status == 200)
        return response.body
    }

    @Test func replicaAndServer_printByteIdenticalReportJSON_afterASync() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        try awa.ok(["district", "add", "Bellevue", "--population", "12400", "--habitat", "dense-urban"])
        try awa.ok(["district", "add", "Gare", "--population", "3000"])
        let partner = try awa.ok(["partner", "add", "Habitat 44", "--kind", "social-landlord"])
        let test = try awa.ok([
            "test", "create", "Bellevue spring", "--district", "Bellevue", "--starts", "2026-03-01", "--ends",
            "2026-05-31", "--target-kg", "800", "--target-items", "40", "--target-reuse-rate", "0.5",
        ])
        try awa.ok(["test", "add-partner", "Bellevue spring", "Habitat 44", "--role", "supplier"])
        let bike = try awa.ok([
            "log", "--test", "Bellevue spring", "--category", "leisure", "--item", "bike", "--kg", "14.5",
            "--source", "door-to-door", "--partner", "Habitat 44",
        ])
        try awa.ok(["log", "--test", "Bellevue spring", "--category", "electrical", "--kg", "0.2", "--items", "3"])
        // Jobs and participation: the test's figures, a workshop, a partner's satisfaction.
        try awa.ok(["set", test, "requalified=4", "employed_after=3", "target_jobs=2", "jobs_created=1",
                    "members_before=20", "members_after=26", "target_attendance_rate=0.8"])
        try awa.ok(["workshop", "add", "--test", test, "--on", "2026-03-14", "--places", "12", "--attendees", "9"])
        try awa.sync()
        try ben.sync()
        // Ben logs in another district, triages Awa's bike and removes one of his own.
        try ben.ok([
            "log", "--test", "Bellevue spring", "--district", "Gare", "--category", "furniture", "--kg", "6.5",
            "--outcome", "reused", "--source", "event",
        ])
        let mistake = try ben.ok(["log", "--test", "Bellevue spring", "--category", "textiles", "--kg", "40"])
        try ben.ok(["rm", mistake])
        try ben.ok(["set", bike, "outcome=repaired", "sold_items=1"])
        try ben.ok(["workshop", "add", "--test", test, "--on", "2026-03-21", "--places", "8", "--attendees", "8"])
        let removed = try ben.ok(["workshop", "add", "--test", test, "--on", "2026-03-28", "--places", "50"])
        try ben.ok(["rm", removed])
        try ben.ok(["set", "\(test).\(partner)", "satisfaction=4"])
        try ben.sync()
        try awa.sync()

        let server = try Self.serverReport(cluster, test: test)
        for agent in [awa, ben] {
            let result = try agent.run(["report", "--test", test, "--format", "json"])
            #expect(result.status == 0)
            #expect(result.stdout == String(decoding: server, as: UTF8.self) + "\n", "\(agent.name)'s report differs from the server's")
        }
        // The figures are the synced ones: 3 live collections, 21.2 kg, the bike repaired and sold.
        let report = try #require(try JSONSerialization.jsonObject(with: Data(server)) as? [String: Any])
        #expect(report["collections"] as? Int == 3)
        #expect(report["weight_kg"] as? Double == 21.2)
        #expect(report["sold_items"] as? Int == 1)
        #expect((report["by_district"] as? [String: Any])?.count == 2)
        let participation = try #require(report["participation"] as? [String: Any])
        #expect(participation["workshops"] as? Int == 2)  // the removed one does not count
        #expect(participation["attendance_rate"] as? Double == 0.85)  // (9 + 8) ÷ (12 + 8)
        #expect(participation["satisfaction"] as? Double == 4)
        #expect((report["jobs"] as? [String: Any])?["exit_to_employment"] as? Double == 0.75)
    }
}
