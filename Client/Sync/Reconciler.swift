import GisementShared

/// Compares a replica with the server by digests, from the coarse to the fine (1,024 bucket
/// digests, then the records of the buckets that differ, then the versions of the records that
/// differ), and makes them equal by sending and fetching only what differs.
///
/// One implementation for `gisement verify [--repair]` and for the recovery of a sync that finds
/// the server went back (docs/sync.md). Equal stores cost one request.
struct Reconciler {
    let store: any SyncStore
    let client: SyncServerClient
    let replicaID: ReplicaID
    /// How many changes one repair push carries.
    var batchSize = 1000

    /// What differs, and the server's feed head when it was compared.
    struct Difference: Sendable {
        var serverHead: Int64
        var onlyHere: [RecordKey] = []
        var onlyOnServer: [RecordKey] = []
        var different: [RecordKey] = []
        var isEqual: Bool { onlyHere.isEmpty && onlyOnServer.isEmpty && different.isEmpty }
        var all: [RecordKey] { onlyHere + onlyOnServer + different }
    }

    /// What a repair did.
    struct Repair: Sendable, Hashable {
        /// This replica's own versions sent.
        var sent = 0
        /// Versions of other replicas sent on their behalf (`relayed`).
        var relayed = 0
        /// Versions fetched from the server that changed this replica.
        var received = 0
        /// Versions refused: by the server when sent (kept here), or by this replica's schema when
        /// fetched (not applied).
        var refused = 0
        /// Versions this replica's token may not write (its role or its scope): left to replicas
        /// whose tokens may (contract "Scopes").
        var left = 0
    }

    /// - Throws: ``SyncError``; `.protocolError` from a server that cannot verify (older than 1.1).
    func compare() throws(SyncError) -> Difference {
        guard let server = try client.verifyBuckets() else {
            throw SyncError(
                .protocolError,
                localized("verify.oldServer", ["server": client.serverLabel]))
        }
        let local = try replica { try store.bucketDigests() }
        var difference = Difference(serverHead: server.head)
        let buckets = (0..<VersionDigest.bucketCount).filter { server.digests[$0] != local[$0] }
        guard !buckets.isEmpty else { return difference }
        let theirs = Dictionary(try client.verifyRecords(buckets: buckets), uniquingKeysWith: { a, _ in a })
        let ours = Dictionary(try replica { try store.recordDigests(buckets: buckets) }, uniquingKeysWith: { a, _ in a })
        for (record, digest) in ours {
            if let other = theirs[record] {
                if other != digest { difference.different.append(record) }
            } else {
                difference.onlyHere.append(record)
            }
        }
        difference.onlyOnServer = theirs.keys.filter { ours[$0] == nil }
        let order: (RecordKey, RecordKey) -> Bool = { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
        difference.onlyHere.sort(by: order)
        difference.onlyOnServer.sort(by: order)
        difference.different.sort(by: order)
        return difference
    }

    /// Fetches the server's versions of the differing records and merges them here, then sends the
    /// versions held here that the server lacks: this replica's own as they are, others' marked
    /// relayed. The merge is idempotent, so a repair killed midway is simply run again.
    func repair(_ difference: Difference) throws(SyncError) -> Repair {
        var outcome = Repair()
        // What the server sends is checked like a pulled page: a hostile server gains nothing here.
        let (fetched, invalid) = SyncSession.validated(
            try client.verifyVersions(records: difference.onlyOnServer + difference.different))
        outcome.refused += invalid.count
        outcome.received = try replica { try store.applyRepair(fetched) }.applied
        var held: [RecordKey: [String: FieldVersion]] = [:]
        for change in fetched { held[change.record, default: [:]][change.field] = change.version }
        var toSend: [Change] = []
        for var change in try replica({ try store.versions(of: difference.onlyHere + difference.different) }) {
            if let theirs = held[change.record]?[change.field], theirs.isSameWrite(as: change.version) { continue }
            change.isRelayed = change.replica != replicaID
            toSend.append(change)
        }
        if let rights = try replica({ try store.knownRights() }) {
            var writable: [RecordKey: Bool] = [:]
            let before = toSend.count
            var kept: [Change] = []
            for change in toSend {
                var allowed = writable[change.record] ?? rights.writes(change.kind)
                if writable[change.record] == nil, allowed, let holds = rights.holds {
                    allowed = try replica { try store.scopeKey(of: change.record) }.map(holds.contains) ?? false
                }
                writable[change.record] = allowed
                if allowed { kept.append(change) }
            }
            toSend = kept
            outcome.left = before - toSend.count
        }
        var start = 0
        var size = batchSize
        while start < toSend.count {
            let batch = Array(toSend[start..<min(toSend.count, start + size)])
            switch try client.push(PushBody(replica: replicaID, changes: batch)) {
            case .accepted:
                outcome.relayed += batch.count { $0.isRelayed }
                outcome.sent += batch.count { !$0.isRelayed }
                start += batch.count
            case .rejected(let api):
                // Nothing of the batch was stored: leave the refused change out and send the rest again.
                toSend.remove(at: start + min(api.index ?? 0, batch.count - 1))
                outcome.refused += 1
            case .tooLarge:
                if batch.count == 1 {
                    outcome.refused += 1
                    start += 1
                } else {
                    size = max(1, batch.count / 2)
                }
            case .replicaConflict(let api):
                throw SyncError(
                    .refused,
                    localized("verify.idTaken", ["reason": api.message]))
            }
        }
        return outcome
    }

    private func replica<T>(_ body: () throws -> T) throws(SyncError) -> T {
        do {
            return try body()
        } catch {
            throw SyncError(.replicaFailure, localized("verify.replicaFailed", ["reason": "\(error)"]))
        }
    }
}
