import Foundation
@testable import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// A store made before migration 002 (a running network upgraded, or an old backup restored)
/// gets a store identity, the dots of its stored versions and every digest.
@Suite(.disabled(if: TestStore.isPostgres, "it migrates a SQLite file of an older schema")) struct RecoveryMigrationTests {
    @Test func aVersion1Store_isBackfilled_soVerifyAndDeduplicationWork() async throws {
        let folder = TemporaryFolder("migration")
        let path = folder.file("old.sqlite")
        // Version 1 of the server database, written by the release before this one.
        do {
            let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate))
            var version1 = Migrator(applicationID: ServerSchema.applicationID)
            version1.register("001-server-tables") { db in try db.execute(sql: ServerSchema.createTables) }
            try version1.migrate(db)
            var maker = ChangeMaker(replica: "r-old")
            for (seq, change) in maker.districts(40).enumerated() {
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
            try db.execute(sql: "INSERT INTO replicas(replica, counter, last_push_at) VALUES ('r-old', 40, 'x')")
        }
        let store = try ServerStore.open(path: path)
        let held = try await store.feed(since: 0, limit: 1000, excluding: nil).changes
        #expect(held.count == 40)
        var expected = [UInt64](repeating: 0, count: VersionDigest.bucketCount)
        for change in held { expected[VersionDigest.bucket(change.record)] &+= VersionDigest.hash(change) }
        let buckets = try await store.bucketDigests()
        #expect(buckets.digests == expected)
        #expect(!buckets.store.isEmpty)
        // The stored versions pushed again are duplicates (their dots were backfilled) ...
        let again = try await store.push(ValidatedPush(replica: "r-old", changes: held.map { var c = $0; c.seq = nil; return c }, pushedBy: "old"))
        #expect(again.duplicates == 40 && again.accepted == 0)
        // Verify's drill-down reads every record of the buckets asked, with no index on the bucket
        // (migration 005: a hash-keyed index put every pushed record on a random page).
        let drilled = try await store.recordDigests(buckets: Array(0..<VersionDigest.bucketCount))
        #expect(drilled.count == Set(held.map(\.record)).count)
        #expect(try Self.indexesLeadingWith("bucket", table: "record_clocks", path: path).isEmpty)
        // ... and other content under one of them is a copy's.
        var copy = held[0]
        copy.seq = nil
        copy.value = .text("other")
        await #expect(throws: PushRefusal.self) {
            _ = try await store.push(ValidatedPush(replica: "r-old", changes: [copy], pushedBy: "old"))
        }
        await store.close()
    }

    @Test func aFreshStore_hasNoIndexKeyedByTheBucket() async throws {
        let folder = TemporaryFolder("fresh-indexes")
        let path = folder.file("fresh.sqlite")
        let store = try ServerStore.open(path: path)
        await store.close()
        #expect(try Self.indexesLeadingWith("bucket", table: "record_clocks", path: path).isEmpty)
        #expect(try !Self.indexesLeadingWith("scope_key", table: "record_clocks", path: path).isEmpty, "the check sees indexes")
    }

    /// The indexes of `table` whose first column is `column`.
    static func indexesLeadingWith(_ column: String, table: String, path: String) throws -> [String] {
        let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
        return try db.query(
            sql: """
                SELECT l.name FROM pragma_index_list(?1) AS l, pragma_index_info(l.name) AS i
                WHERE i.seqno = 0 AND i.name = ?2
                """,
            arguments: [.text(table), .text(column)]
        ).compactMap { $0[0].textValue }
    }
}
