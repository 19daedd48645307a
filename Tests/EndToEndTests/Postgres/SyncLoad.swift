import Foundation
import GisementClient
import GisementShared
import TestSupport

/// Raw HTTP pushers and a puller hammering servers, each on a thread of its own, until stopped.
///
/// Each pusher is one replica pushing batches of new districts the way the real client does: a batch
/// that was not acknowledged is sent again (never skipped) before any new one, through the next
/// server in turn. The puller follows the feed from 0 by its cursor, through the servers in turn.
/// Every answer is kept, with when it was sent and how long it took.
final class SyncLoad: @unchecked Sendable {
    /// One request and what came back.
    struct Answer {
        var request: String
        var sent: Date
        var seconds: Double
        /// The HTTP status; nil when no answer came (the transport failed).
        var status: Int?
        /// The API error code of an error answer.
        var code: String?
        var retryAfter: Double?
        var transportError: String?
    }

    let servers: [String]
    let token: String
    private let pushers: Int
    private let batch: Int
    private let lock = NSLock()
    private var running = true
    private var recorded: [Answer] = []
    private var acknowledgedDots: [Dot] = []
    private var pulledDots: [Dot] = []
    private var pullCursor: Int64 = 0
    private var unacknowledged: [ReplicaID: [Change]] = [:]
    private let finished = DispatchGroup()

    /// - Parameters:
    ///   - servers: base URLs the clients go through in turn.
    ///   - token: a coordinator's (districts are written).
    init(servers: [String], token: String, pushers: Int = 3, batch: Int = 5) {
        self.servers = servers
        self.token = token
        self.pushers = pushers
        self.batch = batch
    }

    var answers: [Answer] { lock.withLock { recorded } }
    /// Every change a pusher saw acknowledged with a 200.
    var acknowledged: [Dot] { lock.withLock { acknowledgedDots } }
    /// Every change the puller received, in feed order.
    var pulled: [Dot] { lock.withLock { pulledDots } }
    /// Answers by status (0: none came), and changes acknowledged: for failure messages.
    var summary: String {
        lock.withLock {
            let statuses = Dictionary(grouping: recorded) { $0.status ?? 0 }.mapValues(\.count)
            let slowest = recorded.map(\.seconds).max() ?? 0
            return "answers \(statuses), slowest \(slowest) s, \(acknowledgedDots.count) changes acknowledged"
        }
    }
    /// The load's replicas.
    var replicas: [ReplicaID] { (0..<pushers).map { "load-\($0)" } }

    func start() {
        for (index, replica) in replicas.enumerated() {
            finished.enter()
            Thread.detachNewThread { [self] in
                defer { finished.leave() }
                push(as: replica, startingAt: index)
            }
        }
        finished.enter()
        Thread.detachNewThread { [self] in
            defer { finished.leave() }
            var turn = 0
            while isRunning {
                turn += 1
                if (try? pullPage(through: servers[turn % servers.count])) != true { usleep(20_000) }
            }
        }
    }

    /// Stops every thread, then sends each batch still unacknowledged again until it goes through
    /// and pulls to the end of the feed: afterwards every change pushed was acknowledged and pulled.
    func stop() throws {
        lock.withLock { running = false }
        finished.wait()
        for (replica, changes) in lock.withLock({ unacknowledged }) {
            var status: Int?
            for attempt in 0..<20 where status != 200 {
                status = send(push: changes, as: replica, through: servers[attempt % servers.count])
                if status != 200 { usleep(250_000) }
            }
            guard status == 200 else { throw ServerFailure(message: "\(replica)'s last batch was refused: \(status ?? 0)") }
        }
        lock.withLock { unacknowledged = [:] }
        var pages = 0
        while try pullPage(through: servers[pages % servers.count]) { pages += 1 }
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func push(as replica: ReplicaID, startingAt first: Int) {
        // Stamped a minute in the past: a pusher ticks 1 ms a change, faster than the wall clock.
        var batches = RetriedBatches(replica: replica, startingAt: Int64(Date().timeIntervalSince1970 * 1000) - 60_000)
        var next = first
        while isRunning {
            let changes = batches.next(batch)
            next += 1
            // A pause between requests, as devices make: the pushes of all servers take one lock in
            // turn, and back-to-back pushers on a loaded machine would queue each other for seconds.
            if send(push: changes, as: replica, through: servers[next % servers.count]) == 200 {
                batches.acknowledge()
                usleep(20_000)
            } else {
                usleep(50_000)
            }
            lock.withLock { unacknowledged[replica] = batches.unacknowledged }
        }
    }

    /// Pushes `changes`; records the answer and, on a 200, the changes as acknowledged.
    private func send(push changes: [Change], as replica: ReplicaID, through server: String) -> Int? {
        let body = PushBody(replica: replica, changes: changes).encoded()
        let response = exchange(SyncHTTPRequest(method: "POST", path: "/v1/changes", body: body, token: token), server)
        if response?.status == 200 { lock.withLock { acknowledgedDots += changes.map(\.dot) } }
        return response?.status
    }

    /// One page of the feed after the puller's cursor; whether there was more to pull.
    private func pullPage(through server: String) throws -> Bool {
        let since = lock.withLock { pullCursor }
        let request = SyncHTTPRequest(
            method: "GET", path: "/v1/changes", query: [SyncQueryItem("since", String(since)), SyncQueryItem("limit", "500")],
            token: token)
        guard let response = exchange(request, server), response.status == 200 else { return false }
        let page = try PullPage.decode(response.body)
        lock.withLock {
            pulledDots += page.changes.map(\.dot)
            pullCursor = page.cursor
        }
        return page.more
    }

    /// An answer this slow counts as a hang; the transport waits a little longer so that it is seen.
    static let slowAnswer: Double = 15

    /// Sends one request and records the answer.
    private func exchange(_ request: SyncHTTPRequest, _ server: String) -> SyncHTTPResponse? {
        let sent = Date()
        var answer = Answer(request: "\(request.label) via \(server)", sent: sent, seconds: 0)
        var response: SyncHTTPResponse?
        do {
            response = try URLSessionTransport(server: server).send(request, timeout: SyncLoad.slowAnswer + 5)
            answer.status = response?.status
            answer.retryAfter = response?.retryAfter
            if response?.status != 200 { answer.code = response.flatMap { try? APIErrorBody.decode($0.body).code } }
        } catch {
            answer.transportError = error.message
        }
        answer.seconds = Date().timeIntervalSince(sent)
        lock.withLock { recorded.append(answer) }
        return response
    }
}
