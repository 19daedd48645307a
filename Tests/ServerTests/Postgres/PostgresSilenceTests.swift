import Foundation
import GisementPostgres
import GisementShared
import Testing
import TestSupport
@testable import GisementServer

/// A server on PostgreSQL whose database goes silent (a network partition: connections stay open,
/// no byte comes back), through a proxy that stops forwarding. Requests get 503 `unavailable`
/// within the server's bound (`serve --db-timeout`, here 2 s, and a second) instead of hanging; once the
/// network is back, service resumes; a push cut off mid-transaction left nothing behind.
@Suite(.enginesChosenByTheSuite) struct PostgresSilenceTests {
    static let bound: Double = 2
    /// The bound and the second the server waits beyond it, or a reconnection attempt (3 s connect
    /// timeout), and a slow machine's slack.
    static let patience: Double = bound + 5

    @Test func aDatabaseGoneSilent_costs503sWithinTheBound_thenServiceResumes_nothingHalfApplied() async throws {
        let cluster = try PostgresCluster.shared()
        let direct = try cluster.freshDatabase()
        let name = try PostgresConnection(PostgresURL(direct)!).execute("SELECT current_database()")[0, 0]!
        let proxy = try FreezingProxy(upstreamPort: cluster.port)
        defer { proxy.stop() }
        var configuration = ServerConfiguration(port: 0)
        configuration.postgresURL = PostgresURL(
            "postgresql://\(PostgresCluster.role):\(PostgresCluster.password)@127.0.0.1:\(proxy.port)/\(name)")
        configuration.readerCount = 2
        configuration.databaseAnswerTimeout = Self.bound
        let server = try await GisementServerApp.start(configuration)
        let token = try await StoreEngine.addToken(server.store, name: "chief", role: .admin)
        // Without the bound a request would wait for ever: the client gives up well before its default minute.
        let client = APIClient(baseURL: server.baseURL, token: token, timeout: 15)
        var maker = ChangeMaker(replica: "r-a")
        #expect(try await client.push(maker.districts(2), replica: "r-a").status == 200)

        // Silent between requests: the token check, the push and the pull each get a clean 503 in time.
        proxy.freeze()
        let later = maker.districts(3, prefix: "later")
        for request in ["POST", "GET"] {
            let started = Date()
            let reply = request == "POST" ? try await client.push(later, replica: "r-a") : try await client.get("/v1/changes?since=0")
            let seconds = Date().timeIntervalSince(started)
            #expect(reply.status == 503 && reply.errorCode == "unavailable", "\(request): \(reply.status) \(reply.text)")
            #expect(reply.headers["retry-after"] == "1")
            #expect(seconds < Self.patience, "\(request) answered after \(seconds) s")
        }
        proxy.thaw()
        let accepted = try await Self.pushUntilServed(client, later, replica: "r-a")
        #expect(accepted.json["accepted"]?.integerValue == 3, "\(accepted.text)")

        // Silent in the middle of a push, its replica row written, its changes being inserted: the
        // transaction never commits, and the push sent again is taken whole, once.
        try await Task.sleep(for: .milliseconds(300))  // the session rows of the last push are written
        let cut = [
            maker.write(.district, "cut-1", "name", .text("Frozen value one")),
            maker.write(.district, "cut-2", "name", .text("Frozen value two")),
        ]
        proxy.freeze(whenClientSends: "Frozen value", after: "READ COMMITTED")
        let started = Date()
        let refused = try await client.push(cut, replica: "r-a")
        let seconds = Date().timeIntervalSince(started)
        #expect(proxy.hasTriggered, "the push's insert went through the proxy")
        #expect(refused.status == 503 && refused.errorCode == "unavailable", "\(refused.status) \(refused.text)")
        #expect(seconds < Self.patience, "the cut push answered after \(seconds) s")
        proxy.thaw()
        let again = try await Self.pushUntilServed(client, cut, replica: "r-a")
        #expect(again.json["accepted"]?.integerValue == 2, "nothing of the cut push was kept: \(again.text)")
        let all = try await client.pullAll()
        #expect(all.map(\.seq) == Array(Int64(1)...7))
        #expect(Set(all.map(\.id)).count == 7, "each change once: \(all.map(\.id))")
        await server.stop()
    }

    /// Pushes until the answer is not a 503 (the pool reconnects after the network is back).
    static func pushUntilServed(_ client: APIClient, _ changes: [Change], replica: ReplicaID) async throws -> APIClient.Reply {
        let end = Date().addingTimeInterval(15)
        while true {
            let reply = try await client.push(changes, replica: replica)
            if reply.status != 503 || Date() > end {
                #expect(reply.status == 200, "\(reply.status) \(reply.text)")
                return reply
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
