import Foundation
@_exported import TestSupport
import Testing

@testable import GisementSQLite

@Suite struct DatabaseTests {
    @Test func open_configuresWALAndSynchronous() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"), options: DatabaseOptions(synchronous: .full))
        #expect(try db.scalar(sql: "PRAGMA journal_mode")?.textValue == "wal")
        #expect(try db.scalar(sql: "PRAGMA synchronous")?.integerValue == 2)
        #expect(try db.scalar(sql: "PRAGMA foreign_keys")?.integerValue == 1)
    }

    @Test func values_roundTripEveryStorageClass() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t(a, b, c, d, e)")
        let values: [SQLValue] = [.null, .integer(-42), .real(12.5), .text("héllo \"x\""), .blob([0, 1, 255])]
        try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)", arguments: values)
        let rows = try db.query(sql: "SELECT a, b, c, d, e FROM t")
        #expect(rows.count == 1)
        #expect(rows[0].values == values)
        #expect(try rows[0]["d"] == .text("héllo \"x\""))
    }

    @Test func transaction_rollsBackOnError() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t(a INTEGER PRIMARY KEY)")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT INTO t VALUES (1)", arguments: [])
                throw Boom()
            }
        }
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 0)
        #expect(!db.isInTransaction)
    }

    @Test func transaction_rethrowsTheFirstErrorAndKeepsEarlierCommits() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t(a INTEGER PRIMARY KEY)")
        try db.write { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [1]) }
        do {
            try db.write { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [1]) }
            Issue.record("a duplicate key must fail")
        } catch let error as SQLiteError {
            #expect(error.resultCode == .SQLITE_CONSTRAINT)
            #expect(error.extendedCode.rawValue == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            #expect(error.description.hasPrefix("SQLite error 19: UNIQUE constraint failed: t.a - while executing `INSERT"))
        }
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 1)
    }

    @Test func resultCode_patternMatchesExtendedCodes() {
        let extended = ResultCode(rawValue: 2067)  // SQLITE_CONSTRAINT_UNIQUE
        var matched = false
        if case ResultCode.SQLITE_CONSTRAINT = extended { matched = true }
        #expect(matched)
        var wrong = false
        if case ResultCode.SQLITE_BUSY = extended { wrong = true }
        #expect(!wrong)
    }

    @Test func cachedStatement_isReusedAndSurvivesAFailure() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t(a INTEGER PRIMARY KEY)")
        let sql = "INSERT INTO t VALUES (?)"
        let first = try db.cachedStatement(sql: sql)
        #expect(try db.cachedStatement(sql: sql) === first)
        try db.execute(sql: sql, arguments: [1])
        #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: [1]) }
        // After a failure the statement is evicted and prepared again.
        try db.execute(sql: sql, arguments: [2])
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 2)
    }

    @Test func open_refusesAFileThatIsNotADatabaseAndLeavesItUntouched() throws {
        let folder = TemporaryFolder()
        let path = folder.file("notes.txt")
        let content = Data(String(repeating: "not a database at all\n", count: 100).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        do {
            _ = try Database(path: path)
            Issue.record("opening a text file must fail")
        } catch let error as SQLiteError {
            #expect(error.resultCode == .SQLITE_NOTADB)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func open_readOnlyNeverCreatesAFile() {
        let folder = TemporaryFolder()
        let path = folder.file("missing.sqlite")
        #expect(throws: SQLiteError.self) { _ = try Database(path: path, options: DatabaseOptions(access: .readOnly)) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func backup_makesAConsistentCopy() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t(a)")
        try db.write { for i in 0..<1000 { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [.integer(Int64(i))]) } }
        try db.backup(to: folder.file("copy.sqlite"))
        let copy = try Database(path: folder.file("copy.sqlite"), options: DatabaseOptions(access: .readOnly))
        #expect(try copy.scalar(sql: "SELECT sum(a) FROM t")?.integerValue == 499_500)
        #expect(try copy.scalar(sql: "PRAGMA integrity_check")?.textValue == "ok")
        #expect(!FileManager.default.fileExists(atPath: folder.file("copy.sqlite.partial")))
    }

    @Test func close_withoutCheckpoint_keepsASmallWALButFoldsInALargeOne() throws {
        let folder = TemporaryFolder()
        let path = folder.file("a.sqlite")
        func walSize() -> Int {
            (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        }
        let options = DatabaseOptions(checkpointsOnClose: false, walSizeLimitAtClose: 1 << 20)
        do {
            let db = try Database(path: path, options: options)
            try db.execute(sql: "CREATE TABLE t(a)")
            try db.write { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [.text("small")]) }
        }
        #expect(walSize() > 0, "a small WAL is left for the next process: no checkpoint fsyncs at exit")
        do {
            let db = try Database(path: path, options: options)
            let blob = SQLValue.blob([UInt8](repeating: 7, count: 64 << 10))
            try db.write { for _ in 0..<40 { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [blob]) } }
            #expect(walSize() > 1 << 20)
        }
        #expect(walSize() == 0, "a WAL past the limit is checkpointed and truncated at close")
        let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 41)
    }
}
