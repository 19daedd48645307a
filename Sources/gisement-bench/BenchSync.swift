import Foundation
import GisementClient
import GisementShared

/// Runs one sync in this process through the client's own code path (``SyncSession`` over
/// ``URLSessionTransport``, the client's default ``SyncConfiguration``) and times its phases.
enum BenchSync {
    /// What one timed sync did.
    struct Timing {
        var pushSeconds = 0.0
        var pullSeconds = 0.0
        var totalSeconds = 0.0
        var pushed = 0
        var pulled = 0
    }

    /// Syncs the replica at `replicaPath` with `server`, timing each request into `requests` when given.
    /// - Throws: ``BenchFailure`` when the sync fails.
    static func run(replicaPath: String, server: BenchServer, requests: RequestTimes? = nil) throws -> Timing {
        let store = try ReplicaStore(path: replicaPath)
        let direct = try URLSessionTransport(server: server.url)
        let transport: any SyncTransport = requests.map { TimedTransport(inner: direct, times: $0) } ?? direct
        let configuration = SyncConfiguration()
        let client = SyncServerClient(
            transport: transport, serverLabel: server.url, token: server.token, requestTimeout: configuration.requestTimeout)
        let observer = PhaseTimer()
        let session = SyncSession(store: store, client: client, configuration: configuration, observer: observer)
        let start = ContinuousClock.now
        let summary: SyncSummary
        do {
            summary = try session.run()
        } catch {
            throw BenchFailure("the sync failed: \(error.message)")
        }
        let end = ContinuousClock.now
        var timing = Timing()
        timing.totalSeconds = start.duration(to: end).seconds
        let pushStart = observer.firstPush ?? end
        let pullStart = observer.firstPull ?? end
        timing.pushSeconds = pushStart.duration(to: pullStart).seconds
        timing.pullSeconds = pullStart.duration(to: end).seconds
        timing.pushed = summary.pushed
        timing.pulled = summary.pulled
        return timing
    }
}

/// Notes when the push and the pull began.
private final class PhaseTimer: SyncObserver {
    var firstPush: ContinuousClock.Instant?
    var firstPull: ContinuousClock.Instant?

    func syncDidProgress(_ progress: SyncProgress) {
        switch progress.phase {
        case .pushing where firstPush == nil: firstPush = .now
        case .pulling where firstPull == nil: firstPull = .now
        default: break
        }
    }

    func syncNotice(_ message: String) {}
}

/// A server database that received a replica fixture, and that replica after its sync:
/// the starting point of the pull and no-op scenarios. Built once per size per run.
struct ServerFixture: Sendable {
    let databasePath: String
    let token: String
    /// The replica that pushed everything, synced (its cursor at the feed's head).
    let syncedReplicaPath: String
    let changes: Int

    static func build(in folder: String, replica: ReplicaFixture, binaries: BenchBinaries) throws -> ServerFixture {
        let databasePath = folder + "/server-\(replica.collections).sqlite"
        let replicaPath = folder + "/synced-\(replica.collections).sqlite"
        let (token, changes) = try load(database: databasePath, replica: replica, replicaCopy: replicaPath, binaries: binaries)
        return ServerFixture(databasePath: databasePath, token: token, syncedReplicaPath: replicaPath, changes: changes)
    }

    /// Pushes a copy of `replica` (made at `replicaCopy`) to a server on `database` (a SQLite path
    /// or a PostgreSQL URL); returns the coordinator token made for it and the changes pushed.
    static func load(
        database: String, replica: ReplicaFixture, replicaCopy: String, binaries: BenchBinaries
    ) throws -> (token: String, changes: Int) {
        let workspace = try BenchWorkspace("server-fixture")
        defer { workspace.cleanUp() }
        try replica.copy(to: replicaCopy)
        BenchOutput.line("  (loading a server with \(Measurement.grouped(Double(replica.changes))) field changes...)")
        let server = try BenchServer(binaries: binaries, database: database, workspace: workspace)
        let timing = try BenchSync.run(replicaPath: replicaCopy, server: server)
        guard timing.pushed == replica.changes else {
            throw BenchFailure("the fixture sync pushed \(timing.pushed) of \(replica.changes) changes")
        }
        server.stop()
        return (server.token, replica.changes)
    }
}
