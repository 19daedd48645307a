import Foundation
import GisementCommandLine
import GisementSQLite
import GisementShared
import Testing

@testable import GisementClient

/// A replica file that holds what cannot be read back is reported as damaged (``ReplicaError``
/// `.damaged`, naming the file and what could not be read), never read as a default: each test
/// damages one row with SQL the way a broken disk or a hand edit would, then reads it.
@Suite struct DamagedReplicaTests {
    /// A replica holding one district written there (an outbox row, field versions, a record
    /// clock), damaged by `sql`, then opened afresh (nothing of it cached).
    static func damaged(_ sql: String, in fixture: StoreFixture) throws -> ReplicaStore {
        try fixture.store.write(kind: .district, id: "d-1", fields: [("name", .text("Bellevue"))])
        try fixture.store.database.execute(sql: sql)
        return try ReplicaStore(path: fixture.store.path)
    }

    /// The damage `body` throws: `.damaged`, naming the file, with the catalogue message `id`.
    static func expectDamaged(
        _ id: String, in store: ReplicaStore, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("no error: the damage was read as a default", sourceLocation: sourceLocation)
        } catch let error as ReplicaError {
            #expect(error.code == .damaged, "\(error)", sourceLocation: sourceLocation)
            #expect(error.path == store.path, sourceLocation: sourceLocation)
            #expect(error.detail?.id == id, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func unknownKindCode_isDamage_notACollection() throws {
        let fixture = try StoreFixture(now: 9_000)
        let store = try Self.damaged("UPDATE records SET kind = 9", in: fixture)
        // Was read as a collection change and pushed as one.
        Self.expectDamaged("replica.damage.kindCode", in: store) { _ = try store.pendingChanges() }
        // Was left out of verify's digests, as if the replica did not hold the record.
        let bucket = try #require(try store.database.scalar(sql: "SELECT bucket FROM records")?.integerValue)
        Self.expectDamaged("replica.damage.kindCode", in: store) { _ = try store.recordDigests(buckets: [Int(bucket)]) }
        // Were skipped: the record's changes not stamped again, the digest not counted.
        Self.expectDamaged("replica.damage.kindCode", in: store) { _ = try store.restampFutureChanges(now: 0, margin: 0) }
        Self.expectDamaged("replica.damage.kindCode", in: store) { try ReplicaDigestBackfill.run(store.database) }
        Self.expectDamaged("replica.damage.kindCode", in: store) { try store.rotateReplicaID(newID: "r-bbbb") }
    }

    @Test func replicaNumberMissing_isDamage_notAQuestionMark() throws {
        let fixture = try StoreFixture(now: 9_000)
        let store = try Self.damaged("DELETE FROM replicas", in: fixture)
        // Was read as the replica "?1".
        Self.expectDamaged("replica.damage.replicaNumber", in: store) {
            _ = try store.fieldVersions(kind: .district, id: "d-1")
        }
        Self.expectDamaged("replica.damage.replicaNumber", in: store) { _ = try store.versions(of: [RecordKey(kind: .district, id: "d-1")]) }
    }

    @Test func unreadableClock_isDamage_notAShorterClock() throws {
        let fixture = try StoreFixture(now: 9_000)
        let store = try Self.damaged("UPDATE records SET clock = '1=4,garbage'", in: fixture)
        // Was read as `1=4`, the unreadable part skipped.
        Self.expectDamaged("replica.damage.clock", in: store) { _ = try store.recordClock(kind: .district, id: "d-1") }
        Self.expectDamaged("replica.damage.clock", in: store) { _ = try store.recordClocks(.district) }
    }

    @Test func outboxRowWithoutItsRecord_isDamage_notSkipped() throws {
        let fixture = try StoreFixture(now: 9_000)
        let store = try Self.damaged("DELETE FROM records", in: fixture)
        // The join left the change out: it was never pushed, and nothing said so.
        Self.expectDamaged("replica.damage.missingRecord", in: store) { _ = try store.pendingChanges() }
    }

    @Test func undecodableOutboxRow_isDamage_namingTheFile() throws {
        let fixture = try StoreFixture(now: 9_000)
        let store = try Self.damaged("UPDATE outbox SET changes = x'0105'", in: fixture)
        Self.expectDamaged("replica.damage.outbox", in: store) { _ = try store.pendingChanges() }
    }

    @Test(arguments: [
        ("kind", "'planet'"), ("winner_hlc", "'not a stamp'"), ("loser_replica", "x'00'"), ("at_ms", "'soon'"),
    ])
    func unreadableConflict_isDamage_notSkippedNorZero(column: String, value: String) throws {
        let fixture = try StoreFixture(now: 1_000)
        let store = fixture.store
        try store.write(kind: .district, id: "d-1", fields: [("name", .text("Mine"))])
        try store.apply(
            pulled: [
                Change(
                    kind: .district, id: "d-1", field: "name", value: .text("Theirs"),
                    hlc: HLCTimestamp(wall: 9_000, logical: 0), replica: "r-zzzz", counter: 1,
                    clock: VectorClock(["r-zzzz": 1]))
            ], cursor: 1)
        #expect(try store.conflicts().count == 1)
        // A value SQLite keeps as it is in a column of another affinity (a text in an integer
        // column, a blob in a text column), as a damaged page or a hand edit may leave.
        try store.database.execute(sql: "UPDATE conflicts SET \(column) = \(value)")
        let reopened = try ReplicaStore(path: store.path)
        // Was skipped (an unknown kind), or read with an empty replica or a zero stamp.
        Self.expectDamaged("storage.damage.value", in: reopened) { _ = try reopened.conflicts() }
    }

    /// SQLite reads a text in an integer column as 0: the next write took counter 1 again, a dot
    /// the server may already hold.
    @Test func unreadableWriteCounter_isDamage_notZero() throws {
        let fixture = try StoreFixture(now: 9_000)
        let store = try Self.damaged("UPDATE replica_meta SET counter = 'many'", in: fixture)
        Self.expectDamaged("storage.damage.value", in: store) {
            try store.write(kind: .district, id: "d-2", fields: [("name", .text("Nord"))])
        }
        Self.expectDamaged("storage.damage.value", in: store) { _ = try store.syncState }
    }

    /// Was read as schema 1 and cursor 0: the next sync started a catch-up pull of the whole feed.
    @Test func unreadableSchemaProgress_isDamage_notTheDefaults() throws {
        let fixture = try StoreFixture(now: 9_000)
        let schema = try Self.damaged("UPDATE replica_meta SET pulled_schema = 'new'", in: fixture)
        Self.expectDamaged("storage.damage.value", in: schema) { _ = try schema.schemaProgress() }
        let cursor = try Self.damaged("UPDATE replica_meta SET pulled_schema = 2, catch_up_cursor = 'far'", in: fixture)
        Self.expectDamaged("storage.damage.value", in: cursor) { _ = try cursor.schemaProgress() }
    }

    @Test func damage_isSaidWithTheFile_andExit65_inEnglishAndFrench() {
        let error = ReplicaDamage.kindCode(9, path: "/data/replica.sqlite")
        let said = CLIError.from(error)
        #expect(said.status == .dataError)
        #expect(
            said.message
                == "The replica (/data/replica.sqlite) is damaged: a record has kind code 9, which is no kind; restore it from a backup.")
        #expect(error.message == "a record has kind code 9, which is no kind")
        let french = error.detail?.text(in: .fr)
        #expect(french == "un enregistrement a le code de type 9, qui n'est aucun type")
    }
}
