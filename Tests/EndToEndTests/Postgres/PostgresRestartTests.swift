import Foundation
import Testing
import TestSupport

/// PostgreSQL itself stopped and started again under load, twice: cleanly (`pg_ctl stop -m fast`)
/// and as a crash (`-m immediate`, recovery at the start). Two servers share the database; raw
/// pushers, a puller and two `gisement` agents sync through both all along.
///
/// While the database is down every request gets 503 `unavailable` with `Retry-After` (never a
/// 500, never a wait beyond a bound); once it is back both servers serve again without a restart;
/// every change a pusher saw acknowledged is in the feed exactly once, the puller that followed the
/// feed across both restarts received each once, and the agents converge.
///
/// The test runs its own cluster: stopping the shared one would fail the tests running beside it.
@Suite(.serialized) struct PostgresRestartTests {
    @Test func postgresRestartedUnderLoad_answers503_thenServesAgain_losingNothing() throws {
        let postgres = try PostgresCluster.startPrivate()
        defer { try? postgres.stop(.immediate) }
        let database = try postgres.freshDatabase()
        let cluster = try Cluster(database: database)
        let second = try ServerProcess(folder: cluster.folder, database: database)
        try second.start()
        defer { second.stop() }
        let servers = [cluster.server, second]
        let load = SyncLoad(servers: servers.map(\.url), token: try cluster.server.token("load", role: "coordinator"))
        let agents = AgentSyncLoop([try cluster.agent("awa"), try cluster.agent("ben", through: second)])

        load.start()
        agents.start()
        try Self.wait("the load to get going", seconds: 30, state: { "\(load.summary); \(agents.summary)" }) {
            load.acknowledged.count >= 20 && agents.syncs >= 1
        }
        var downWindows: [ClosedRange<Date>] = []
        for mode in [PostgresCluster.StopMode.fast, .immediate] {
            try postgres.stop(mode)
            let down = Date()
            usleep(1_500_000)
            downWindows.append(down...Date())
            try postgres.start()
            let up = Date()
            // Service again through each server, for pushes and pulls, without restarting either.
            try Self.wait("both servers to serve again after a \(mode) stop", seconds: 20, state: { load.summary }) {
                let after = load.answers.filter { $0.sent > up && $0.status == 200 }
                return servers.allSatisfy { server in
                    ["POST", "GET"].allSatisfy { method in after.contains { $0.request == "\(method) /v1/changes via \(server.url)" } }
                }
            }
            usleep(1_000_000)
        }
        try load.stop()
        let agentStatuses = agents.stop()

        #expect(servers.allSatisfy { $0.process?.isRunning == true }, "no server stopped")
        let answers = load.answers
        let wrong = answers.filter { !($0.status == 200 || ($0.status == 503 && $0.code == "unavailable" && $0.retryAfter == 1)) }
        let failures = servers.flatMap { $0.errorLog.split(separator: "\n").filter { $0.contains("request failed") } }
        #expect(wrong.isEmpty, "\(wrong.count) answers neither 200 nor a clean 503: \(wrong.prefix(5)); \(failures.prefix(5))")
        // A stuck pool never answers; the bound is loose because on a loaded machine (a CI runner
        // building beside the test) pushes, which take one lock in turn, may queue for seconds.
        let slow = answers.filter { $0.seconds >= SyncLoad.slowAnswer }
        #expect(slow.isEmpty, "\(slow.count) answers took \(SyncLoad.slowAnswer) s or more: \(slow.prefix(3)); down \(downWindows)")
        for window in downWindows {
            let whileDown = answers.filter { window.contains($0.sent) && $0.sent.addingTimeInterval($0.seconds) < window.upperBound }
            #expect(whileDown.count >= 10, "only \(whileDown.count) requests while PostgreSQL was down")
            #expect(whileDown.allSatisfy { $0.status == 503 }, "a request was served while PostgreSQL was down")
        }
        // A sync fails only as `unavailable` (69) after its retries, never as a server failure (1).
        #expect(agentStatuses.allSatisfy { $0 == 0 || $0 == 69 }, "sync exit statuses: \(agentStatuses)")

        // Nothing lost, nothing twice: in the feed, and for the puller that followed it throughout.
        let acknowledged = load.acknowledged
        #expect(Set(acknowledged).count == acknowledged.count, "a change was acknowledged twice")
        let replicas = Set(load.replicas)
        let pulled = load.pulled.filter { replicas.contains($0.replica) }
        #expect(pulled.count == Set(pulled).count, "the puller received a change twice")
        #expect(Set(pulled) == Set(acknowledged), "pulled \(pulled.count), acknowledged \(acknowledged.count)")
        let feed = try KillLoopTests.feed(cluster).compactMap { change -> String? in
            guard let replica = change["replica"] as? String, replicas.contains(replica) else { return nil }
            return "\(replica):\(change["counter"] as? Int ?? -1)"
        }
        #expect(feed.count == acknowledged.count, "the feed holds \(feed.count) of the load's changes")
        #expect(Set(feed) == Set(acknowledged.map { "\($0.replica):\($0.counter)" }))

        // The agents catch up and converge, every district they added on the server.
        for _ in 0..<2 {
            for agent in agents.agents { try agent.sync() }
        }
        try cluster.expectConverged(agents.agents)
        let districts = try agents.agents[0].export("district")
        #expect(agents.added.allSatisfy { districts[$0] != nil }, "a district an agent added is missing")
        print("PostgreSQL restarted twice under load: \(answers.count) requests, "
            + "\(answers.filter { $0.status == 503 }.count) answered 503, \(acknowledged.count) changes acknowledged, "
            + "\(agentStatuses.count) agent syncs (\(agentStatuses.filter { $0 != 0 }.count) ended unavailable)")
    }

    /// Polls `condition` every 50 ms for at most `seconds`; `state` says where things stood if it never held.
    static func wait(_ what: String, seconds: Double, state: () -> String, until condition: () -> Bool) throws {
        let end = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < end else { throw ServerFailure(message: "waited \(Int(seconds)) s for \(what): \(state())") }
            usleep(50_000)
        }
    }
}

/// Agents adding a district then syncing, over and over, each on a thread of its own, until stopped.
private final class AgentSyncLoop: @unchecked Sendable {
    let agents: [Agent]
    private let lock = NSLock()
    private var running = true
    private var statuses: [Int32] = []
    private var addedIDs: [String] = []
    private var failures: [String] = []
    private let finished = DispatchGroup()

    init(_ agents: [Agent]) { self.agents = agents }

    /// Syncs run so far.
    var syncs: Int { lock.withLock { statuses.count } }
    /// The exit statuses so far and the failures to run a command: for failure messages.
    var summary: String { lock.withLock { "agent syncs \(statuses), failures \(failures)" } }
    /// The districts the agents added.
    var added: [String] { lock.withLock { addedIDs } }

    func start() {
        for agent in agents {
            finished.enter()
            Thread.detachNewThread { [self] in
                defer { finished.leave() }
                var round = 0
                while lock.withLock({ running }) {
                    round += 1
                    do {
                        let id = try agent.ok(["district", "add", "\(agent.name) \(round)"])
                        let status = try agent.run(["sync"], timeout: 30).status
                        lock.withLock {
                            addedIDs.append(id)
                            statuses.append(status)
                        }
                    } catch {
                        lock.withLock { failures.append("\(error)") }
                    }
                }
            }
        }
    }

    /// Stops the loops; the exit statuses of every sync (a failure to run one counts as -1).
    func stop() -> [Int32] {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { statuses + failures.map { _ in -1 } }
    }
}
