import GisementSQLite
import GisementShared
import Testing

@testable import GisementClient

/// Migration 006 upgrades a replica of the previous release in place: its records, outbox and
/// cursor stay, the new fields and the workshops can be written, and the replica remembers that
/// it pulled with schema version 1 so that its next sync fetches once what it could not hold.
@Suite struct ReplicaSchemaMigrationTests {
    /// Turns a replica back into what the release before migration 006 made (its exact tables).
    static func downgrade(_ path: String) throws {
        let db = try Database(path: path, options: DatabaseOptions(access: .readWrite))
        try db.execute(
            sql: """
                CREATE TABLE tests_v1 (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT, district TEXT, starts_on TEXT, ends_on TEXT, status TEXT,
                    target_kg REAL, target_items INTEGER, target_reuse_rate REAL, jobs_created INTEGER, notes TEXT,
                    deleted INTEGER
                ) WITHOUT ROWID;
                INSERT INTO tests_v1 SELECT id, name, district, starts_on, ends_on, status, target_kg, target_items,
                    target_reuse_rate, jobs_created, notes, deleted FROM tests;
                DROP TABLE tests;
                ALTER TABLE tests_v1 RENAME TO tests;
                CREATE INDEX tests_by_name ON tests(name);
                CREATE INDEX tests_by_district ON tests(district);
                CREATE TABLE participations_v1 (
                    id TEXT PRIMARY KEY NOT NULL, test TEXT, partner TEXT, role TEXT, deleted INTEGER
                ) WITHOUT ROWID;
                INSERT INTO participations_v1 SELECT id, test, partner, role, deleted FROM participations;
                DROP TABLE participations;
                ALTER TABLE participations_v1 RENAME TO participations;
                CREATE INDEX participations_by_test ON participations(test);
                DROP TABLE workshops;
                ALTER TABLE replica_meta DROP COLUMN pulled_schema;
                ALTER TABLE replica_meta DROP COLUMN catch_up_cursor;
                ALTER TABLE replica_meta DROP COLUMN server_schema;
                ALTER TABLE replica_meta DROP COLUMN server_version;
                DELETE FROM schema_migrations WHERE id = '006-workshops';
                """)
    }

    @Test func aVersion1Replica_keepsItsData_andTakesTheNewFields() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let district = try store.create(kind: .district, fields: [("name", .text("Centre"))])
        let test = try store.create(
            kind: .pilotTest,
            fields: [("name", .text("Spring")), ("district", .text(district)), ("jobs_created", .integer(2)),
                     ("notes", .text("kept"))])
        let partner = try store.create(kind: .partner, fields: [("name", .text("Habitat"))])
        let participation = Schema.participationID(test: test, partner: partner)
        try store.write(
            kind: .participation, id: participation,
            fields: [("test", .text(test)), ("partner", .text(partner)), ("role", .text("funder"))])
        let before = try store.pendingCount()
        let path = store.path
        try Self.downgrade(path)

        let reopened = try ReplicaStore(path: path)
        let kept = try #require(try reopened.record(kind: .pilotTest, id: test))
        #expect(kept.text("name") == "Spring" && kept.integer("jobs_created") == 2 && kept.text("notes") == "kept")
        #expect(try reopened.record(kind: .participation, id: participation)?.text("role") == "funder")
        #expect(try reopened.pendingCount() == before)
        #expect(try reopened.schemaProgress().pulledSchema == 1, "an upgraded replica catches up at its next sync")
        // The tables have the schema's columns in order, and the new fields and kind take writes.
        for kind in [RecordKind.pilotTest, .participation, .workshop] {
            let columns = try reopened.database.query(sql: "PRAGMA table_info(\"\(kind.plural)\")").compactMap { try $0["name"].textValue }
            #expect(columns == ["id"] + Schema.of(kind).fieldNames)
        }
        try reopened.write(kind: .pilotTest, id: test, fields: [("requalified", .integer(5)), ("employed_after", .integer(3))])
        try reopened.write(kind: .participation, id: participation, fields: [("satisfaction", .integer(4))])
        let workshop = try reopened.create(
            kind: .workshop, fields: [("test", .text(test)), ("held_on", .text("2026-03-14")), ("places", .integer(10))])
        #expect(try reopened.record(kind: .pilotTest, id: test)?.integer("requalified") == 5)
        #expect(try reopened.record(kind: .participation, id: participation)?.integer("satisfaction") == 4)
        #expect(try reopened.records(kind: .workshop, filter: RecordFilter(test: test)).map(\.id) == [workshop])
    }

    @Test func aNewReplica_hasPulledWithTheCurrentVersion_onceItSyncs() throws {
        let store = try StoreFixture().store
        // Made by this release: version 1 until its first sync proves it has nothing to catch up.
        #expect(try store.schemaProgress().feedCursor == 0)
        #expect(try store.applyCatchUp([], cursor: 0, finished: true) == 0)
        #expect(try store.schemaProgress().pulledSchema == SchemaVersion.current)
    }

    @Test func heldChanges_areThoseAnOlderServerCannotHold() throws {
        let store = try StoreFixture().store
        let test = try store.create(kind: .pilotTest, fields: [("name", .text("Spring")), ("requalified", .integer(3))])
        _ = try store.create(kind: .workshop, fields: [("test", .text(test)), ("held_on", .text("2026-03-14"))])
        let all = try store.pendingChanges(limit: 100)
        let held = all.filter { !SchemaVersion.holds(1, kind: $0.kind, field: $0.field) }
        #expect(held.count >= 3, "requalified, the workshop's test and day")
        #expect(try store.heldCount(above: 1) == held.count)
        #expect(try store.heldCount(above: 2) == 0)
        let sendable = try store.pendingChanges(limit: 100, heldAbove: 1)
        #expect(sendable.map(\.dot) == all.filter { SchemaVersion.holds(1, kind: $0.kind, field: $0.field) }.map(\.dot))
        #expect(sendable.allSatisfy { $0.kind != .workshop && $0.field != "requalified" })
        #expect(sendable.contains { $0.field == "name" })
        let pending = try store.pendingCount()
        #expect(try store.pendingChanges(limit: 100, heldAbove: 2).count == pending)
    }
}
