import GisementSQLite

/// The server database's tables, as ordered migrations.
///
/// - `field_versions`: the current winner of every field, one row per `(kind, id, field)`.
///   `seq` is the row's position in the change feed and its rowid: when a new version wins,
///   the row gets a new, higher `seq`, so the feed is a plain range scan and serves each
///   field's current winner exactly once. Values are typed by `value_type`
///   (0 null, 1 bool, 2 integer, 3 decimal, 4 text) because SQLite has no boolean.
///   The clock is text `replica=counter,…` sorted by replica (see ``ClockText``).
/// - `record_clocks`: each record's vector clock, the merge of every clock received for it.
/// - `replicas`: each replica id's owner (the token that first pushed under it), the highest
///   counter it pushed itself and the highest relayed for it by others (migration 002).
/// - `dots`: every dot ever accepted with the hash of its version (``VersionDigest``): the exact
///   duplicate check, and how a dot held with different content is recognised (migration 002).
/// - `store_meta`, `generations`: the store's identity and one row per `serve` start, with the
///   feed head at that moment, so a client can tell that the server went back (docs/protocol.md).
/// - `digest_buckets`: per bucket of records, the sum of their digests (verify); each record's
///   digest and bucket are kept in `record_clocks`, with no index on the bucket (migration 005).
/// - `field_versions.schema_version`: the schema version that added the field (migration 003).
/// - `merges`: the merge log, one row per conflict or anomaly.
/// - `sessions`: the session log, one row per authenticated sync request.
/// - `tokens`: bearer tokens, by SHA-256 digest only; `token_scopes`, `partner_creators`,
///   `feed_exits` and the `scope_key` columns: what each token's scope holds (migration 004).
///
/// The current state of a record is `SELECT … FROM field_versions WHERE kind=? AND id=?`, so
/// reads and reports need no other table; a partial index on the reference fields finds the
/// collections and participations of a test.
public enum ServerSchema {
    /// `PRAGMA application_id` of a server database: "GSRV".
    public static let applicationID: Int32 = 0x4753_5256

    /// The migrator with every migration of the server database.
    public static func migrator() -> Migrator {
        var migrator = Migrator(applicationID: applicationID)
        migrator.register("001-server-tables") { db in
            try db.execute(sql: createTables)
        }
        migrator.register("002-recovery") { db in
            try db.execute(sql: recoveryTables)
            try RecoveryBackfill.run(db)
        }
        // Each field's schema version (docs/protocol.md, "Schema version"), so the feed serves a
        // client only the kinds and fields its version holds by reading one integer per row.
        // Every row already stored is version 1: a server before this migration accepted no other.
        migrator.register("003-schema-version") { db in
            try db.execute(sql: "ALTER TABLE field_versions ADD COLUMN schema_version INTEGER NOT NULL DEFAULT 1")
        }
        migrator.register("004-scopes") { db in
            try db.execute(sql: scopeTables)
            try backfillScopeKeys(db)
        }
        // Verify finds a bucket's records by one scan of `record_clocks` (``DigestReader``): the
        // index on the bucket, a hash, put each pushed record on a random page, and rewriting those
        // pages at every commit cost a push about a fifth of its server time (docs/benchmarks.md).
        migrator.register("005-no-bucket-index") { db in
            try db.execute(sql: "DROP INDEX record_clocks_by_bucket")
        }
        return migrator
    }

    static let createTables = """
        CREATE TABLE field_versions (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            field TEXT NOT NULL,
            value_type INTEGER NOT NULL,
            value,
            hlc_wall INTEGER NOT NULL,
            hlc_logical INTEGER NOT NULL,
            replica TEXT NOT NULL,
            counter INTEGER NOT NULL,
            clock TEXT NOT NULL
        );
        CREATE UNIQUE INDEX field_versions_by_field ON field_versions(kind, id, field);
        CREATE INDEX field_versions_by_reference ON field_versions(field, value, kind)
            WHERE field IN ('test', 'district', 'partner');

        CREATE TABLE record_clocks (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            clock TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;

        CREATE TABLE replicas (
            replica TEXT PRIMARY KEY NOT NULL,
            counter INTEGER NOT NULL,
            last_push_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE merges (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            field TEXT NOT NULL,
            winner_value_type INTEGER NOT NULL,
            winner_value,
            winner_hlc TEXT NOT NULL,
            winner_replica TEXT NOT NULL,
            winner_counter INTEGER NOT NULL,
            loser_value_type INTEGER NOT NULL,
            loser_value,
            loser_hlc TEXT NOT NULL,
            loser_replica TEXT NOT NULL,
            loser_counter INTEGER NOT NULL,
            pushed_by TEXT NOT NULL,
            anomaly INTEGER NOT NULL
        );
        CREATE INDEX merges_by_field ON merges(kind, id, field);

        CREATE TABLE sessions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            token TEXT NOT NULL,
            replica TEXT,
            route TEXT NOT NULL,
            pushed INTEGER NOT NULL,
            accepted INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            conflicts INTEGER NOT NULL,
            pulled INTEGER NOT NULL,
            status INTEGER NOT NULL,
            duration_ms REAL NOT NULL
        );

        CREATE TABLE tokens (
            name TEXT PRIMARY KEY NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('agent', 'coordinator', 'admin')),
            digest BLOB NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        ) WITHOUT ROWID;
        """
}
