import Foundation
import Testing
import TestSupport

/// Two `gisement-server serve` processes on one PostgreSQL database, as behind a load balancer:
/// replicas syncing through either, in any order, converge, and both servers serve the same merge log.
@Suite(.serialized) struct TwoServersTests {
    @Test func replicasSyncingThroughEitherServer_converge_withOneMergeLog() throws {
        let database = try PostgresCluster.shared().freshDatabase()
        let cluster = try Cluster(database: database)
        let second = try ServerProcess(folder: TemporaryFolder(), database: database)
        try second.start()
        defer { second.stop() }
        let first = cluster.server

        // Awa syncs through the first server, Ben through the second, Cleo through both in turn.
        let awa = try cluster.agent("awa")
        let benToken = try first.token("ben", role: "coordinator")
        var ben = try Agent("ben", folder: cluster.folder)
        ben.token = benToken
        try ben.ok(["init", "--agent", "ben", "--server", second.url, "--token", benToken])
        let cleo = try cluster.agent("cleo")
        let cleoToken = try #require(cleo.token)
        func cleoSync(through server: ServerProcess) throws {
            try cleo.sync(["--server", server.url, "--token", cleoToken])
        }

        let district = try awa.ok(["district", "add", "Bellevue", "--population", "12400", "--habitat", "dense-urban"])
        let test = try awa.ok(["test", "create", "Bellevue spring", "--district", district, "--target-kg", "800"])
        try awa.sync()
        try ben.sync()
        try cleoSync(through: second)

        let bike = try awa.ok(["log", "--test", test, "--category", "leisure", "--item", "bike", "--kg", "11"])
        _ = try ben.ok(["log", "--test", test, "--category", "electrical", "--item", "phone", "--kg", "0.2"])
        _ = try cleo.ok(["log", "--test", test, "--category", "textiles", "--kg", "7.5", "--source", "drop-off-point"])
        try awa.sync()
        try ben.sync()
        try cleoSync(through: first)

        // Concurrent edits of one field through different servers: one merge, logged once.
        try awa.ok(["set", bike, "weight_kg=12.5"])
        try ben.ok(["set", bike, "weight_kg=14"])
        try cleo.ok(["set", district, "population=12600"])
        try ben.ok(["set", district, "population=12500"])
        try ben.sync()
        try cleoSync(through: second)
        try awa.sync()
        try cleoSync(through: first)
        try ben.sync()
        try awa.sync()

        try cluster.expectConverged([awa, ben, cleo])
        let throughFirst = try first.merges(token: cluster.adminToken)
        let throughSecond = try second.merges(token: cluster.adminToken)
        #expect(throughFirst.count == 2, "\(throughFirst)")
        #expect(NSArray(array: throughFirst) == NSArray(array: throughSecond), "one merge log, whichever server serves it")
        let recordThroughSecond = try second.get("/v1/records/collection/\(bike)", token: cluster.adminToken) as? [String: Any]
        #expect((recordThroughSecond?["fields"] as? [String: Any])?["weight_kg"] as? Double == 14)
    }
}
