import CSQLite
import Foundation
import GisementClient
import GisementShared

/// The storage floor of a pull: the same changes written straight through the C API into a fresh
/// replica — the client's own schema and indexes, made by its migrations — as the pull writes
/// them: a `records` row per record (clock, digest, bucket; its unique index), a
/// `field_versions` row per change and the record's row in its kind's table (for collections the
/// report's covering index and the district index too). No lookups, no merge, no decoding, no
/// HTTP; one transaction.
///
/// Its ratio to ``SQLiteBaseline``'s single-table insert is the write amplification of the replica's
/// schema: no pull into it can be faster, whatever its code.
enum ReplicaRowsBaseline {
    /// Writes `rows` (consecutive rows of one record together) into a fresh replica at `path`;
    /// returns the seconds taken.
    /// - Throws: ``BenchFailure`` on any SQLite error; what creating the replica throws.
    static func measure(_ rows: [SQLiteBaseline.Row], path: String) throws -> Double {
        _ = try ReplicaStore.create(path: path, settings: .init(agent: "Floor"))  // the schema only
        return try SQLiteBaseline.openExisting(path) { db in
            let record = try SQLiteBaseline.prepare(db, "INSERT INTO records(kind, id, clock, digest, bucket) VALUES (?, ?, ?, ?, ?)")
            let version = try SQLiteBaseline.prepare(db, """
                INSERT INTO field_versions(record, field, value, hlc_wall, hlc_logical, replica, counter, clock)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                """)
            var kindRows: [String: OpaquePointer] = [:]
            defer {
                for statement in [record, version] + Array(kindRows.values) { sqlite3_finalize(statement) }
            }

            let start = ContinuousClock.now
            try SQLiteBaseline.exec(db, "BEGIN IMMEDIATE")
            try SQLiteBaseline.forEachRecord(rows) { run in
                let head = run[run.startIndex]
                guard let kind = RecordKind(rawValue: head.kind) else { throw BenchFailure("unknown kind \(head.kind)") }
                sqlite3_bind_int64(record, 1, Int64(RecordKind.allCases.firstIndex(of: kind) ?? 0))
                sqlite3_bind_text(record, 2, head.id, -1, SQLITE_TRANSIENT)
                sqlite3_bind_text(record, 3, run[run.index(before: run.endIndex)].clock, -1, SQLITE_TRANSIENT)
                sqlite3_bind_int64(record, 4, head.counter)
                sqlite3_bind_int64(record, 5, Int64(VersionDigest.bucket(RecordKey(kind: kind, id: head.id))))
                try SQLiteBaseline.step(db, record)
                let key = sqlite3_last_insert_rowid(db)
                for row in run {
                    sqlite3_bind_int64(version, 1, key)
                    sqlite3_bind_text(version, 2, row.field, -1, SQLITE_TRANSIENT)
                    bind(row.value, version, at: 3)
                    sqlite3_bind_int64(version, 4, row.hlcWall)
                    sqlite3_bind_int64(version, 5, row.hlcLogical)
                    sqlite3_bind_int64(version, 6, row.counter)
                    sqlite3_bind_text(version, 7, row.clock, -1, SQLITE_TRANSIENT)
                    try SQLiteBaseline.step(db, version)
                }
                // The kind's row, one column per field the record has.
                let fields = run.map(\.field)
                let signature = kind.plural + ":" + fields.joined(separator: ",")
                let statement: OpaquePointer
                if let made = kindRows[signature] {
                    statement = made
                } else {
                    let columns = fields.map { "\"\($0)\"" }.joined(separator: ", ")
                    let marks = Array(repeating: "?", count: fields.count + 1).joined(separator: ", ")
                    statement = try SQLiteBaseline.prepare(db, "INSERT INTO \"\(kind.plural)\" (\"id\", \(columns)) VALUES (\(marks))")
                    kindRows[signature] = statement
                }
                sqlite3_bind_text(statement, 1, head.id, -1, SQLITE_TRANSIENT)
                for (offset, row) in run.enumerated() { bind(row.value, statement, at: Int32(offset + 2)) }
                try SQLiteBaseline.step(db, statement)
            }
            try SQLiteBaseline.exec(db, "COMMIT")
            return start.duration(to: .now).seconds
        }
    }

    private static func bind(_ value: FieldValue, _ statement: OpaquePointer, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .bool(let b): sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .integer(let i): sqlite3_bind_int64(statement, index, i)
        case .decimal(let d): sqlite3_bind_double(statement, index, d)
        case .text(let s): sqlite3_bind_text(statement, index, s, -1, SQLITE_TRANSIENT)
        }
    }
}
