import Foundation
import GisementClient
import GisementPostgres
import GisementShared
import Testing
import TestSupport

/// A server on PostgreSQL whose database goes silent (a network partition: connections stay open,
/// no byte comes back), through a proxy that stops forwarding (``FreezingProxy``). Requests get
/// 503 `unavailable` within the server's bound (`serve --db-timeout 2`, and the second it waits
/// beyond) instead of hanging; once the network is back, service resumes; a push cut off
/// mid-transaction left nothing behind and is taken whole, once, when sent again.
@Suite struct PostgresSilenceTests {
    /// The bound and its second, or a reconnection attempt (3 s connect timeout), and a loaded
    /// machine's slack; far below the transport's own timeout, which a hang runs into.
    static let patience: Double = 10

    @Test func aDatabaseGoneSilent_costs503sWithinTheBound_thenServiceResumes_nothingHalfApplied() throws {
        let cluster = try PostgresCluster.shared()
        let name = try PostgresConnection(PostgresURL(try cluster.freshDatabase())!).execute("SELECT current_database()")[0, 0]!
        let proxy = try FreezingProxy(upstreamPort: cluster.port)
        defer { proxy.stop() }
        let folder = TemporaryFolder("silence")
        let server = try ServerProcess(
            folder: folder, database: "postgresql://\(PostgresCluster.role):\(PostgresCluster.password)@127.0.0.1:\(proxy.port)/\(name)",
            options: ["--db-timeout", "2"])
        try server.start()
        defer { server.stop() }
        let client = Client(server: server.url, token: try server.token("chief", role: "admin"))
        var maker = ChangeMaker(replica: "r-a", startingAt: Int64(Date().timeIntervalSince1970 * 1000) - 60_000)
        #expect(try client.push(maker.districts(2), replica: "r-a").status == 200)

        // Silent between requests: the token check, the push and the pull each get a clean 503 in time.
        proxy.freeze()
        let later = maker.districts(3, prefix: "later")
        for request in [Client.pushRequest(later, replica: "r-a", token: client.token), client.pullRequest(since: 0)] {
            let answer = try client.send(request)
            #expect(answer.status == 503 && answer.code == "unavailable" && answer.retryAfter == 1, "\(request.label): \(answer)")
            #expect(answer.seconds < Self.patience, "\(request.label): \(answer)")
        }
        proxy.thaw()
        let accepted = try client.pushUntilServed(later, replica: "r-a")
        #expect(accepted.accepted == 3, "\(accepted)")

        // Silent in the middle of a push, its replica row written, its changes' insert held back: the
        // transaction never commits, and the push sent again is taken whole, once.
        Thread.sleep(forTimeInterval: 0.3)  // the session rows of the last push are written
        let cut = [
            maker.write(.district, "cut-1", "name", .text("Frozen value one")),
            maker.write(.district, "cut-2", "name", .text("Frozen value two")),
        ]
        proxy.freeze(whenClientSends: "Frozen value", after: "READ COMMITTED")
        let refused = try client.send(Client.pushRequest(cut, replica: "r-a", token: client.token))
        #expect(proxy.hasTriggered, "the push's insert went through the proxy")
        #expect(refused.status == 503 && refused.code == "unavailable", "\(refused)")
        #expect(refused.seconds < Self.patience, "\(refused)")
        proxy.thaw()
        let again = try client.pushUntilServed(cut, replica: "r-a")
        #expect(again.accepted == 2, "nothing of the cut push was kept: \(again)")

        let feed = try client.pullAll()
        #expect(feed.count == 7 && feed.compactMap(\.seq) == Array(Int64(1)...7), "\(feed.map(\.seq))")
        #expect(Set(feed.map(\.id)).count == 7 && feed.contains { $0.id == "cut-1" } && feed.contains { $0.id == "cut-2" })
        #expect(!server.errorLog.contains("request failed"), "no 500: \(server.errorLog.suffix(2000))")
    }
}

/// Raw requests to one server, each answer timed.
private struct Client {
    struct Answer: CustomStringConvertible {
        var status: Int
        var code: String?
        var retryAfter: Double?
        var accepted: Int?
        var body: [UInt8]
        var seconds: Double
        var description: String {
            "\(status) \(code ?? "") Retry-After \(retryAfter.map { "\($0)" } ?? "none") after \(seconds) s: "
                + String(decoding: body.prefix(300), as: UTF8.self)
        }
    }

    let server: String
    let token: String

    static func pushRequest(_ changes: [Change], replica: ReplicaID, token: String) -> SyncHTTPRequest {
        SyncHTTPRequest(method: "POST", path: "/v1/changes", body: PushBody(replica: replica, changes: changes).encoded(), token: token)
    }

    func pullRequest(since: Int64) -> SyncHTTPRequest {
        SyncHTTPRequest(method: "GET", path: "/v1/changes", query: [SyncQueryItem("since", String(since))], token: token)
    }

    /// Sends and times one request; a hang runs into the transport's 30 s and throws.
    func send(_ request: SyncHTTPRequest) throws -> Answer {
        let started = Date()
        let response = try URLSessionTransport(server: server).send(request, timeout: 30)
        let seconds = Date().timeIntervalSince(started)
        let json = try? JSONParser.parse(response.body)
        return Answer(
            status: response.status, code: json?["error"]?["code"]?.stringValue, retryAfter: response.retryAfter,
            accepted: json?["accepted"]?.integerValue.map(Int.init), body: response.body, seconds: seconds)
    }

    func push(_ changes: [Change], replica: ReplicaID) throws -> Answer {
        try send(Client.pushRequest(changes, replica: replica, token: token))
    }

    /// Pushes until the answer is not a 503 (the server reconnects once the network is back).
    func pushUntilServed(_ changes: [Change], replica: ReplicaID) throws -> Answer {
        let end = Date().addingTimeInterval(20)
        while true {
            let answer = try push(changes, replica: replica)
            if answer.status != 503 || Date() > end {
                #expect(answer.status == 200, "\(answer)")
                return answer
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// The whole feed.
    func pullAll() throws -> [Change] {
        var changes: [Change] = []
        var since: Int64 = 0
        while true {
            let answer = try send(pullRequest(since: since))
            guard answer.status == 200 else { throw ServerFailure(message: "pull: \(answer)") }
            let page = try PullPage.decode(answer.body)
            changes += page.changes
            since = page.cursor
            if !page.more { return changes }
        }
    }
}
