import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 of the server and of clients in the middle of syncs, round after round, then the set
/// check: every record a replica acknowledged (its `add` exited 0) is on the server exactly once,
/// nothing else is, every field is in the feed once, and after two sync rounds every replica equals
/// the server.
///
/// The default run kills 3 syncs and 3 servers (`GISEMENT_KILL_ROUNDS`); `scripts/kill-loop.sh` 100 of each.
/// Each round: every agent adds a record and edits a shared one (concurrent edits, so conflicts
/// too), all agents sync at once, one running sync is killed, then the server is killed and
/// restarted on the same port while the others are still syncing.
@Suite(.serialized) struct KillLoopTests {
    static var rounds: Int { Int(ProcessInfo.processInfo.environment["GISEMENT_KILL_ROUNDS"] ?? "") ?? 3 }

    struct Tally {
        var clientKills = 0
        var clientKillsMissed = 0
        var serverKills = 0
        var failedSyncs = 0
    }

    @Test func killLoop_losesNothing_duplicatesNothing_andConverges() throws {
        try Self.killLoop(try Cluster())
    }

    /// The same on a PostgreSQL store: a server killed mid-push has committed all of an
    /// acknowledged push or none of it.
    @Test func killLoop_onPostgreSQL_losesNothing_duplicatesNothing_andConverges() throws {
        try Self.killLoop(try Cluster(database: try PostgresCluster.shared().freshDatabase()))
    }

    static func killLoop(_ cluster: Cluster) throws {
        let agentNames = ["ana", "ben", "cy"]
        let agents = try agentNames.map { try cluster.agent($0) }
        let shared = try agents[0].ok(["district", "add", "Shared"])
        for agent in agents + [agents[0]] { try agent.sync() }
        var acknowledged: [String: String] = [shared: "Shared"]
        var tally = Tally()
        var random = SystemRandomNumberGenerator()
        let started = Date()
        let rounds = Self.rounds

        // Runs until both kinds of kill landed `rounds` times: a client kill misses when that sync
        // had already finished (a short sync takes tens of milliseconds); capped at 3 × rounds.
        var round = 0
        while (tally.clientKills < rounds || tally.serverKills < rounds) && round < 3 * rounds {
            defer { round += 1 }
            for agent in agents {
                let name = "K \(agent.name) \(round)"
                acknowledged[try agent.ok(["district", "add", name])] = name
                try agent.ok(["set", shared, "commune=\(agent.name)-\(round)"])
            }
            let syncs = try agents.map { try $0.start(["sync"]) }
            usleep(UInt32.random(in: 5_000...60_000, using: &random))
            if let victim = syncs.shuffled(using: &random).first(where: \.isRunning) {
                kill(victim.processIdentifier, SIGKILL)
                tally.clientKills += 1
            } else {
                tally.clientKillsMissed += 1
            }
            usleep(UInt32.random(in: 0...150_000, using: &random))
            cluster.server.stop(signal: SIGKILL)
            tally.serverKills += 1
            try cluster.server.start()
            for sync in syncs {
                var end = ChildProcess.waitForExit(sync, timeout: 60)
                if end == nil {
                    kill(sync.processIdentifier, SIGKILL)
                    end = ChildProcess.waitForExit(sync, timeout: 20)
                }
                if let end, !end.bySignal, end.status != 0 { tally.failedSyncs += 1 }
            }
        }
        // Two sync rounds bring every replica to the server's state.
        for _ in 0..<2 {
            for agent in agents { try agent.sync() }
        }
        let elapsed = Date().timeIntervalSince(started)
        print("kill loop: \(round) rounds in \(Int(elapsed)) s; \(tally.clientKills) client kills mid-sync "
            + "(\(tally.clientKillsMissed) missed: sync already done), \(tally.serverKills) server kills, "
            + "\(tally.failedSyncs) syncs ended with an error; \(acknowledged.count) acknowledged records")

        #expect(tally.serverKills >= rounds)
        #expect(tally.clientKills >= rounds, "only \(tally.clientKills) syncs were still running when killed")
        let feed = try Self.feed(cluster)
        let districts = feed.filter { $0["kind"] as? String == "district" }
        var fieldsSeen: [String: Int] = [:]
        for change in districts { fieldsSeen["\(change["id"] as? String ?? "?").\(change["field"] as? String ?? "?")", default: 0] += 1 }
        #expect(fieldsSeen.values.allSatisfy { $0 == 1 }, "a field is in the feed more than once")
        let storedIDs = Set(districts.compactMap { $0["id"] as? String })
        let lost = Set(acknowledged.keys).subtracting(storedIDs)
        let unexpected = storedIDs.subtracting(acknowledged.keys)
        #expect(lost.isEmpty, "lost \(lost.count) acknowledged records: \(lost.sorted().prefix(5))")
        #expect(unexpected.isEmpty, "unexpected records: \(unexpected.sorted().prefix(5))")
        var names: [String: Int] = [:]
        for change in districts where change["field"] as? String == "name" {
            let id = change["id"] as? String ?? ""
            #expect(change["value"] as? String == acknowledged[id], "record \(id) has the name \(change["value"] ?? "-")")
            names[change["value"] as? String ?? "", default: 0] += 1
        }
        #expect(names.values.allSatisfy { $0 == 1 }, "a record was created twice")
        print("kill loop: lost \(lost.count), unexpected \(unexpected.count), feed holds \(storedIDs.count) districts")
        try cluster.expectConverged(agents)
    }

    /// The whole change feed, every page.
    static func feed(_ cluster: Cluster) throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var since = 0
        while true {
            let page = try cluster.server.get(
                "/v1/changes", query: [.init("since", String(since)), .init("limit", "10000")], token: cluster.adminToken)
                as? [String: Any] ?? [:]
            all += page["changes"] as? [[String: Any]] ?? []
            since = page["cursor"] as? Int ?? since
            guard page["more"] as? Bool == true else { return all }
        }
    }
}
