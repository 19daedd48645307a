import Foundation
import Testing
import TestSupport

/// Several `gisement-server serve` processes on one PostgreSQL database, as behind a load balancer:
/// replicas syncing through any of them, in differing orders, converge, and every server serves the
/// same merge log.
@Suite(.serialized) struct ServersOnOneDatabaseTests {
    @Test func replicasSyncingThroughTwoServers_converge_withOneMergeLog() throws {
        try Self.replicasConverge(serverCount: 2)
    }

    @Test func replicasSyncingThroughThreeServers_converge_withOneMergeLog() throws {
        try Self.replicasConverge(serverCount: 3)
    }

    /// One agent at home on each server (Awa on the first, Ben on the second, Dan on the third), and
    /// Cleo, who syncs through each server in turn, in another order every round.
    static func replicasConverge(serverCount: Int) throws {
        let database = try PostgresCluster.shared().freshDatabase()
        let cluster = try Cluster(database: database)
        let others = try (1..<serverCount).map { _ in try ServerProcess(folder: cluster.folder, database: database) }
        for server in others { try server.start() }
        defer { others.forEach { $0.stop() } }
        let servers = [cluster.server] + others

        let homes = try zip(["awa", "ben", "dan"], servers).map { try cluster.agent($0, through: $1) }
        let (awa, ben) = (homes[0], homes[1])
        let cleo = try cluster.agent("cleo")
        let cleoToken = try #require(cleo.token)
        func cleoSync(through index: Int) throws {
            try cleo.sync(["--server", servers[index % serverCount].url, "--token", cleoToken])
        }
        let last = serverCount - 1

        let district = try awa.ok(["district", "add", "Bellevue", "--population", "12400", "--habitat", "dense-urban"])
        let test = try awa.ok(["test", "create", "Bellevue spring", "--district", district, "--target-kg", "800"])
        for agent in homes { try agent.sync() }
        try cleoSync(through: last)

        let bike = try awa.ok(["log", "--test", test, "--category", "leisure", "--item", "bike", "--kg", "11"])
        _ = try ben.ok(["log", "--test", test, "--category", "electrical", "--item", "phone", "--kg", "0.2"])
        _ = try cleo.ok(["log", "--test", test, "--category", "textiles", "--kg", "7.5", "--source", "drop-off-point"])
        for (index, agent) in homes.enumerated() {
            _ = try agent.ok(["log", "--test", test, "--category", "furniture", "--item", "chair \(index)", "--kg", "4"])
        }
        for agent in homes.reversed() { try agent.sync() }
        try cleoSync(through: 0)
        for agent in homes { try agent.sync() }

        // Concurrent edits of one field through different servers: one merge each, logged once.
        try awa.ok(["set", bike, "weight_kg=12.5"])
        try ben.ok(["set", bike, "weight_kg=14"])
        try cleo.ok(["set", district, "population=12600"])
        try ben.ok(["set", district, "population=12500"])
        try ben.sync()
        try cleoSync(through: last)
        try awa.sync()
        // Two more rounds, each in another order, Cleo through another server each time.
        for round in 1...2 {
            try cleoSync(through: round)
            for agent in round == 1 ? homes : homes.reversed() { try agent.sync() }
        }
        try cleoSync(through: 0)

        try cluster.expectConverged(homes + [cleo])
        let logs = try servers.map { try $0.merges(token: cluster.adminToken) }
        #expect(logs[0].count == 2, "\(logs[0])")
        for (index, log) in logs.enumerated().dropFirst() {
            #expect(NSArray(array: log) == NSArray(array: logs[0]), "server \(index + 1) serves another merge log")
        }
        for server in servers {
            let record = try server.get("/v1/records/collection/\(bike)", token: cluster.adminToken) as? [String: Any]
            #expect((record?["fields"] as? [String: Any])?["weight_kg"] as? Double == 14)
        }
    }
}
