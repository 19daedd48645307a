import GisementShared

/// The SQLite replica as the store of a sync.
extension ReplicaStore: SyncStore {
    public func syncStatus() throws -> SyncStoreStatus {
        let state = try syncState
        return SyncStoreStatus(
            replicaID: state.replicaID, counter: state.counter, cursor: state.cursor, server: state.server,
            token: state.token)
    }

    /// Reads `sync_sent`, the highest counter each replica id of this file has sent.
    ///
    /// The table lives in the replica file itself (migration `002-sync-sent`), so that a copy
    /// restored from a backup carries the value of its own time.
    public func sentCounter() throws -> UInt64 {
        let value = try database.scalar(
            sql: "SELECT counter FROM sync_sent WHERE replica_id = ?1", arguments: [.text(replicaID)])
        return UInt64(value?.integerValue ?? 0)
    }

    public func recordSending(upTo counter: UInt64) throws {
        try database.execute(
            sql: """
                INSERT INTO sync_sent (replica_id, counter) VALUES (?1, ?2)
                ON CONFLICT (replica_id) DO UPDATE SET counter = max(counter, excluded.counter)
                """,
            arguments: [.text(replicaID), .integer(Int64(counter))])
    }

    public func knownRights() throws -> TokenRights? { try tokenRights() }

    public func saveKnownRights(_ rights: TokenRights) throws { try saveTokenRights(rights) }

    public func applyPulled(_ changes: [Change], cursor: Int64) throws -> Int {
        try apply(pulled: changes, cursor: cursor).conflicts
    }

    public func conflictMark() throws -> Int64 {
        try database.scalar(sql: "SELECT coalesce(max(seq), 0) FROM conflicts")?.integerValue ?? 0
    }

    public func conflicts(after mark: Int64) throws -> [SyncConflict] {
        try conflicts(since: mark).filter { !$0.isAnomaly }.map {
            var conflict = SyncConflict(
                kind: $0.kind, id: $0.id, field: $0.field, winner: $0.winner, loser: $0.loser,
                isOwnEditLost: $0.isOwnEditLost)
            conflict.isEditVsDelete = $0.isEditVsDelete
            return conflict
        }
    }

    public func recordLabel(kind: RecordKind, id: RecordID) throws -> String? {
        guard let record = try record(kind: kind, id: id) else { return nil }
        return SyncSummary.label(of: record)
    }
}
