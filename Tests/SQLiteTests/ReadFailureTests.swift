import CSQLite
import Testing

@testable import GisementSQLite

/// What SQLite refuses, or a result does not hold, is an error, never a NULL read or written in
/// its place (a missing column, a bind SQLite refused with the binders that do not throw).
@Suite struct ReadFailureTests {
    @Test func rowByName_throwsForAMissingColumn_insteadOfNull() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        let row = try #require(try db.query(sql: "SELECT 1 AS a, NULL AS b").first)
        #expect(try row["b"] == .null)
        let error = try #require(throws: SQLiteError.self) { try row["missing"] }
        #expect(error.resultCode == .SQLITE_RANGE)
        #expect(error.message.contains("\"missing\""), "\(error.message)")
    }

    /// A parameter index past the statement's: SQLite refuses the bind (`SQLITE_RANGE`) and the
    /// step reports it; the statement does not run with a NULL in its place.
    @Test(arguments: ["int64", "double", "text", "null", "blob"])
    func fastBinder_refusedBySQLite_failsTheStep_andWritesNothing(binder: String) throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t (a)")
        let insert = try db.makeStatement(sql: "INSERT INTO t (a) VALUES (?1)")
        switch binder {
        case "int64": insert.bind(int64: 7, at: 2)
        case "double": insert.bind(double: 7.5, at: 2)
        case "text": insert.bind(text: "x", at: 2)
        case "null": insert.bindNull(at: 2)
        default: insert.bind(blob: [1, 2], at: 2)
        }
        let error = try #require(throws: SQLiteError.self) { try insert.step() }
        #expect(error.resultCode == .SQLITE_RANGE)
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 0)
        // The failure belongs to that execution: bound again properly, the statement runs.
        insert.reset()
        insert.bind(int64: 7, at: 1)
        try insert.step()
        #expect(try db.scalar(sql: "SELECT a FROM t")?.integerValue == 7)
    }

    /// A multi-row insert binds texts from its arena: a refused one fails the insert too.
    @Test func multiRowInsert_textRefusedBySQLite_failsTheInsert() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t (a TEXT)")
        // SQLite's length limit, lowered so a small text exceeds it (SQLITE_TOOBIG at bind).
        sqlite3_limit(db.handle, SQLITE_LIMIT_LENGTH, 4)
        let insert = MultiRowInsert(database: db, head: "INSERT INTO t (a)", columns: 1)
        let error = try #require(throws: SQLiteError.self) {
            try insert.run(rows: 1) { _, values in values.bind(text: "longer than four") }
        }
        #expect(error.resultCode.rawValue == SQLITE_TOOBIG)
        sqlite3_limit(db.handle, SQLITE_LIMIT_LENGTH, 1_000_000)
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 0)
    }
}
