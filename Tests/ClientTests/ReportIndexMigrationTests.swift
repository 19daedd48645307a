import GisementSQLite
import GisementShared
import Testing

@testable import GisementClient

/// Migration 003 turns `collections_by_test` into the index a report reads alone. A replica made
/// before it must upgrade on open, keep every row, and give the same lists and reports.
@Suite struct ReportIndexMigrationTests {
    static let reportQuery = """
        SELECT district, partner, category, source, outcome, items, weight_kg, sold_items, deleted
        FROM collections WHERE test = ?1
        """
    static let listQuery = "SELECT * FROM collections WHERE test = ?1 AND deleted IS NOT 1 ORDER BY collected_at, id"

    /// Turns a replica back into what versions before migration 003 made: the old index, no 003 row.
    static func downgrade(_ path: String) throws {
        let db = try Database(path: path, options: DatabaseOptions(access: .readWrite))
        try db.execute(
            sql: """
                DROP INDEX collections_by_test;
                CREATE INDEX collections_by_test ON collections(test, collected_at);
                DELETE FROM schema_migrations WHERE id = '003-report-covering-index';
                """)
    }

    static func plan(_ db: Database, _ sql: String) throws -> String {
        try db.query(sql: "EXPLAIN QUERY PLAN " + sql, arguments: [.text("t")]).compactMap { $0[3].textValue }
            .joined(separator: "; ")
    }

    @Test func oldReplica_upgradesOnOpen_keepingItsRowsListsAndReports() throws {
        let fixture = try ReportStreamTests.makeWorld(seed: 2026)
        let path = fixture.store.path
        let test = try #require(try fixture.store.records(kind: .pilotTest).first?.id)
        let listBefore = try fixture.store.records(kind: .collection, filter: RecordFilter(test: test))
        let reportBefore = try ReportCommand.report(for: .test(test), from: fixture.store).json()
        try Self.downgrade(path)
        let oldSnapshot = try DatabaseSnapshot.of(path)
        #expect(try Self.plan(try Database(path: path), Self.reportQuery).contains("COVERING") == false)

        let upgraded = try ReplicaStore(path: path)
        let db = upgraded.database
        let migrations = try db.query(sql: "SELECT id FROM schema_migrations ORDER BY id").compactMap { $0[0].textValue }
        #expect(migrations.contains("003-report-covering-index"))
        let indexSQL = try db.scalar(sql: "SELECT sql FROM sqlite_master WHERE name = 'collections_by_test'")?.textValue
        #expect(indexSQL?.contains("sold_items") == true)
        // Every row of every table is kept; only the migration row is new.
        let newSnapshot = try DatabaseSnapshot.of(path)
        #expect(newSnapshot.replacingOccurrences(of: "text(\"003-report-covering-index\")\n", with: "") == oldSnapshot)
        #expect(try upgraded.records(kind: .collection, filter: RecordFilter(test: test)) == listBefore)
        #expect(try ReportCommand.report(for: .test(test), from: upgraded).json() == reportBefore)
        #expect(try db.scalar(sql: "PRAGMA integrity_check")?.textValue == "ok")
    }

    @Test func coveringIndex_servesTheReportAlone_andListsWithoutASort() throws {
        let fixture = try StoreFixture()
        let db = fixture.store.database
        let report = try Self.plan(db, Self.reportQuery)
        #expect(report.contains("COVERING INDEX collections_by_test"), "\(report)")
        let list = try Self.plan(db, Self.listQuery)
        #expect(list.contains("collections_by_test") && !list.contains("TEMP B-TREE"), "\(list)")
    }
}
