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
        /// This replica's own versions written again under a new id (``repair(_:takeNewID:)``).
        var reissued = 0
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
    ///
    /// When the server holds other changes under this replica's dots (a copy of this file pushed
    /// them to the restored server), `takeNewID` gives this replica a new id, if the caller can
    /// (a sync can; `verify` says to sync): this replica's own versions not yet sent are then
    /// written again under it (``SyncStore/reissue(_:)``) and go out with the outbox.
    func repair(
        _ difference: Difference, takeNewID: (_ reason: String) throws(SyncError) -> ReplicaID? = { _ in nil }
    ) throws(SyncError) -> Repair {
        var outcome = Repair()
        var pusher = replicaID
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
        var relayedSent: [Change] = []
        while start < toSend.count {
            let batch = Array(toSend[start..<min(toSend.count, start + size)])
            switch try client.push(OutgoingBatch(PushBody(replica: pusher, changes: batch))) {
            case .accepted:
                relayedSent += batch.filter(\.isRelayed)
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
                guard let newID = try takeNewID(api.message) else {
                    throw SyncError(
                        .refused,
                        localized("verify.idTaken", ["reason": api.message]))
                }
                // The rest goes on as it was: others' versions relayed, this replica's own
                // written again under the new id (the server never takes them under the old one).
                pusher = newID
                let rest = toSend[start...]
                outcome.reissued += try replica { try store.reissue(rest.filter { !$0.isRelayed }) }
                toSend = Array(toSend[..<start]) + rest.filter(\.isRelayed)
            }
        }
        outcome.reissued += try reissueRelaysNotTaken(relayedSent)
        return outcome
    }

    /// A relay the server cannot take under its dot, because it holds another change under that
    /// dot (two copies of one replica file wrote apart, and a restore let both reach it), is
    /// answered as a duplicate and dropped. Such versions are found by reading back the records
    /// relayed, and written again under this replica's own id (same value and HLC, so they win and
    /// lose as before) for the next push: the server never loses a version a replica holds.
    private func reissueRelaysNotTaken(_ relayed: [Change]) throws(SyncError) -> Int {
        guard !relayed.isEmpty else { return 0 }
        let records = Array(Set(relayed.map(\.record)))
        let (back, _) = SyncSession.validated(try client.verifyVersions(records: records))
        var held: [RecordKey: [String: FieldVersion]] = [:]
        for change in back { held[change.record, default: [:]][change.field] = change.version }
        let notTaken = relayed.filter { change in
            guard let theirs = held[change.record]?[change.field] else { return true }
            return !theirs.isSameWrite(as: change.version) && change.version.wins(over: theirs)
        }
        guard !notTaken.isEmpty else { return 0 }
        return try replica { try store.reissue(notTaken) }
    }

    private func replica<T>(_ body: () throws -> T) throws(SyncError) -> T {
        do {
            return try body()
        } catch {
            throw SyncError.replica(error, "verify.replicaFailed")
        }
    }
}
