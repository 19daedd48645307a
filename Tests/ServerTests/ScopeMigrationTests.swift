import Foundation
@testable import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// A store made before migration 004 (here, one of migration 002) gets the scope key of every row, so that a scoped token
/// reads its part of what was stored before scopes existed.
@Suite(.disabled(if: TestStore.isPostgres, "it migrates a SQLite file of an older schema")) struct ScopeMigrationTests {
    @Test func aVersion2Store_isKeyedByScope_andAScopedPullReadsItsPart() async throws {
        let folder = TemporaryFolder("scope-migration")
        let path = folder.file("old.sqlite")
        var maker = ChangeMaker(replica: "r-old")
        let changes = [
            maker.write(.district, "d-1", "name", .text("Nord")),
            maker.write(.district, "d-2", "name", .text("Sud")),
            maker.write(.pilotTest, "t-1", "district", .text("d-1")),
            maker.write(.pilotTest, "t-2", "district", .text("d-2")),
            maker.write(.partner, "p-1", "name", .text("Emmaus")),
            maker.write(.collection, "c-1", "test", .text("t-1")),
            maker.write(.collection, "c-1", "partner", .text("p-1")),
            maker.write(.collection, "c-2", "test", .text("t-2")),
        ]
        do {
            let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate))
            var version2 = Migrator(applicationID: ServerSchema.applicationID)
            version2.register("001-server-tables") { db in try db.execute(sql: ServerSchema.createTables) }
            version2.register("002-recovery") { db in
                try db.execute(sql: ServerSchema.recoveryTables)
                try RecoveryBackfill.run(db)
            }
            try version2.migrate(db)
            for (seq, change) in changes.enumerated() {
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
        }
        let store = try ServerStore.open(path: path)
        let scope = TokenScope(token: "awa", keys: ["t:t-1"])
        let page = try await store.feed(since: 0, limit: 1000, excluding: nil, scope: scope)
        let records = Set(page.changes.map { "\($0.kind)/\($0.id)" })
        #expect(records == ["district/d-1", "test/t-1", "partner/p-1", "collection/c-1"])
        #expect(!page.more && page.cursor == 8)
        #expect(try await store.record(kind: .collection, id: "c-2", scope: scope) == nil)
        #expect(try await store.record(kind: .collection, id: "c-1", scope: scope) != nil)
        await store.close()
    }
}
