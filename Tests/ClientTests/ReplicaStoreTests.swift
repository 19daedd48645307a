import Foundation
import GisementClient
import GisementSQLite
import GisementShared
import Testing

@Suite struct ReplicaStoreTests {
    @Test func create_storesReplicaIDAndSettings() throws {
        let fixture = try StoreFixture()
        let state = try fixture.store.syncState
        #expect(state.replicaID == "r-aaaa")
        #expect(state.agent == "Awa")
        #expect(state.counter == 0)
        #expect(state.cursor == 0)
        #expect(state.lastSync == nil)
        #expect(try fixture.store.integrityCheck() == "ok")
    }

    @Test func create_refusesExistingReplica_leavesItAsItWas() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store.create(kind: .district, fields: [("name", .text("Bellevue"))])
        let path = fixture.folder.file("replica.sqlite")
        let before = try DatabaseSnapshot.of(path)
        #expect(throws: ReplicaError.self) { try ReplicaStore.create(path: path, replicaID: "r-bbbb") }
        #expect(try DatabaseSnapshot.of(path) == before)
    }

    @Test func open_missingFile_throwsMissingReplica_createsNothing() throws {
        let folder = TemporaryFolder()
        do {
            _ = try ReplicaStore(path: folder.file("none.sqlite"))
            Issue.record("opened a missing replica")
        } catch let error as ReplicaError {
            #expect(error.code == .missingReplica)
        }
        #expect(!folder.exists("none.sqlite"))
    }

    @Test func open_foreignDatabase_isRefusedUntouched() throws {
        let folder = TemporaryFolder()
        let path = folder.file("other.sqlite")
        do {
            let db = try Database(path: path)
            try db.execute(sql: "CREATE TABLE t(a); INSERT INTO t VALUES (1)")
        }
        let before = try DatabaseSnapshot.of(path)
        let error = #expect(throws: ReplicaError.self) { try ReplicaStore(path: path) }
        #expect(error?.code == .foreignFile && error?.path == path)
        #expect(try DatabaseSnapshot.of(path) == before)
    }

    @Test func create_writesFieldVersionsStateRowAndOutbox() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let id = try store.create(kind: .district, fields: [("name", .text("Bellevue")), ("population", .integer(12400))])
        #expect(id.hasPrefix("d-"))
        let record = try #require(try store.record(kind: .district, id: id))
        #expect(record.text("name") == "Bellevue")
        #expect(record.integer("population") == 12400)
        let versions = try store.fieldVersions(kind: .district, id: id)
        #expect(versions["name"]?.dot == Dot(replica: "r-aaaa", counter: 1))
        #expect(versions["population"]?.dot == Dot(replica: "r-aaaa", counter: 2))
        #expect(versions["population"]?.clock == VectorClock(["r-aaaa": 2]))
        let pending = try store.pendingChanges()
        #expect(pending.map(\.counter) == [1, 2])
        #expect(pending.map(\.field) == ["name", "population"])
        #expect(try store.recordClock(kind: .district, id: id) == VectorClock(["r-aaaa": 2]))
        #expect(try store.syncState.counter == 2)
    }

    @Test func write_hlcStrictlyIncreases_evenWithAStoppedClock() throws {
        let fixture = try StoreFixture(now: 1_000)
        for i in 0..<3 { _ = try fixture.store.create(kind: .partner, fields: [("name", .text("P\(i)"))]) }
        let stamps = try fixture.store.pendingChanges().map(\.hlc)
        #expect(stamps == stamps.sorted())
        #expect(Set(stamps).count == stamps.count)
        #expect(stamps.first == HLCTimestamp(wall: 1_000, logical: 0))
    }

    @Test func write_laterEditReplacesValue_andUpdatesStateTable() throws {
        let store = try StoreFixture().store
        let id = try store.create(kind: .district, fields: [("name", .text("A"))])
        try store.write(kind: .district, id: id, fields: [("name", .text("B")), ("habitat", .text("rural"))])
        let record = try #require(try store.record(kind: .district, id: id))
        #expect(record.text("name") == "B")
        #expect(record.text("habitat") == "rural")
        #expect(try store.fieldVersions(kind: .district, id: id)["name"]?.dot.counter == 2)
        #expect(try store.pendingCount() == 3)
    }

    @Test(arguments: [true, false])
    func write_sameFieldTwiceInOneWrite_laterWins_bothArePending(isNew: Bool) throws {
        let store = try StoreFixture().store
        try store.write([
            RecordWrite(
                kind: .district, id: "d-twice",
                fields: [("name", .text("First")), ("population", .integer(10)), ("name", .text("Second"))], isNew: isNew)
        ])
        let record = try #require(try store.record(kind: .district, id: "d-twice"))
        #expect(record.text("name") == "Second")
        #expect(record.integer("population") == 10)
        let versions = try store.fieldVersions(kind: .district, id: "d-twice")
        #expect(versions["name"]?.dot.counter == 3)
        #expect(versions["name"]?.value == .text("Second"))
        let pending = try store.pendingChanges()
        #expect(pending.map(\.counter) == [1, 2, 3])
        #expect(pending.map(\.value) == [.text("First"), .integer(10), .text("Second")])
    }

    @Test func write_manyRecordsInOneTransaction_eachKeepsItsOwnFields() throws {
        // More fields per record than one multi-row statement holds, and many records.
        let store = try StoreFixture().store
        let writes = (0..<300).map { i in
            RecordWrite(
                kind: .partner, id: "p-\(i)",
                fields: (0..<20).map { j in (j % 2 == 0 ? "name" : "notes", FieldValue.text("p\(i) v\(j)")) }, isNew: true)
        }
        #expect(try store.write(writes) == 6_000)
        for i in [0, 1, 150, 299] {
            let record = try #require(try store.record(kind: .partner, id: "p-\(i)"))
            #expect(record.text("name") == "p\(i) v18")
            #expect(record.text("notes") == "p\(i) v19")
        }
        #expect(try store.pendingCount() == 6_000)
        let last = try store.pendingChanges().suffix(2)
        #expect(last.map(\.value) == [.text("p299 v18"), .text("p299 v19")])
    }

    @Test func write_invalidValue_writesNothing() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let before = try DatabaseSnapshot.of(fixture.folder.file("replica.sqlite"))
        #expect(throws: ValidationError.self) {
            try store.write([
                RecordWrite(kind: .district, id: "d-1", fields: [("name", .text("ok"))], isNew: true),
                RecordWrite(kind: .district, id: "d-2", fields: [("population", .integer(-1))], isNew: true),
            ])
        }
        #expect(try DatabaseSnapshot.of(fixture.folder.file("replica.sqlite")) == before)
    }

    @Test func delete_setsDeleted_andListsLeaveItOut() throws {
        let store = try StoreFixture().store
        let a = try store.create(kind: .partner, fields: [("name", .text("A"))])
        _ = try store.create(kind: .partner, fields: [("name", .text("B"))])
        try store.delete(kind: .partner, id: a)
        #expect(try store.record(kind: .partner, id: a)?.isDeleted == true)
        #expect(try store.records(kind: .partner).map { $0.text("name") } == ["B"])
        #expect(try store.records(kind: .partner, filter: RecordFilter(includesDeleted: true)).count == 2)
        #expect(try store.records(kind: .partner, named: "A").isEmpty)
    }

    @Test func forEachRecord_filtersByTestAndDistrict() throws {
        let store = try StoreFixture().store
        let d1 = try store.create(kind: .district, fields: [("name", .text("D1"))])
        let d2 = try store.create(kind: .district, fields: [("name", .text("D2"))])
        let t1 = try store.create(kind: .pilotTest, fields: [("name", .text("T1")), ("district", .text(d1))])
        let t2 = try store.create(kind: .pilotTest, fields: [("name", .text("T2")), ("district", .text(d2))])
        for (test, district) in [(t1, d1), (t1, d2), (t2, d2)] {
            _ = try store.create(kind: .collection, fields: [
                ("test", .text(test)), ("district", .text(district)), ("category", .text("tools")),
                ("collected_at", .text("2026-03-01T10:00:00Z")),
            ])
        }
        #expect(try store.records(kind: .collection, filter: RecordFilter(test: t1)).count == 2)
        #expect(try store.records(kind: .collection, filter: RecordFilter(district: d2)).count == 2)
        #expect(try store.records(kind: .collection, filter: RecordFilter(test: t1, district: d2)).count == 1)
        #expect(try store.records(kind: .pilotTest, filter: RecordFilter(district: d1)).map(\.id) == [t1])
        #expect(throws: ReplicaError.self) { try store.records(kind: .district, filter: RecordFilter(test: t1)) }
    }

    @Test func kinds_holdingID_findsEveryKindUsingIt() throws {
        let store = try StoreFixture().store
        try store.write(kind: .district, id: "same", fields: [("name", .text("D"))])
        try store.write(kind: .partner, id: "same", fields: [("name", .text("P"))])
        #expect(try store.kinds(holding: "same") == [.district, .partner])
        #expect(try store.kinds(holding: "other").isEmpty)
    }

    @Test func collectionSummary_sumsPerOutcome() throws {
        let store = try StoreFixture().store
        for (kg, outcome) in [(2.5, "reused"), (1.5, "reused"), (4.0, "pending")] {
            _ = try store.create(kind: .collection, fields: [
                ("test", .text("t-1")), ("category", .text("tools")), ("items", .integer(2)),
                ("weight_kg", .decimal(kg)), ("outcome", .text(outcome)),
            ])
        }
        let summary = try store.collectionSummary(test: "t-1")
        #expect(summary.all.collections == 3)
        #expect(summary.all.items == 6)
        #expect(summary.all.kilograms == 8)
        #expect(summary.byOutcome["reused"]?.kilograms == 4)
    }

    @Test func kindTables_haveAColumnPerSchemaField() throws {
        let fixture = try StoreFixture()
        for kind in RecordKind.allCases {
            let rows = try fixture.store.database.query(sql: "PRAGMA table_info(\"\(kind.plural)\")")
            let columns = try rows.compactMap { try $0["name"].textValue }
            #expect(columns == ["id"] + Schema.of(kind).fieldNames, "table \(kind.plural)")
        }
    }

    @Test func clocks_roundTripThroughReplicaNumbers() throws {
        let store = try StoreFixture().store
        let clock = VectorClock(["r-4f9a": 42, "r-77aa": 17, "a:b.c_d": 1])
        let change = Change(
            kind: .partner, id: "p-1", field: "name", value: .text("P"), hlc: HLCTimestamp(wall: 5, logical: 1),
            replica: "r-4f9a", counter: 42, clock: clock)
        try store.apply(pulled: [change], cursor: 1)
        let version = try #require(try store.fieldVersions(kind: .partner, id: "p-1")["name"])
        #expect(version.clock == clock)
        #expect(version.dot == Dot(replica: "r-4f9a", counter: 42))
        #expect(try store.recordClock(kind: .partner, id: "p-1") == clock)
        let numbers = try store.database.query(sql: "SELECT id FROM replicas ORDER BY number").compactMap { $0[0].textValue }
        #expect(Set(numbers) == ["r-aaaa", "r-4f9a", "r-77aa", "a:b.c_d"] || Set(numbers) == ["r-4f9a", "r-77aa", "a:b.c_d"])
    }
}
