import GisementShared

/// One `gisement sync`: check the server and the clocks, push the outbox, pull the feed.
///
/// The steps (see `docs/sync.md`):
/// 1. `GET /v1/health`: compare the server's clock with the local one before anything is stamped;
///    warn beyond a minute, stop when the local clock is ahead by more than the server accepts.
/// 2. `GET /v1/replicas/{replica}`: when the server holds a higher counter from this replica than
///    the replica itself, the replica was restored from an old copy: it takes a new id and stamps
///    its pending changes again (``SyncStore/rotateReplicaID(newID:)``). A given server and token
///    are remembered once the server has accepted the token.
/// 3. Push the outbox in batches; a batch leaves the outbox only once the server acknowledged it,
///    and pushing it again is harmless (the server deduplicates by dot). A change the server
///    refuses (`invalid_change`) is set aside and the rest of the batch is sent again.
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
            try checkReplica(status, &summary)
            try replica { try store.updateSyncSettings(server: remember.server, token: remember.token) }
            if SyncSession.isAnotherServer(remember.server, than: status.server) {
                // Another server's feed positions mean nothing here: read the new one from its start.
                _ = try replica { try store.applyPulled([], cursor: 0) }
            }
            try push(&summary)
            try pull(&summary)
            try replica { try store.recordSync(at: clock.now()) }
        } catch let error where error.isInterruption {
            var error = error
            if let waiting = try? store.pendingCount() {
                error.message += " Nothing was lost; \(waiting) \(waiting == 1 ? "change waits" : "changes wait") "
                    + "for the next sync."
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

    /// Step 2: a replica restored from an old copy takes a new id before it pushes anything.
    ///
    /// The contract's test is "the server holds a higher counter than the replica's own". This
    /// compares with the highest counter the replica ever *sent* instead, which is never more than
    /// its own: a copy restored from before its last push, that then wrote as many changes as were
    /// pushed since, has its own counter back at the server's, yet would reuse dots the server holds.
    /// A push killed after the server stored it but before the replica heard back is no false alarm:
    /// the counter is recorded as sent before the batch goes out.
    func checkReplica(_ status: SyncStoreStatus, _ summary: inout SyncSummary) throws(SyncError) {
        let held = try client.replicaCounter(status.replicaID)
        let sent = try replica { try store.sentCounter() }
        guard held > min(sent, status.counter) else { return }
        let newID = Identifier.random(prefix: "r-")
        let restamped = try replica { try store.rotateReplicaID(newID: newID) }
        summary.previousReplicaID = status.replicaID
        summary.replicaID = newID
        summary.restamped = restamped
        observer.syncNotice(
            "This replica looks restored from an old copy: the server holds \(held) changes written as "
                + "\(status.replicaID), this copy sent only \(min(sent, status.counter)). It now writes as \(newID), "
                + "and its \(restamped) pending \(restamped == 1 ? "change was" : "changes were") stamped again "
                + "under that id, so nothing is mistaken for a change the server already holds and nothing is lost.")
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
            throw SyncError(.replicaFailure, "The local replica failed during the sync: \(error).")
        }
    }
}
