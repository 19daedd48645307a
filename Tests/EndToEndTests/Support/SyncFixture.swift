import Foundation
@_exported import TestSupport
import GisementClient
import GisementShared

/// Records what a sync told the user.
final class RecordingObserver: SyncObserver {
    var notices: [String] = []
    var progress: [SyncProgress] = []
    func syncDidProgress(_ progress: SyncProgress) { self.progress.append(progress) }
    func syncNotice(_ message: String) { notices.append(message) }
}

/// Records the waits between retries instead of sleeping.
final class RecordedWaits: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    var all: [Double] { lock.withLock { values } }
    var sleeper: RetrySleeper { RetrySleeper { [self] seconds in lock.withLock { values.append(seconds) } } }
}

/// A replica on disk plus the pieces to sync it against the real server called in process
/// (``InProcessServer``).
struct SyncFixture {
    let folder: TemporaryFolder
    let server: InProcessServer

    init(server: InProcessServer? = nil) throws {
        self.folder = TemporaryFolder()
        self.server = try server ?? InProcessServer()
    }

    /// A fresh replica whose wall clock reads the server's time plus `skew` milliseconds.
    func makeReplica(_ name: String, skew: Int64 = 0) throws -> ReplicaStore {
        let server = server
        return try ReplicaStore.create(
            path: folder.file(name + ".sqlite"), clock: WallClock { server.time + skew }, synchronous: .normal)
    }

    /// A client of the server with `token` (the server's own by default).
    func client(token: String? = nil, label: String = "in-process", waits: RecordedWaits = RecordedWaits(),
        retry: RetryPolicy = .standard) -> SyncServerClient {
        SyncServerClient(
            transport: server, serverLabel: label, token: token ?? server.token, retry: retry, sleeper: waits.sleeper)
    }

    /// Syncs `store` once.
    @discardableResult
    func sync(
        _ store: ReplicaStore, token: String? = nil, configuration: SyncConfiguration = SyncConfiguration(),
        observer: RecordingObserver = RecordingObserver(), waits: RecordedWaits = RecordedWaits(),
        retry: RetryPolicy = .standard
    ) throws(SyncError) -> SyncSummary {
        let session = SyncSession(
            store: store, client: client(token: token, waits: waits, retry: retry), configuration: configuration,
            observer: observer, clock: store.clock)
        return try session.run()
    }

    /// Every field's winning value held by a replica.
    static func state(of store: ReplicaStore) throws -> [InProcessServer.FieldKey: FieldValue] {
        var result: [InProcessServer.FieldKey: FieldValue] = [:]
        for kind in RecordKind.allCases {
            for record in try store.records(kind: kind, filter: RecordFilter(includesDeleted: true)) {
                for (field, version) in try store.fieldVersions(kind: kind, id: record.id) {
                    result[InProcessServer.FieldKey(kind: kind, id: record.id, field: field)] = version.value
                }
            }
        }
        return result
    }
}
