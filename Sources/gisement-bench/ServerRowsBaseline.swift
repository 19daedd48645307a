import CSQLite
import Foundation
import GisementServer
import GisementShared

/// The storage floor of a push: the same changes written straight through the C API into a fresh
/// server database — the server's own schema and indexes, made by its migrations — as a push
/// writes them: a `field_versions` row (feed position, scope key) and a `dots` row per change, a
/// `record_clocks` row (clock, digest, bucket, scope key) per record. No lookups, no merge, no
/// validation, no HTTP; one prepared statement per table, one transaction.
///
/// Its ratio to ``SQLiteBaseline``'s single-table insert is the write amplification of the schema
/// (the unique, scope and reference indexes, the dot, the record clock and its scope index): no push into this schema can be faster, whatever its code.
enum ServerRowsBaseline {
    /// Writes `rows` (consecutive rows of one record together, as a replica sends them) into a
    /// fresh server database at `path`; returns the seconds taken.
    /// - Throws: ``BenchFailure`` on any SQLite error; what creating the schema throws.
    static func measure(_ rows: [SQLiteBaseline.Row], path: String) throws -> Double {
        _ = try BulkLoad.load(path: path, replica: "r-bench-floor", batches: { nil })  // the schema only
        return try SQLiteBaseline.openExisting(path) { db in
            let version = try SQLiteBaseline.prepare(db, """
                INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical,
                    replica, counter, clock, schema_version, scope_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                """)
            defer { sqlite3_finalize(version) }
            let dot = try SQLiteBaseline.prepare(db, "INSERT INTO dots(replica, counter, digest, relayed) VALUES (?, ?, ?, 0)")
            defer { sqlite3_finalize(dot) }
            let record = try SQLiteBaseline.prepare(db, """
                INSERT INTO record_clocks(kind, id, clock, digest, bucket, scope_key) VALUES (?, ?, ?, ?, ?, ?)
                """)
            defer { sqlite3_finalize(record) }

            let start = ContinuousClock.now
            try SQLiteBaseline.exec(db, "BEGIN IMMEDIATE")
            var seq: Int64 = 0
            try SQLiteBaseline.forEachRecord(rows) { run in
                let scopeKey = Self.scopeKey(run)
                for row in run {
                    seq += 1
                    sqlite3_bind_int64(version, 1, seq)
                    sqlite3_bind_text(version, 2, row.kind, -1, SQLITE_TRANSIENT)
                    sqlite3_bind_text(version, 3, row.id, -1, SQLITE_TRANSIENT)
                    sqlite3_bind_text(version, 4, row.field, -1, SQLITE_TRANSIENT)
                    SQLiteBaseline.bindValue(row.value, version, typeAt: 5)
                    sqlite3_bind_int64(version, 7, row.hlcWall)
                    sqlite3_bind_int64(version, 8, row.hlcLogical)
                    sqlite3_bind_text(version, 9, row.replica, -1, SQLITE_TRANSIENT)
                    sqlite3_bind_int64(version, 10, row.counter)
                    sqlite3_bind_text(version, 11, row.clock, -1, SQLITE_TRANSIENT)
                    bind(scopeKey, version, at: 12)
                    try SQLiteBaseline.step(db, version)
                    sqlite3_bind_text(dot, 1, row.replica, -1, SQLITE_TRANSIENT)
                    sqlite3_bind_int64(dot, 2, row.counter)
                    sqlite3_bind_int64(dot, 3, seq)
                    try SQLiteBaseline.step(db, dot)
                }
                let last = run[run.index(before: run.endIndex)]
                sqlite3_bind_text(record, 1, last.kind, -1, SQLITE_TRANSIENT)
                sqlite3_bind_text(record, 2, last.id, -1, SQLITE_TRANSIENT)
                sqlite3_bind_text(record, 3, last.clock, -1, SQLITE_TRANSIENT)
                sqlite3_bind_int64(record, 4, seq)
                let key = RecordKey(kind: RecordKind(rawValue: last.kind) ?? .collection, id: last.id)
                sqlite3_bind_int64(record, 5, Int64(VersionDigest.bucket(key)))
                bind(scopeKey, record, at: 6)
                try SQLiteBaseline.step(db, record)
            }
            try SQLiteBaseline.exec(db, "COMMIT")
            return start.duration(to: .now).seconds
        }
    }

    /// The record's scope key, as the push computes it from its `test` reference.
    private static func scopeKey(_ run: ArraySlice<SQLiteBaseline.Row>) -> String? {
        guard let kind = run.first.flatMap({ RecordKind(rawValue: $0.kind) }), let id = run.first?.id else { return nil }
        var test: RecordID?
        if let row = run.last(where: { $0.field == ScopeKey.testField }), case .text(let value) = row.value { test = value }
        return ScopeKey.of(kind, id: id, test: test)
    }

    private static func bind(_ text: String?, _ statement: OpaquePointer, at index: Int32) {
        if let text { sqlite3_bind_text(statement, index, text, -1, SQLITE_TRANSIENT) } else { sqlite3_bind_null(statement, index) }
    }
}
