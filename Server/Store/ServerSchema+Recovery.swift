import Foundation
import GisementSQLite
import GisementShared

extension ServerSchema {
    /// Migration 002: what recovery, copies, verify and replica ownership need (issue "nothing
    /// acknowledged is lost"). Digests are stored as the bit pattern of the UInt64 in an INTEGER.
    static let recoveryTables = """
        CREATE TABLE store_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE generations (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            base INTEGER NOT NULL,
            started_at TEXT NOT NULL
        );

        CREATE TABLE dots (
            replica TEXT NOT NULL,
            counter INTEGER NOT NULL,
            digest INTEGER NOT NULL,
            relayed INTEGER NOT NULL,
            PRIMARY KEY (replica, counter)
        ) WITHOUT ROWID;

        ALTER TABLE replicas ADD COLUMN owner TEXT;
        ALTER TABLE replicas ADD COLUMN relayed_counter INTEGER NOT NULL DEFAULT 0;

        ALTER TABLE record_clocks ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE record_clocks ADD COLUMN bucket INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX record_clocks_by_bucket ON record_clocks(bucket);

        CREATE TABLE digest_buckets (
            bucket INTEGER PRIMARY KEY,
            digest INTEGER NOT NULL,
            records INTEGER NOT NULL
        );

        ALTER TABLE merges ADD COLUMN edit_vs_delete INTEGER NOT NULL DEFAULT 0;
        """
}

/// Fills migration 002's tables from what a 001 store holds: a store identity, the dots of the
/// stored winners (the versions that lost were never kept; a re-sent one merges again, which is
/// safe) and every record's digest and bucket.
enum RecoveryBackfill {
    static func run(_ db: Database) throws {
        let insertMeta = try db.makeStatement(sql: "INSERT INTO store_meta(key, value) VALUES ('store_id', ?)")
        insertMeta.bind(text: UUID().uuidString.lowercased(), at: 1)
        try insertMeta.step()

        let rows = try db.makeStatement(sql: """
            SELECT kind, id, field, value_type, value, hlc_wall, hlc_logical, replica, counter
            FROM field_versions ORDER BY kind, id
            """)
        let insertDot = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO dots(replica, counter, digest, relayed) VALUES (?, ?, ?, 0)")
        let saveRecord = try db.makeStatement(sql: """
            INSERT INTO record_clocks(kind, id, clock, digest, bucket) VALUES (?, ?, '', ?, ?)
            ON CONFLICT(kind, id) DO UPDATE SET digest = excluded.digest, bucket = excluded.bucket
            """)
        var buckets = [(digest: UInt64, records: Int64)](repeating: (0, 0), count: VersionDigest.bucketCount)
        var current: RecordKey?
        var digest: UInt64 = 0
        func flush() throws {
            guard let key = current else { return }
            let bucket = VersionDigest.bucket(key)
            saveRecord.bind(text: key.kind.rawValue, at: 1)
            saveRecord.bind(text: key.id, at: 2)
            saveRecord.bind(int64: Int64(bitPattern: digest), at: 3)
            saveRecord.bind(int64: Int64(bucket), at: 4)
            try saveRecord.step()
            saveRecord.reset()
            buckets[bucket].digest &+= digest
            buckets[bucket].records += 1
        }
        while try rows.step() {
            let row = StoreRow(statement: rows, table: "field_versions", keyColumn: 1)
            let key = RecordKey(kind: try row.kind(0), id: rows.text(at: 1))
            if key != current {
                try flush()
                current = key
                digest = 0
            }
            let version = FieldVersion(
                value: try row.value(3),
                hlc: HLCTimestamp(wall: rows.int64(at: 5), logical: UInt32(clamping: rows.int64(at: 6))),
                dot: Dot(replica: rows.text(at: 7), counter: UInt64(clamping: rows.int64(at: 8))),
                clock: VectorClock())
            let hash = VersionDigest.hash(key, field: rows.text(at: 2), version)
            digest &+= hash
            insertDot.bind(text: version.dot.replica, at: 1)
            insertDot.bind(int64: Int64(clamping: version.dot.counter), at: 2)
            insertDot.bind(int64: Int64(bitPattern: hash), at: 3)
            try insertDot.step()
            insertDot.reset()
        }
        try flush()
        let saveBucket = try db.makeStatement(sql: "INSERT INTO digest_buckets(bucket, digest, records) VALUES (?, ?, ?)")
        for (bucket, sum) in buckets.enumerated() where sum.records > 0 {
            saveBucket.bind(int64: Int64(bucket), at: 1)
            saveBucket.bind(int64: Int64(bitPattern: sum.digest), at: 2)
            saveBucket.bind(int64: sum.records, at: 3)
            try saveBucket.step()
            saveBucket.reset()
        }
    }
}
