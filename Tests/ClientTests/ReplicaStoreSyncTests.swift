import GisementClient
import GisementShared
import Testing

@Suite struct ReplicaStoreSyncTests {
    /// A change written by another replica.
    static func remote(
        _ field: String, _ value: FieldValue, id: RecordID = "d-1", kind: RecordKind = .district, wall: Int64,
        replica: ReplicaID = "r-zzzz", counter: UInt64, clock: [ReplicaID: UInt64]? = nil
    ) -> Change {
        Change(
            kind: kind, id: id, field: field, value: value, hlc: HLCTimestamp(wall: wall, logical: 0), replica: replica,
            counter: counter, clock: VectorClock(clock ?? [replica: counter]))
    }

    @Test func pendingChanges_inCounterOrder_withLimit() throws {
        let store = try StoreFixture().store
        _ = try store.create(kind: .district, fields: [("name", .text("A")), ("code", .text("1"))])
        _ = try store.create(kind: .district, fields: [("name", .text("B"))])
        #expect(try store.pendingChanges().map(\.counter) == [1, 2, 3])
        #expect(try store.pendingChanges(limit: 2).map(\.counter) == [1, 2])
        let first = try #require(try store.pendingChanges().first)
        #expect(first.replica == "r-aaaa")
        #expect(first.clock["r-aaaa"] == 1)
        #expect(try first.validated() == first)
    }

    @Test func acknowledge_dots_removesOnlyThose() throws {
        let store = try StoreFixture().store
        _ = try store.create(kind: .district, fields: [("name", .text("A")), ("code", .text("1")), ("commune", .text("C"))])
        try store.acknowledge([Dot(replica: "r-aaaa", counter: 2), Dot(replica: "r-other", counter: 1)])
        #expect(try store.pendingChanges().map(\.counter) == [1, 3])
        try store.acknowledge(upToCounter: 3)
        #expect(try store.pendingChanges().isEmpty)
    }

    @Test func acknowledge_commitsWithoutFsync_thenTheReplicaIsFullAgain() throws {
        let store = try StoreFixture().store
        _ = try store.create(kind: .district, fields: [("name", .text("A")), ("code", .text("1"))])
        #expect(try store.database.scalar(sql: "PRAGMA synchronous")?.integerValue == 2)
        try store.acknowledge([Dot(replica: "r-aaaa", counter: 1)])
        #expect(try store.database.scalar(sql: "PRAGMA synchronous")?.integerValue == 2, "FULL again for every other write")
        #expect(try store.pendingChanges().map(\.counter) == [2])
    }

    /// A pulled page is committed without an fsync (pulled again if a power cut drops it: its
    /// cursor goes with it), and the replica is FULL again for the writes after it. A temporary
    /// trigger reads the mode inside the page's own transaction, when it moves the cursor.
    @Test func pulledPage_commitsWithoutFsync_thenTheReplicaIsFullAgain() throws {
        let store = try StoreFixture().store
        try store.database.execute(sql: """
            CREATE TEMP TABLE seen (synchronous INTEGER);
            CREATE TEMP TRIGGER seen_on_cursor AFTER UPDATE OF sync_cursor ON main.replica_meta
            BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;
            """)
        let change = Change(
            kind: .district, id: "d-1", field: "name", value: .text("Nord"), hlc: HLCTimestamp(wall: 1_000, logical: 0),
            replica: "r-other", counter: 1, clock: VectorClock(["r-other": 1]))

        try store.apply(pulled: [change], cursor: 1)

        #expect(try store.database.query(sql: "SELECT synchronous FROM seen").map { $0[0].integerValue } == [1], "NORMAL")
        #expect(try store.database.scalar(sql: "PRAGMA synchronous")?.integerValue == 2, "FULL again for every other write")
        #expect(try store.syncStatus().cursor == 1)
    }

    @Test func setAside_skippedByPending_keptByAcknowledge_listedWithReason() throws {
        let store = try StoreFixture().store
        _ = try store.create(kind: .district, fields: [("name", .text("A")), ("code", .text("1"))])
        try store.setAside(dot: Dot(replica: "r-aaaa", counter: 1), reason: "clock_ahead")
        #expect(try store.pendingChanges().map(\.counter) == [2])
        #expect(try store.pendingCount() == 1)
        try store.acknowledge(upToCounter: 2)
        let aside = try store.setAsideChanges()
        #expect(aside.map(\.change.counter) == [1])
        #expect(aside.first?.reason == "clock_ahead")
        #expect(aside.first?.change.field == "name")
        #expect(throws: ReplicaError.self) { try store.setAside(dot: Dot(replica: "r-aaaa", counter: 99), reason: "x") }
    }

    @Test func syncSettings_areRemembered() throws {
        let store = try StoreFixture().store
        try store.updateSyncSettings(server: "http://127.0.0.1:1", token: nil)
        try store.updateSyncSettings(server: nil, token: "t0k")
        try store.recordSync(at: 42_000)
        let state = try store.syncState
        #expect(state.server == "http://127.0.0.1:1")
        #expect(state.token == "t0k")
        #expect(state.lastSync == 42_000)
    }

    @Test func apply_insertsRemoteRecord_movesCursorAndHLC() throws {
        let store = try StoreFixture(now: 1_000).store
        let result = try store.apply(
            pulled: [Self.remote("name", .text("Far"), wall: 5_000, counter: 1),
                     Self.remote("population", .integer(7), wall: 5_001, counter: 2)],
            cursor: 17)
        #expect(result.applied == 2)
        #expect(try store.record(kind: .district, id: "d-1")?.text("name") == "Far")
        #expect(try store.record(kind: .district, id: "d-1")?.integer("population") == 7)
        let state = try store.syncState
        #expect(state.cursor == 17)
        #expect(state.hlc == HLCTimestamp(wall: 5_001, logical: 0))
        #expect(try store.pendingChanges().isEmpty)
        // A local write after the pull is stamped after what was seen, and its clock includes the remote dots.
        try store.write(kind: .district, id: "d-1", fields: [("name", .text("Near"))])
        let mine = try #require(try store.pendingChanges().first)
        #expect(mine.hlc > HLCTimestamp(wall: 5_001, logical: 0))
        #expect(mine.clock == VectorClock(["r-aaaa": 1, "r-zzzz": 2]))
    }

    @Test func apply_twice_isIdempotent() throws {
        let store = try StoreFixture().store
        let batch = [Self.remote("name", .text("Far"), wall: 5_000, counter: 1)]
        try store.apply(pulled: batch, cursor: 1)
        let again = try store.apply(pulled: batch, cursor: 1)
        #expect(again.duplicates == 1)
        #expect(again.applied == 0)
        #expect(try store.conflicts().isEmpty)
    }

    @Test func apply_concurrentDifferentValue_recordsConflict_ownEditLost() throws {
        let store = try StoreFixture(now: 1_000).store
        try store.write(kind: .district, id: "d-1", fields: [("name", .text("Mine"))])
        // The remote write did not see ours (its clock lacks r-aaaa) and has a later HLC: it wins.
        let result = try store.apply(pulled: [Self.remote("name", .text("Theirs"), wall: 9_000, counter: 1)], cursor: 3)
        #expect(result.applied == 1)
        #expect(result.conflicts == 1)
        #expect(result.ownEditsLost == 1)
        #expect(try store.record(kind: .district, id: "d-1")?.text("name") == "Theirs")
        let conflict = try #require(try store.conflicts().first)
        #expect(conflict.winner.value == .text("Theirs"))
        #expect(conflict.loser.value == .text("Mine"))
        #expect(conflict.loser.dot == Dot(replica: "r-aaaa", counter: 1))
        #expect(conflict.isOwnEditLost)
        #expect(try store.conflictCount() == 1)
        // Our losing change is still pushed, so the server sees both sides.
        #expect(try store.pendingChanges().map(\.value) == [.text("Mine")])
    }

    @Test func apply_olderConcurrentWrite_keepsOurs_recordsConflictNotOwnLoss() throws {
        let store = try StoreFixture(now: 9_000).store
        try store.write(kind: .district, id: "d-1", fields: [("name", .text("Mine"))])
        let result = try store.apply(pulled: [Self.remote("name", .text("Theirs"), wall: 1_000, counter: 1)], cursor: 1)
        #expect(result.kept == 1)
        #expect(result.conflicts == 1)
        #expect(result.ownEditsLost == 0)
        #expect(try store.record(kind: .district, id: "d-1")?.text("name") == "Mine")
        #expect(try store.conflicts().first?.isOwnEditLost == false)
    }

    @Test func apply_editThatSawOurs_isNotAConflict() throws {
        let store = try StoreFixture(now: 1_000).store
        try store.write(kind: .collection, id: "c-1", fields: [("outcome", .text("pending"))])
        let triage = Self.remote(
            "outcome", .text("repaired"), id: "c-1", kind: .collection, wall: 2_000, counter: 5,
            clock: ["r-aaaa": 1, "r-zzzz": 5])
        let result = try store.apply(pulled: [triage], cursor: 2)
        #expect(result.applied == 1)
        #expect(result.conflicts == 0)
        #expect(try store.conflicts().isEmpty)
        #expect(try store.record(kind: .collection, id: "c-1")?.text("outcome") == "repaired")
    }

    @Test func apply_sameFinalState_whateverTheOrder() throws {
        let changes = [
            Self.remote("name", .text("A"), wall: 3_000, replica: "r-b", counter: 1),
            Self.remote("name", .text("B"), wall: 3_000, replica: "r-c", counter: 1),
            Self.remote("name", .text("C"), wall: 2_000, replica: "r-d", counter: 1),
            Self.remote("code", .text("X"), wall: 1_000, replica: "r-d", counter: 2),
        ]
        var states: Set<[String: FieldValue]> = []
        for order in [changes, changes.reversed(), [changes[2], changes[0], changes[3], changes[1]]] {
            let store = try StoreFixture().store
            for change in order { try store.apply(pulled: [change], cursor: 1) }
            states.insert(try #require(try store.record(kind: .district, id: "d-1")).fields)
        }
        #expect(states.count == 1)
        #expect(states.first?["name"] == .text("B"))
    }

    @Test func apply_decimalSentAsInteger_isStoredAsDecimal() throws {
        let store = try StoreFixture().store
        try store.apply(
            pulled: [Self.remote("weight_kg", .integer(12), id: "c-1", kind: .collection, wall: 5, counter: 1)], cursor: 1)
        #expect(try store.record(kind: .collection, id: "c-1")?["weight_kg"] == .decimal(12))
    }

    @Test func rotateReplicaID_restampsPendingChanges_keepsValuesAndOrder() throws {
        let store = try StoreFixture().store
        let id = try store.create(kind: .district, fields: [("name", .text("A")), ("code", .text("1"))])
        try store.acknowledge(upToCounter: 1)
        try store.write(kind: .district, id: id, fields: [("habitat", .text("rural"))])
        try store.setAside(dot: Dot(replica: "r-aaaa", counter: 3), reason: "invalid_change")
        let before = try store.pendingChanges() + store.setAsideChanges().map(\.change)
        #expect(before.map(\.counter) == [2, 3])

        #expect(try store.rotateReplicaID(newID: "r-new") == 2)

        #expect(store.replicaID == "r-new")
        let state = try store.syncState
        #expect(state.replicaID == "r-new")
        #expect(state.counter == 2)
        let pending = try store.pendingChanges()
        #expect(pending.map(\.dot) == [Dot(replica: "r-new", counter: 1)])
        #expect(pending.first?.value == .text("1"))
        #expect(pending.first?.hlc == before[0].hlc)
        #expect(try pending.first?.validated() != nil)
        #expect(try store.setAsideChanges().map(\.change.dot) == [Dot(replica: "r-new", counter: 2)])
        let versions = try store.fieldVersions(kind: .district, id: id)
        #expect(versions["name"]?.dot == Dot(replica: "r-aaaa", counter: 1))
        #expect(versions["code"]?.dot == Dot(replica: "r-new", counter: 1))
        #expect(versions["habitat"]?.dot == Dot(replica: "r-new", counter: 2))
        #expect(try store.recordClock(kind: .district, id: id)["r-new"] == 2)
        // New writes continue under the new id.
        try store.write(kind: .district, id: id, fields: [("commune", .text("N"))])
        #expect(try store.pendingChanges().last?.dot == Dot(replica: "r-new", counter: 3))
        #expect(throws: ReplicaError.self) { try store.rotateReplicaID(newID: "bad id") }
    }
}
