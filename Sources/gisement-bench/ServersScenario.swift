import Foundation
import GisementClient
import GisementShared
import Synchronization

extension BenchScenario {
    /// Several servers on one database: two `gisement-server serve` processes on one PostgreSQL
    /// database (a throwaway cluster), and 64 clients in threads of this process, each with its own
    /// replica of `size / 64` collections (ten fields each). Each client syncs through one server
    /// (pushing its collections, pulling what the others pushed so far), then through the other
    /// (pulling the rest), all at once. Prints the changes moved per second, all clients together,
    /// and the request times each client saw (p50, p99), and checks every replica ends with the
    /// whole feed.
    static let servers = BenchScenario(
        name: "servers", summary: "64 clients pushing and pulling across two servers on one PostgreSQL",
        defaultSize: 6_400, onlyWhenNamed: true
    ) { size, _ in
        let clients = 64
        let workspace = try BenchWorkspace("servers")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let perClient = max(1, size / clients)
        BenchOutput.line("  (building \(clients) replicas of \(perClient) collections each...)")
        var replicas: [String] = []
        var pushable = 0
        for index in 0..<clients {
            let fixture = try ReplicaFixture.build(at: workspace.path("replica-\(index).sqlite"), collections: perClient)
            replicas.append(fixture.path)
            pushable += fixture.changes
        }

        let url = try BenchPostgres.freshDatabase()
        let first = try BenchServer(binaries: binaries, database: url, workspace: workspace)
        let second = try BenchServer(binaries: binaries, database: url, token: first.token, workspace: workspace)
        let servers = [first, second]
        let cpuBefore = servers.map(\.cpuSeconds)
        let postgresCPUBefore = BenchPostgres.clusterCPUSeconds()
        let times = RequestTimes()
        let outcomes = Mutex<[Result<(pushed: Int, pulled: Int), BenchFailure>]>([])
        let done = DispatchGroup()
        let start = ContinuousClock.now
        for (index, replica) in replicas.enumerated() {
            done.enter()
            let order = [servers[index % 2], servers[(index + 1) % 2]]
            let thread = Thread {
                defer { done.leave() }
                let outcome: Result<(pushed: Int, pulled: Int), BenchFailure>
                do {
                    let there = try BenchSync.run(replicaPath: replica, server: order[0], requests: times)
                    let back = try BenchSync.run(replicaPath: replica, server: order[1], requests: times)
                    outcome = .success((there.pushed + back.pushed, there.pulled + back.pulled))
                } catch let failure as BenchFailure {
                    outcome = .failure(failure)
                } catch {
                    outcome = .failure(BenchFailure("\(error)"))
                }
                outcomes.withLock { $0.append(outcome) }
            }
            thread.start()
        }
        done.wait()
        let seconds = start.duration(to: .now).seconds
        let serverCPU = zip(servers, cpuBefore).reduce(0) { $0 + $1.0.cpuSeconds - $1.1 }
        let postgresCPU = postgresCPUBefore.flatMap { before in BenchPostgres.clusterCPUSeconds().map { $0 - before } }
        let rss = servers.map(\.peakRSSMegabytes)
        servers.forEach { $0.stop() }

        var pushed = 0
        var pulled = 0
        for outcome in outcomes.withLock({ $0 }) {
            let counts = try outcome.get()
            pushed += counts.pushed
            pulled += counts.pulled
        }
        guard pushed == pushable else { throw BenchFailure("the clients pushed \(pushed) changes, expected \(pushable)") }
        // Each replica ends with every other replica's changes: the whole feed less its own.
        let expectedPulled = pushable * (clients - 1)
        guard pulled >= expectedPulled else {
            throw BenchFailure("the clients pulled \(pulled) changes, expected at least \(expectedPulled)")
        }
        let durations = times.all.sorted()
        print("  \(clients) clients (threads, the sync client's own code), 2 servers, 1 PostgreSQL database")
        BenchOutput.rate("changes pushed, all clients", count: pushed, seconds: seconds, unit: "changes")
        BenchOutput.rate("changes pulled, all clients", count: pulled, seconds: seconds, unit: "changes")
        BenchOutput.rate("changes moved (pushed + pulled), all clients", count: pushed + pulled, seconds: seconds,
                         unit: "changes")
        BenchOutput.rate("requests, all clients", count: durations.count, seconds: seconds, unit: "requests")
        BenchOutput.time("request time p50 (seen by the client)", seconds: percentile(durations, 0.50))
        BenchOutput.time("request time p99 (seen by the client)", seconds: percentile(durations, 0.99))
        BenchOutput.time("request time max", seconds: durations.last ?? 0)
        BenchOutput.cpu("servers' CPU, both together", seconds: serverCPU, per: pushed + pulled, unit: "change")
        if let postgresCPU {
            BenchOutput.cpu("PostgreSQL CPU (cluster's processes)", seconds: postgresCPU, per: pushed + pulled, unit: "change")
        }
        BenchOutput.megabytes("server peak RSS (VmHWM), larger of the two", rss.max() ?? 0)
    }
}

/// The `fraction` percentile of sorted values (nearest rank).
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// Request durations collected from several client threads.
final class RequestTimes: Sendable {
    private let seconds = Mutex<[Double]>([])

    func add(_ value: Double) { seconds.withLock { $0.append(value) } }

    var all: [Double] { seconds.withLock { $0 } }
}

/// A transport that times each request it passes on.
struct TimedTransport: SyncTransport {
    let inner: any SyncTransport
    let times: RequestTimes

    func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse {
        let start = ContinuousClock.now
        defer { times.add(start.duration(to: .now).seconds) }
        return try inner.send(request, timeout: timeout)
    }
}
