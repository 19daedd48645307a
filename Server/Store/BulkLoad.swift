import GisementSQLite
import GisementShared

/// Loads changes straight into a server database, in one transaction and without HTTP, applied
/// exactly as pushes are (merge, feed positions, scope keys, digests): how the benchmarks build a
/// store of a million collections in a minute rather than an hour of requests.
public enum BulkLoad {
    /// Applies every batch `next` hands over, as pushes of `replica` by the token name `pushedBy`.
    /// The database is created and migrated when missing; nothing else may have it open.
    /// - Returns: the feed head afterwards.
    /// - Throws: ``SQLiteError``, ``MigrationError``, ``PushRefusal``, what `next` throws.
    public static func load(
        path: String, replica: ReplicaID, pushedBy: String = "bulk-load", at: String = "2026-01-01T00:00:00Z",
        batches next: () throws -> [Change]?
    ) throws -> Int64 {
        let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate, synchronous: .normal))
        try ServerSchema.migrator().migrate(db)
        try db.execute(sql: "PRAGMA cache_size = -262144")
        let lastSeq = try db.scalar(sql: "SELECT coalesce(max(seq), 0) FROM field_versions")?.integerValue ?? 0
        let applier = PushApplier(rows: try PushStatements(db), lastSeq: lastSeq)
        try db.inTransaction(.immediate) {
            while let changes = try next() {
                _ = try applier.apply(ValidatedPush(replica: replica, changes: changes, pushedBy: pushedBy), at: at)
            }
            return .commit
        }
        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        return applier.lastSeq
    }
}
