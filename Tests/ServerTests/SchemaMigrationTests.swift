import Foundation
@testable import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// Migration 003 upgrades a server database of the previous release in place: every stored
/// version stays and is version 1 (that release accepted no other), so an old client still gets
/// all of it, and the versions pushed since are served by their schema version.
@Suite(.disabled(if: TestStore.isPostgres, "it migrates SQLite files of older schemas")) struct ServerSchemaMigrationTests {
    @Test func aVersion2Store_keepsItsFeed_andServesNewFieldsByVersion() async throws {
        let folder = TemporaryFolder("schema-migration")
        let path = folder.file("old.sqlite")
        // The database as the release before schema versions left it: rows written under
        // migration 001, then migration 002 and its backfill.
        var maker = ChangeMaker(replica: "r-old")
        let districts = maker.districts(30)
        do {
            let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate))
            var first = Migrator(applicationID: ServerSchema.applicationID)
            first.register("001-server-tables") { db in try db.execute(sql: ServerSchema.createTables) }
            try first.migrate(db)
            for (seq, change) in districts.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical,
                            replica, counter, clock) VALUES (?, ?, ?, ?, 4, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        .integer(Int64(seq + 1)), .text(change.kind.rawValue), .text(change.id), .text(change.field),
                        .text(change.value.textValue ?? ""), .integer(change.hlc.wall), .integer(Int64(change.hlc.logical)),
                        .text(change.replica), .integer(Int64(change.counter)), .text("r-old=\(change.counter)"),
                    ])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO record_clocks(kind, id, clock) VALUES (?, ?, ?)",
                    arguments: [.text(change.kind.rawValue), .text(change.id), .text("r-old=\(change.counter)")])
            }
            try db.execute(sql: "INSERT INTO replicas(replica, counter, last_push_at) VALUES ('r-old', 30, 'x')")
            var previous = first
            previous.register("002-recovery") { db in
                try db.execute(sql: ServerSchema.recoveryTables)
                try RecoveryBackfill.run(db)
            }
            try previous.migrate(db)
            let columns = try db.query(sql: "PRAGMA table_info(field_versions)").compactMap { try $0["name"].textValue }
            #expect(!columns.contains("schema_version"))
        }
        let store = try ServerStore.open(path: path)
        let versionOne = SchemaWindow(above: 0, upTo: 1)
        #expect(try await store.feed(since: 0, limit: 1000, excluding: nil, schema: versionOne).changes.count == 30)
        #expect(try await store.feed(since: 0, limit: 1000, excluding: nil).changes.count == 30)
        var newer = ChangeMaker(replica: "r-new")
        let workshop = newer.write(.workshop, "w-1", "held_on", .text("2026-03-14"))
        let satisfaction = newer.write(.participation, "t-1.p-1", "satisfaction", .integer(5))
        let name = newer.write(.district, "d-new", "name", .text("Nord"))
        _ = try await store.push(ValidatedPush(replica: "r-new", changes: [workshop, satisfaction, name], pushedBy: "new"))
        let old = try await store.feed(since: 0, limit: 1000, excluding: nil, schema: versionOne)
        #expect(old.changes.count == 31)
        #expect(old.cursor == 33, "an old client's cursor passes the rows it is not served")
        let catchUp = try await store.feed(since: 0, limit: 1000, excluding: nil, schema: SchemaWindow(above: 1, upTo: 2))
        #expect(catchUp.changes.map(\.field) == ["held_on", "satisfaction"])
        await store.close()
    }
}
