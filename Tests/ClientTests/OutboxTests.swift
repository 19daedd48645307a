import GisementSQLite
import GisementShared
import Testing

@testable import GisementClient

/// The outbox keeps one row per record write (``OutboxBundle``); these tests check that pending
/// changes still come out one by one, in counter order, through partial acknowledgements, changes
/// set aside from the middle of a write, replica-id rotation and the upgrade of an older replica.
@Suite struct OutboxTests {
    static func entry(_ counter: UInt64, _ value: SQLValue, field: String = "notes") -> OutboxEntry {
        OutboxEntry(
            counter: counter, field: field, value: value, hlc: HLCTimestamp(wall: 1_763_720_130_000 + Int64(counter), logical: 7),
            clockText: "1=\(counter),3=17")
    }

    @Test func bundle_roundTripsEveryKindOfValue() throws {
        let values: [SQLValue] = [
            .null, .integer(0), .integer(-1), .integer(Int64.max), .integer(Int64.min), .real(12.5), .real(-0.0),
            .real(1e300), .text(""), .text("Zoé \u{1F6B2} \"quoted\", commas"), .text(String(repeating: "x", count: 5_000)),
            .blob([0, 255, 7]),
        ]
        // Field names of the schema (written as a code) and others (written out).
        let fields = OutboxBundle.fieldCodes + ["f1", "a field from a later version", ""]
        var entries = values.enumerated().map { i, value in
            Self.entry(UInt64(i * 3 + 1), value, field: fields[(i * 7) % fields.count])
        }
        // Walls going backwards and to both extremes (stored as deltas), and an empty clock.
        entries[1].hlc = HLCTimestamp(wall: Int64.max, logical: UInt32.max)
        entries[2].hlc = HLCTimestamp(wall: Int64.min, logical: 0)
        entries[3].hlc = HLCTimestamp(wall: 5, logical: 1)
        entries[4].clockText = ""
        let bytes = OutboxBundle.encode(entries)
        #expect(try bytes.withUnsafeBytes { try OutboxBundle.decode($0) } == entries)
        #expect(try [UInt8]().withUnsafeBytes { try OutboxBundle.decode($0) }.isEmpty)
        let everyField = fields.enumerated().map { i, name in Self.entry(UInt64(i + 1), .integer(Int64(i)), field: name) }
        #expect(try OutboxBundle.encode(everyField).withUnsafeBytes { try OutboxBundle.decode($0) } == everyField)
        // Every name a kind has is coded (one byte).
        for kind in RecordKind.allCases {
            for name in Schema.of(kind).fieldNames { #expect(OutboxBundle.fieldCodes.contains(name), "\(name)") }
        }
    }

    @Test func bundle_truncatedOrGarbage_throws_neverCrashes() throws {
        let bytes = OutboxBundle.encode([Self.entry(5, .text("hello")), Self.entry(6, .real(3.5))])
        for length in 1..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            // A prefix may happen to end on an entry boundary; otherwise it must be refused.
            if let decoded = try? prefix.withUnsafeBytes({ try OutboxBundle.decode($0) }) {
                #expect(decoded == [Self.entry(5, .text("hello"))], "prefix \(length)")
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let garbage = (0..<Int.random(in: 1...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? garbage.withUnsafeBytes { try OutboxBundle.decode($0) }
        }
        #expect(throws: ReplicaError.self) { try [0x01, 0x05].withUnsafeBytes { try OutboxBundle.decode($0) } }
    }

    /// Three districts written by three commands: counters 1–4, 5–6, 7–9.
    static func threeWrites() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let store = fixture.store
        _ = try store.create(
            kind: .district,
            fields: [("name", .text("A")), ("code", .text("1")), ("commune", .text("C")), ("population", .integer(10))])
        _ = try store.create(kind: .district, fields: [("name", .text("B")), ("code", .text("2"))])
        _ = try store.create(kind: .district, fields: [("name", .text("C")), ("code", .text("3")), ("habitat", .text("rural"))])
        return fixture
    }

    @Test func oneRowPerWrite_pendingComesOutChangeByChange_limitCutsARow() throws {
        let store = try Self.threeWrites().store
        #expect(try store.database.scalar(sql: "SELECT count(*) FROM outbox")?.integerValue == 3)
        #expect(try store.pendingCount() == 9)
        #expect(try store.pendingChanges().map(\.counter) == Array(1...9))
        #expect(try store.pendingChanges(limit: 5).map(\.counter) == [1, 2, 3, 4, 5])
        let fifth = try #require(try store.pendingChanges(limit: 5).last)
        #expect(fifth.field == "name")
        #expect(fifth.value == .text("B"))
        #expect(fifth.clock == VectorClock(["r-aaaa": 5]))
        #expect(try fifth.validated() == fifth)
    }

    /// The push reads batch N+1 while batch N, still in the outbox, is on its way.
    @Test func pendingAfterACounter_keepsTheUpperPartOfARowItCuts_andLeavesOutSetAside() throws {
        let store = try Self.threeWrites().store
        #expect(try store.pendingChanges(after: 5).map(\.counter) == [6, 7, 8, 9])
        #expect(try store.pendingChanges(limit: 2, after: 5).map(\.counter) == [6, 7])
        #expect(try store.pendingChanges(after: 4).map(\.counter) == [5, 6, 7, 8, 9])
        #expect(try store.pendingChanges(after: 9).isEmpty)
        try store.setAside(dot: Dot(replica: "r-aaaa", counter: 8), reason: "refused")
        #expect(try store.pendingChanges(after: 3).map(\.counter) == [4, 5, 6, 7, 9])
        // A row acknowledged in part: what is left of it is still found above the mark.
        try store.acknowledge((1...5).map { Dot(replica: "r-aaaa", counter: $0) })
        #expect(try store.pendingChanges(after: 6).map(\.counter) == [7, 9])
    }

    @Test func acknowledgingPartOfARow_keepsTheRest_inOrder() throws {
        let store = try Self.threeWrites().store
        // As a push of 5 acknowledges: all of the first write, the first change of the second.
        try store.acknowledge((1...5).map { Dot(replica: "r-aaaa", counter: $0) })
        #expect(try store.pendingChanges().map(\.counter) == [6, 7, 8, 9])
        #expect(try store.pendingCount() == 4)
        try store.acknowledge([Dot(replica: "r-aaaa", counter: 8)])
        #expect(try store.pendingChanges().map(\.counter) == [6, 7, 9])
        try store.acknowledge(upToCounter: 7)
        #expect(try store.pendingChanges().map(\.counter) == [9])
        try store.acknowledge([Dot(replica: "r-aaaa", counter: 9)])
        #expect(try store.pendingCount() == 0)
        #expect(try store.database.scalar(sql: "SELECT count(*) FROM outbox")?.integerValue == 0)
    }

    @Test func settingAsideFromTheMiddleOfARow_keepsOrder_andItsOwnRow() throws {
        let store = try Self.threeWrites().store
        try store.setAside(dot: Dot(replica: "r-aaaa", counter: 3), reason: "invalid_change")
        #expect(try store.pendingChanges().map(\.counter) == [1, 2, 4, 5, 6, 7, 8, 9])
        #expect(try store.pendingCount() == 8)
        let aside = try store.setAsideChanges()
        #expect(aside.map(\.change.counter) == [3])
        #expect(aside.first?.change.field == "commune")
        #expect(aside.first?.reason == "invalid_change")
        // Acknowledging everything around it leaves it listed.
        try store.acknowledge([1, 2, 4].map { Dot(replica: "r-aaaa", counter: $0) })
        try store.acknowledge(upToCounter: 9)
        #expect(try store.pendingChanges().isEmpty)
        #expect(try store.setAsideChanges().map(\.change.counter) == [3])
    }

    @Test func rotation_renumbersAcrossRows_keepingSetAsideAndVersions() throws {
        let store = try Self.threeWrites().store
        try store.acknowledge([1, 2].map { Dot(replica: "r-aaaa", counter: $0) })
        try store.setAside(dot: Dot(replica: "r-aaaa", counter: 6), reason: "invalid_change")
        let before = try store.pendingChanges()
        #expect(try store.rotateReplicaID(newID: "r-bbbb") == 7)
        let after = try store.pendingChanges()
        #expect(after.map(\.counter) == [1, 2, 3, 5, 6, 7])
        #expect(after.map(\.value) == before.map(\.value))
        #expect(after.allSatisfy { $0.replica == "r-bbbb" && $0.clock["r-bbbb"] == $0.counter })
        #expect(try store.setAsideChanges().map(\.change.counter) == [4])
        let id = try #require(try store.records(kind: .district).first { $0.text("name") == "C" }?.id)
        #expect(try store.fieldVersions(kind: .district, id: id)["habitat"]?.dot == Dot(replica: "r-bbbb", counter: 7))
        #expect(try store.syncState.counter == 7)
    }

    @Test func olderReplica_withOneRowPerChange_upgradesKeepingEveryPendingChange() throws {
        let fixture = try Self.threeWrites()
        let path = fixture.store.path
        try fixture.store.setAside(dot: Dot(replica: "r-aaaa", counter: 2), reason: "invalid_change")
        let pending = try fixture.store.pendingChanges()
        let aside = try fixture.store.setAsideChanges()
        // Back to the layout of migrations 001–003: one row per change.
        do {
            let db = try Database(path: path, options: DatabaseOptions(access: .readWrite))
            var rows: [Outbox.Row] = []
            try Outbox.forEachRow(try db.makeStatement(sql: "SELECT first, record, changes FROM outbox"), path: db.path) {
                rows.append($0)
                return true
            }
            try db.execute(
                sql: """
                    DROP TABLE outbox;
                    CREATE TABLE outbox (
                        counter INTEGER PRIMARY KEY NOT NULL, record INTEGER NOT NULL, field TEXT NOT NULL, value,
                        hlc_wall INTEGER NOT NULL, hlc_logical INTEGER NOT NULL, clock TEXT NOT NULL);
                    DELETE FROM schema_migrations WHERE id = '004-outbox-per-write';
                    """)
            for row in rows {
                for entry in row.entries {
                    try db.execute(
                        sql: "INSERT INTO outbox VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        arguments: [
                            .integer(Int64(entry.counter)), .integer(row.record), .text(entry.field), entry.value,
                            .integer(entry.hlc.wall), .integer(Int64(entry.hlc.logical)), .text(entry.clockText),
                        ])
                }
            }
        }
        let upgraded = try ReplicaStore(path: path)
        #expect(try upgraded.pendingChanges() == pending)
        #expect(try upgraded.setAsideChanges() == aside)
        #expect(try upgraded.pendingCount() == 8)
        #expect(try upgraded.database.scalar(sql: "SELECT count(*) FROM outbox")?.integerValue == 9)
        #expect(try upgraded.database.scalar(sql: "PRAGMA integrity_check")?.textValue == "ok")
        // New writes after the upgrade go after the old rows.
        _ = try upgraded.create(kind: .partner, fields: [("name", .text("Atelier"))])
        #expect(try upgraded.pendingChanges().map(\.counter) == [1] + Array(3...10))
    }
}
