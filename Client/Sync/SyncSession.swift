import GisementShared

/// One `gisement sync`: check the server and the clocks, push the outbox, pull the feed.
///
/// The steps (see `docs/sync.md`):
/// 1. `GET /v1/health`: compare the server's clock with the local one before anything is stamped;
///    warn beyond a minute, stop when the local clock is ahead by more than the server accepts.
/// 2. `GET /v1/replicas/{replica}?lineage=…`: when the server holds a higher counter from this
///    replica than the replica ever sent, the replica is a restored or copied file: it takes a new
///    id and stamps its pending changes again (``SyncStore/rotateReplicaID(newID:)``). When the
///    server is behind what the replica knew (another store, a feed that went back, fewer of its
///    changes than acknowledged), a recovery is marked pending (``checkServer(_:_:)``). A given
///    server and token are remembered once the server has accepted the token.
/// 3. Push the outbox in batches; a batch leaves the outbox only once the server acknowledged it,
///    and pushing it again is harmless (the server deduplicates by dot and content). A change the
///    server refuses (`invalid_change`) is set aside and the rest of the batch is sent again; a
///    `replica_conflict` (a copy of this file pushed other changes under its id) makes this
///    replica take a new id and push again.
/// 3b. A pending recovery compares digests with the server and sends and fetches what differs
///    (``Reconciler``), then reads the feed from the server's head.
/// 3c. Once, for a replica made by an older release: fetch the fields its schema version was not
///    served (``catchUpSchema(_:)``). Step 1 also learnt the server's schema version, and step 3
///    leaves in the outbox what a server of an older version cannot hold.
/// 4. Pull the feed page by page; each page is merged and the cursor moved in one transaction.
///
/// So a sync killed at any point and run again ends in the same state as one that was not.
public final class SyncSession {
    public let store: any SyncStore
    public let client: SyncServerClient
    public let configuration: SyncConfiguration
    public let observer: any SyncObserver
    /// The local wall clock, in milliseconds since 1970.
    public let clock: WallClock
    /// A server URL and token to remember once the server accepts the token (nil: keep the stored ones).
    public let remember: (server: String?, token: String?)
    /// How far ahead of its clock the server accepts changes (from its health answer).
    var acceptedSkew = ServerHealth.defaultMaxSkew
    /// The counters of the changes this run pushed (lowest, highest), to tell which lost edits the
    /// server already counted as conflicts in its push answers.
    var pushedCounters: ClosedRange<UInt64>?
    /// The schema version the server holds (from its health answer; 1 when it does not say).
    var serverSchema = SchemaVersion.current

    public init(
        store: any SyncStore, client: SyncServerClient, configuration: SyncConfiguration = SyncConfiguration(),
        observer: any SyncObserver = SilentSyncObserver(), clock: WallClock = .system,
        remember: (server: String?, token: String?) = (nil, nil)
    ) {
        self.store = store
        self.client = client
        self.configuration = configuration
        self.observer = observer
        self.clock = clock
        self.remember = remember
    }

    /// Runs the sync.
    ///
    /// - Returns: what it did.
    /// - Throws: ``SyncError``; when the server could not be reached the message says how many
    ///   changes wait for the next sync. Whatever was acknowledged or applied before stays done.
    public func run() throws(SyncError) -> SyncSummary {
        let started = ContinuousClock.now
        let status = try replica { try store.syncStatus() }
        var summary = SyncSummary(server: client.serverLabel, replicaID: status.replicaID)
        do {
            observer.syncDidProgress(SyncProgress(phase: .connecting))
            try checkClock(&summary)
            if SyncSession.isAnotherServer(remember.server, than: status.server) {
                // Another server's feed positions mean nothing here: read the new one from its start.
                _ = try replica { try store.applyPulled([], cursor: 0) }
            }
            try checkServer(try replica { try store.syncStatus() }, &summary)
            try replica { try store.updateSyncSettings(server: remember.server, token: remember.token) }
            try push(&summary)
            try recoverIfPending(&summary)
            try catchUpSchema(&summary)
            let rights = try followScope(&summary)
            try pull(&summary)
            try settleScope(rights, &summary)
            try replica { try store.recordSync(at: clock.now()) }
        } catch let error where error.isInterruption {
            var error = error
            if let waiting = try? store.pendingCount() {
                error.message += " " + localized(waiting == 1 ? "sync.nothingLost.one" : "sync.nothingLost", ["count": String(waiting)])
            }
            throw error
        }
        summary.pendingAfter = try replica { try store.pendingCount() }
        let elapsed = started.duration(to: .now).components
        summary.durationMilliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        observer.syncDidProgress(
            SyncProgress(phase: .done, pushed: summary.pushed, toPush: summary.pushed, pulled: summary.pulled))
        return summary
    }

    /// Whether `given` names another server than the remembered one (trailing slashes ignored).
    public static func isAnotherServer(_ given: String?, than remembered: String?) -> Bool {
        guard let given, let remembered else { return false }
        func trimmed(_ text: String) -> String {
            var text = text
            while text.hasSuffix("/") { text.removeLast() }
            return text.lowercased()
        }
        return trimmed(given) != trimmed(remembered)
    }

    /// Runs a store operation, turning its failure into a ``SyncError``.
    func replica<T>(_ body: () throws -> T) throws(SyncError) -> T {
        do {
            return try body()
        } catch {
            throw SyncError.replica(error, "sync.replicaFailed")
        }
    }
}
