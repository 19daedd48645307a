import Foundation
import Testing

@testable import GisementSQLite

@Suite struct MigratorTests {
    static func make(_ ids: [String], applicationID: Int32 = 0x1234) -> Migrator {
        var migrator = Migrator(applicationID: applicationID)
        for id in ids {
            migrator.register(id) { db in try db.execute(sql: "CREATE TABLE \"t\(id)\"(a)") }
        }
        return migrator
    }

    @Test func migrate_appliesEachMigrationOnceInOrder() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try Self.make(["001", "002"]).migrate(db)
        try Self.make(["001", "002", "003"]).migrate(db)
        try Self.make(["001", "002", "003"]).migrate(db)
        let ids = try db.query(sql: "SELECT id FROM schema_migrations ORDER BY id").map { $0[0].textValue }
        #expect(ids == ["001", "002", "003"])
        #expect(try db.scalar(sql: "PRAGMA application_id")?.integerValue == 0x1234)
    }

    @Test func migrate_refusesANewerDatabase() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try Self.make(["001", "002"]).migrate(db)
        #expect(throws: MigrationError.newerSchema(path: db.path, unknownMigrations: ["002"])) {
            try Self.make(["001"]).migrate(db)
        }
    }

    @Test func migrate_refusesAnotherProgramsDatabaseUntouched() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE theirs(x); INSERT INTO theirs VALUES (1)")
        #expect(throws: MigrationError.foreignDatabase(path: db.path, applicationID: 0)) {
            try Self.make(["001"]).migrate(db)
        }
        #expect(try db.scalar(sql: "SELECT count(*) FROM sqlite_master WHERE name='schema_migrations'")?.integerValue == 0)
        #expect(try db.scalar(sql: "PRAGMA application_id")?.integerValue == 0)
    }

    @Test func migrate_refusesTheOtherRolesDatabase() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try Self.make(["001"], applicationID: 1).migrate(db)
        #expect(throws: MigrationError.foreignDatabase(path: db.path, applicationID: 1)) {
            try Self.make(["001"], applicationID: 2).migrate(db)
        }
    }

    @Test func migrate_failingMigrationLeavesNoTrace() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        var migrator = Self.make(["001"])
        migrator.register("002") { db in
            try db.execute(sql: "CREATE TABLE half(a)")
            try db.execute(sql: "THIS IS NOT SQL")
        }
        #expect(throws: SQLiteError.self) { try migrator.migrate(db) }
        #expect(try db.scalar(sql: "SELECT count(*) FROM sqlite_master WHERE name='half'")?.integerValue == 0)
        let ids = try db.query(sql: "SELECT id FROM schema_migrations").map { $0[0].textValue }
        #expect(ids == ["001"])
    }
}
