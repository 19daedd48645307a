import CSQLite
import Foundation
import GisementClient
import GisementShared

/// The physical limit of the storage: the same field changes written straight through the C API
/// into a table equivalent to the server's `field_versions` (row id = feed position, a unique index
/// on `(kind, id, field)`), with ONE prepared statement in ONE transaction, in WAL mode with
/// `synchronous=FULL` as the server and the replica use.
///
/// Two passes: an insert of every row into the empty table (what a push to a fresh server or a
/// pull into a fresh replica must at least do), then an upsert of the same rows over the full
/// table (`ON CONFLICT … DO UPDATE`, each row moving to a new position).
enum SQLiteBaseline {
    /// One change as the baseline binds it: its columns, already in SQL form.
    struct Row {
        var kind: String
        var id: String
        var field: String
        var value: FieldValue
        var hlcWall: Int64
        var hlcLogical: Int64
        var replica: String
        var counter: Int64
        var clock: String
    }

    struct Result {
        var insertSeconds: Double
        var upsertSeconds: Double
        /// Inserting into a fresh table again, committing every `batch` rows (the sync's batch size).
        var batchedSeconds: Double
        var batch: Int
        var rows: Int
        var insertRate: Double { Double(rows) / insertSeconds }
        var upsertRate: Double { Double(rows) / upsertSeconds }
        var batchedRate: Double { Double(rows) / batchedSeconds }
    }

    /// Reads the pending changes of a replica fixture (not timed).
    static func changes(of fixture: ReplicaFixture, scratch: String) throws -> [Change] {
        try fixture.copy(to: scratch)
        return try ReplicaStore(path: scratch).pendingChanges(limit: Int.max)
    }

    /// Reads the pending changes of a replica fixture as rows (not timed).
    static func rows(of fixture: ReplicaFixture, scratch: String) throws -> [Row] {
        try rows(of: changes(of: fixture, scratch: scratch))
    }

    /// The changes as rows.
    static func rows(of changes: [Change]) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(changes.count)
        for change in changes {
            rows.append(
                Row(
                    kind: change.kind.rawValue, id: change.id, field: change.field, value: change.value,
                    hlcWall: change.hlc.wall, hlcLogical: Int64(change.hlc.logical), replica: change.replica,
                    counter: Int64(change.counter), clock: clockText(change.clock)))
        }
        return rows
    }

    /// The clock as the server stores it: `replica=counter,…`, sorted by replica.
    static func clockText(_ clock: VectorClock) -> String {
        clock.entries.map { "\($0.replica)=\($0.counter)" }.joined(separator: ",")
    }

    /// Writes `rows` twice (insert, then upsert) into a fresh database at `path` and times each pass,
    /// then inserts them into another fresh database committing every `batch` rows.
    /// - Throws: ``BenchFailure`` on any SQLite error.
    static func measure(_ rows: [Row], path: String, batch: Int) throws -> Result {
        let (insert, upsert) = try open(path) { db, statement in
            (try pass(db, statement, rows, firstSeq: 1, batch: rows.count),
             try pass(db, statement, rows, firstSeq: Int64(rows.count) + 1, batch: rows.count))
        }
        let batched = try open(path + ".batched") { db, statement in
            try pass(db, statement, rows, firstSeq: 1, batch: batch)
        }
        return Result(insertSeconds: insert, upsertSeconds: upsert, batchedSeconds: batched, batch: batch, rows: rows.count)
    }

    /// Opens a fresh database with the equivalent table and the one upsert statement.
    private static func open<T>(_ path: String, _ body: (OpaquePointer, OpaquePointer) throws -> T) throws -> T {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            throw BenchFailure("could not open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        try exec(db, "PRAGMA journal_mode=WAL")
        try exec(db, "PRAGMA synchronous=FULL")
        try exec(
            db,
            """
            CREATE TABLE field_versions (
                seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL,
                value_type INTEGER NOT NULL, value, hlc_wall INTEGER NOT NULL, hlc_logical INTEGER NOT NULL,
                replica TEXT NOT NULL, counter INTEGER NOT NULL, clock TEXT NOT NULL);
            CREATE UNIQUE INDEX field_versions_by_field ON field_versions(kind, id, field);
            """)
        let sql = """
            INSERT INTO field_versions (seq, kind, id, field, value_type, value, hlc_wall, hlc_logical, replica,
                counter, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (kind, id, field) DO UPDATE SET seq = excluded.seq, value_type = excluded.value_type,
                value = excluded.value, hlc_wall = excluded.hlc_wall, hlc_logical = excluded.hlc_logical,
                replica = excluded.replica, counter = excluded.counter, clock = excluded.clock
            """
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BenchFailure("prepare failed: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        return try body(db, statement)
    }

    private static func pass(
        _ db: OpaquePointer, _ statement: OpaquePointer, _ rows: [Row], firstSeq: Int64, batch: Int
    ) throws -> Double {
        let start = ContinuousClock.now
        try exec(db, "BEGIN IMMEDIATE")
        var seq = firstSeq
        for (i, row) in rows.enumerated() {
            if i > 0 && i % batch == 0 {
                try exec(db, "COMMIT")
                try exec(db, "BEGIN IMMEDIATE")
            }
            sqlite3_bind_int64(statement, 1, seq)
            sqlite3_bind_text(statement, 2, row.kind, -1, SQLITE_TRANSIENT)
            sqlite3_bind_text(statement, 3, row.id, -1, SQLITE_TRANSIENT)
            sqlite3_bind_text(statement, 4, row.field, -1, SQLITE_TRANSIENT)
            bindValue(row.value, statement, typeAt: 5)
            sqlite3_bind_int64(statement, 7, row.hlcWall)
            sqlite3_bind_int64(statement, 8, row.hlcLogical)
            sqlite3_bind_text(statement, 9, row.replica, -1, SQLITE_TRANSIENT)
            sqlite3_bind_int64(statement, 10, row.counter)
            sqlite3_bind_text(statement, 11, row.clock, -1, SQLITE_TRANSIENT)
            guard sqlite3_step(statement) == SQLITE_DONE else {
                throw BenchFailure("insert failed: \(String(cString: sqlite3_errmsg(db)))")
            }
            sqlite3_reset(statement)
            seq += 1
        }
        try exec(db, "COMMIT")
        return start.duration(to: .now).seconds
    }

    /// Binds a value as the stores keep it: its type code at `typeAt`, the value itself right after.
    static func bindValue(_ value: FieldValue, _ statement: OpaquePointer, typeAt index: Int32) {
        switch value {
        case .null:
            sqlite3_bind_int64(statement, index, 0)
            sqlite3_bind_null(statement, index + 1)
        case .bool(let b):
            sqlite3_bind_int64(statement, index, 1)
            sqlite3_bind_int64(statement, index + 1, b ? 1 : 0)
        case .integer(let i):
            sqlite3_bind_int64(statement, index, 2)
            sqlite3_bind_int64(statement, index + 1, i)
        case .decimal(let d):
            sqlite3_bind_int64(statement, index, 3)
            sqlite3_bind_double(statement, index + 1, d)
        case .text(let s):
            sqlite3_bind_int64(statement, index, 4)
            sqlite3_bind_text(statement, index + 1, s, -1, SQLITE_TRANSIENT)
        }
    }

    /// Calls `body` with each run of consecutive rows of one record, in order (how a replica sends
    /// them and how both stores write them).
    static func forEachRecord(_ rows: [Row], _ body: (ArraySlice<Row>) throws -> Void) rethrows {
        var first = rows.startIndex
        while first < rows.endIndex {
            var end = first + 1
            while end < rows.endIndex, rows[end].id == rows[first].id, rows[end].kind == rows[first].kind { end += 1 }
            try body(rows[first..<end])
            first = end
        }
    }

    /// Opens a database made by the stores' own migrations as they run it (WAL, `synchronous=FULL`,
    /// a 64 MiB page cache) for `body`, and closes it.
    static func openExisting<T>(_ path: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
            throw BenchFailure("could not open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        try exec(db, "PRAGMA journal_mode=WAL")
        try exec(db, "PRAGMA synchronous=FULL")
        try exec(db, "PRAGMA cache_size=-65536")
        return try body(db)
    }

    static func prepare(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BenchFailure("prepare failed: \(String(cString: sqlite3_errmsg(db)))")
        }
        return statement
    }

    /// Steps a statement that returns no row, then resets it.
    static func step(_ db: OpaquePointer, _ statement: OpaquePointer) throws {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw BenchFailure("insert failed: \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw BenchFailure("\(sql.prefix(40))… failed: \(text)")
        }
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bound text before the call returns.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
