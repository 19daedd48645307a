import Foundation
import GisementClient
import Testing

/// The pull's page size as `gisement sync` uses it: 5,000 changes per request by default (one
/// fsynced commit on the replica per page), and never more than the server accepts.
@Suite(.serialized) struct PullPageSizeTests {
    @Test func aFreshReplica_pullsFiveThousandChangesPerRequest_byDefault() throws {
        let cluster = try Cluster()
        let kim = try cluster.agent("kim")
        let district = try kim.ok(["district", "add", "Nord"])
        let test = try kim.ok(["test", "create", "Nord spring", "--district", district])
        try kim.ok(["import", "collection", try SyncFailureTests.collectionsCSV(700, test: test, in: cluster.folder)])
        let written = try #require(try kim.status()["pending"] as? Int)
        #expect(written > 7_000 && written <= 10_000, "\(written)")
        try kim.sync()

        let fay = try cluster.agent("fay")
        #expect(try fay.sync()["pulled"] as? Int == written)

        let page = try cluster.server.get(
            "/v1/sessions", query: [SyncQueryItem("limit", "10000")], token: cluster.adminToken) as? [String: Any]
        let sessions = page?["sessions"] as? [[String: Any]] ?? []
        let faysPulls = sessions.filter { $0["token"] as? String == "fay" && $0["route"] as? String == "pull" }
        // 5,000 and the rest; with pages of 1,000 it took eight requests.
        #expect(faysPulls.map { $0["pulled"] as? Int ?? -1 } == [5_000, written - 5_000], "\(faysPulls)")
        try cluster.expectConverged([kim, fay])
    }

    @Test func aPageSizeAboveTheServersLimit_isAUsageError() throws {
        let cluster = try Cluster()
        let fay = try cluster.agent("fay")

        let result = try fay.run(["sync", "--page-size", "20000"])

        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("--page-size") && result.stderr.contains("1 to 10 000"), "\(result)")
    }
}
