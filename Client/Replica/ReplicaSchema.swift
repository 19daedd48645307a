import GisementShared
import GisementSQLite

/// The tables of a client replica, as migrations.
///
/// - `replica_meta`: one row: replica id, HLC last, write counter, server URL, token, agent,
///   sync cursor and last sync time.
/// - `replicas`: a small number for each replica id seen, used in the tables below instead of the id.
/// - `records`: one row per record (kind code, id) with its vector clock merged over every version
///   seen; its integer key is what field versions and outbox rows point at.
/// - `field_versions`: the current winning version of every field of every record (value,
///   HLC, dot, record clock as the writer knew it, encoded compactly: `1=42,3=17`, or empty when
///   it holds only the version's own dot, as for every field of a record created here).
/// - one table per kind (`districts`, `partners`, `tests`, `participations`, `collections`,
///   `workshops` since migration 006), a column
///   per field, holding the current state: written in the same transaction as the field version,
///   so lists and reports read them directly, never rebuilding records from versions.
/// - `outbox`: this replica's changes not yet acknowledged by the server, one row per record write
///   holding its changes packed (``OutboxBundle``), keyed by the counter of the first (migration 004).
/// - `set_aside`: outbox changes the server refused, with the reason; sync skips them.
/// - `conflicts`: the concurrent conflicts this replica resolved, both sides.
///
/// The SQL is written out rather than generated from ``Schema`` so that a later change of the
/// schema is a new migration; `ReplicaSchemaTests` checks the kind tables match the schema.
public enum ReplicaSchema {
    /// `PRAGMA application_id` of a client replica: "GCLI". A server database ("GSRV") is refused.
    public static let applicationID: Int32 = 0x4743_4C49

    /// The migrator with every migration of the replica, in order.
    public static func migrator() -> Migrator {
        var migrator = Migrator(applicationID: applicationID)
        migrator.register("001-replica") { db in try db.execute(sql: version1) }
        // The highest counter each replica id of this file has sent, so that a copy restored from a
        // backup knows it is behind the server (see docs/sync.md, "A replica restored from an old copy").
        migrator.register("002-sync-sent") { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS sync_sent (
                        replica_id TEXT PRIMARY KEY NOT NULL,
                        counter INTEGER NOT NULL
                    ) WITHOUT ROWID
                    """)
        }
        // A report reads these columns of every collection of a test. Held in the index lists use,
        // they are read from the index alone, in order, instead of one scattered table lookup per
        // collection. Same name and leading columns, with `id` (the key, stored in the index
        // anyway) right after `collected_at`: a list's `ORDER BY collected_at, id` needs no sort.
        migrator.register("003-report-covering-index") { db in
            try db.execute(
                sql: """
                    DROP INDEX IF EXISTS collections_by_test;
                    CREATE INDEX collections_by_test ON collections(
                        test, collected_at, id, deleted, district, partner, category, source, outcome,
                        items, weight_kg, sold_items);
                    """)
        }
        // One outbox row per record write rather than per change (see ``OutboxBundle``): a logged
        // collection is one row, not ten. Rows already waiting become rows of one change each.
        migrator.register("004-outbox-per-write") { db in
            try db.execute(
                sql: """
                    ALTER TABLE outbox RENAME TO outbox_per_change;
                    CREATE TABLE outbox (
                        first INTEGER PRIMARY KEY NOT NULL,
                        last INTEGER NOT NULL,
                        record INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        changes BLOB NOT NULL
                    );
                    """)
            do {
                let outbox = Outbox(database: db)
                let old = try db.makeStatement(
                    sql: "SELECT counter, record, field, value, hlc_wall, hlc_logical, clock FROM outbox_per_change ORDER BY counter")
                while try old.step() {
                    let entry = OutboxEntry(
                        counter: UInt64(old.int64(at: 0)), field: old.text(at: 2), value: old.value(at: 3),
                        hlc: HLCTimestamp(wall: old.int64(at: 4), logical: UInt32(truncatingIfNeeded: old.int64(at: 5))),
                        clockText: old.text(at: 6))
                    try outbox.append(record: old.int64(at: 1), entries: [entry])
                }
            }
            try db.execute(sql: "DROP TABLE outbox_per_change")
        }
        // What recovery and verify need (docs/sync.md, "When the server went back"): each record's
        // digest and bucket, the bucket sums, edit-vs-delete conflicts, and what the replica knows of
        // the server (its store id, generations, the highest own counter it acknowledged).
        migrator.register("005-recovery") { db in
            try db.execute(sql: recoveryTables)
            try ReplicaDigestBackfill.run(db)
        }
        // Schema version 2 (docs/protocol.md, "Schema version"): the jobs and participation fields
        // of tests, partners' satisfaction, the workshops, and what the replica pulled with.
        migrator.register("006-workshops") { db in try db.execute(sql: workshopTables) }
        // The token's role and what its scope holds, learnt at each sync (contract "Scopes").
        migrator.register("007-token-rights") { db in try db.execute(sql: ReplicaStore.tokenRightsTable) }
        // Verify reads a bucket's records by one scan (``ReplicaStore/recordDigests(buckets:)``):
        // the index on the bucket, a hash, put each pulled record on a random page.
        migrator.register("008-no-bucket-index") { db in try db.execute(sql: "DROP INDEX records_by_bucket") }
        return migrator
    }

    static let recoveryTables = """
        ALTER TABLE records ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE records ADD COLUMN bucket INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX records_by_bucket ON records(bucket);
        CREATE TABLE digest_buckets (
            bucket INTEGER PRIMARY KEY,
            digest INTEGER NOT NULL,
            records INTEGER NOT NULL
        );
        ALTER TABLE conflicts ADD COLUMN edit_vs_delete INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE replica_meta ADD COLUMN server_store TEXT;
        ALTER TABLE replica_meta ADD COLUMN server_lineage TEXT NOT NULL DEFAULT '';
        ALTER TABLE replica_meta ADD COLUMN recovery_pending INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sync_sent ADD COLUMN acked INTEGER NOT NULL DEFAULT 0;
        """

    static let version1 = """
        CREATE TABLE replica_meta (
            singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
            replica_id TEXT NOT NULL,
            hlc_wall INTEGER NOT NULL DEFAULT 0,
            hlc_logical INTEGER NOT NULL DEFAULT 0,
            counter INTEGER NOT NULL DEFAULT 0,
            server_url TEXT,
            token TEXT,
            agent TEXT,
            sync_cursor INTEGER NOT NULL DEFAULT 0,
            last_sync_ms INTEGER,
            created_ms INTEGER NOT NULL
        );
        CREATE TABLE replicas (
            number INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE
        );
        CREATE TABLE records (
            key INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            id TEXT NOT NULL,
            clock TEXT NOT NULL DEFAULT '',
            UNIQUE (kind, id)
        );
        CREATE TABLE field_versions (
            record INTEGER NOT NULL,
            field TEXT NOT NULL,
            value,
            hlc_wall INTEGER NOT NULL,
            hlc_logical INTEGER NOT NULL,
            replica INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            clock TEXT NOT NULL,
            PRIMARY KEY (record, field)
        ) WITHOUT ROWID;
        CREATE TABLE outbox (
            counter INTEGER PRIMARY KEY NOT NULL,
            record INTEGER NOT NULL,
            field TEXT NOT NULL,
            value,
            hlc_wall INTEGER NOT NULL,
            hlc_logical INTEGER NOT NULL,
            clock TEXT NOT NULL
        );
        CREATE TABLE set_aside (
            counter INTEGER PRIMARY KEY NOT NULL,
            replica TEXT NOT NULL,
            reason TEXT NOT NULL,
            at_ms INTEGER NOT NULL
        );
        CREATE TABLE conflicts (
            seq INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            field TEXT NOT NULL,
            winner_value,
            winner_hlc TEXT NOT NULL,
            winner_replica TEXT NOT NULL,
            winner_counter INTEGER NOT NULL,
            loser_value,
            loser_hlc TEXT NOT NULL,
            loser_replica TEXT NOT NULL,
            loser_counter INTEGER NOT NULL,
            own_lost INTEGER NOT NULL,
            anomaly INTEGER NOT NULL
        );
        CREATE TABLE districts (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT, commune TEXT, code TEXT, population INTEGER, habitat TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX districts_by_name ON districts(name);
        CREATE TABLE partners (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT, kind TEXT, contact TEXT, notes TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX partners_by_name ON partners(name);
        CREATE TABLE tests (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT, district TEXT, starts_on TEXT, ends_on TEXT, status TEXT,
            target_kg REAL, target_items INTEGER, target_reuse_rate REAL, jobs_created INTEGER, notes TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX tests_by_name ON tests(name);
        CREATE INDEX tests_by_district ON tests(district);
        CREATE TABLE participations (
            id TEXT PRIMARY KEY NOT NULL,
            test TEXT, partner TEXT, role TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX participations_by_test ON participations(test);
        CREATE TABLE collections (
            id TEXT PRIMARY KEY NOT NULL,
            test TEXT, district TEXT, collected_at TEXT, source TEXT, partner TEXT, category TEXT,
            item TEXT, items INTEGER, weight_kg REAL, condition TEXT, outcome TEXT, sold_items INTEGER,
            agent TEXT, notes TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX collections_by_test ON collections(test, collected_at);
        CREATE INDEX collections_by_district ON collections(district, collected_at);
        """

    /// Migration 006. Tests and participations are rebuilt so that `deleted` stays their last
    /// column (``KindTable`` names its columns, but the tables read as the schema does).
    /// `pulled_schema` is the schema version the replica last pulled with: 1 for a replica made
    /// before this migration, so its next sync fetches once what it could not hold before.
    static let workshopTables = """
        CREATE TABLE tests_v2 (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT, district TEXT, starts_on TEXT, ends_on TEXT, status TEXT,
            target_kg REAL, target_items INTEGER, target_reuse_rate REAL, jobs_created INTEGER, notes TEXT,
            requalified INTEGER, employed_after INTEGER, members_before INTEGER, members_after INTEGER,
            target_jobs INTEGER, target_attendance_rate REAL, target_members INTEGER,
            deleted INTEGER
        ) WITHOUT ROWID;
        INSERT INTO tests_v2 (id, name, district, starts_on, ends_on, status, target_kg, target_items,
            target_reuse_rate, jobs_created, notes, deleted)
            SELECT id, name, district, starts_on, ends_on, status, target_kg, target_items,
                target_reuse_rate, jobs_created, notes, deleted FROM tests;
        DROP TABLE tests;
        ALTER TABLE tests_v2 RENAME TO tests;
        CREATE INDEX tests_by_name ON tests(name);
        CREATE INDEX tests_by_district ON tests(district);
        CREATE TABLE participations_v2 (
            id TEXT PRIMARY KEY NOT NULL,
            test TEXT, partner TEXT, role TEXT, satisfaction INTEGER, satisfaction_notes TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        INSERT INTO participations_v2 (id, test, partner, role, deleted)
            SELECT id, test, partner, role, deleted FROM participations;
        DROP TABLE participations;
        ALTER TABLE participations_v2 RENAME TO participations;
        CREATE INDEX participations_by_test ON participations(test);
        CREATE TABLE workshops (
            id TEXT PRIMARY KEY NOT NULL,
            test TEXT, held_on TEXT, topic TEXT, places INTEGER, attendees INTEGER, new_members INTEGER,
            notes TEXT,
            deleted INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX workshops_by_test ON workshops(test, held_on);
        ALTER TABLE replica_meta ADD COLUMN pulled_schema INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE replica_meta ADD COLUMN catch_up_cursor INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE replica_meta ADD COLUMN server_schema INTEGER;
        ALTER TABLE replica_meta ADD COLUMN server_version TEXT;
        """
}
