import Foundation
import GisementPostgres
@testable import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// A server store that holds what it never writes is reported as damaged (``StoreDamage``, naming
/// the table, the column and the row), never read as a default: each test damages a row with raw
/// SQL, the way a broken disk or a hand edit would, in a store closed and opened afresh, then reads
/// it. On both engines.
@Suite(.enginesChosenByTheSuite) struct DamagedStoreTests {
    let folder = TemporaryFolder("damaged-store")

    /// A store on `engine` holding two concurrent writes of one field (a merge-log row), damaged by
    /// `sql` and opened afresh.
    func damaged(_ sql: String, on engine: StoreEngine) async throws -> any ServerStoring {
        let database = try engine.database(in: folder)
        let store = try StoreEngine.open(database)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_130_500)
        _ = try await store.push(ValidatedPush(replica: "r-a", changes: [a.write(.district, "d-1", "name", .text("Nord"))], pushedBy: "alice"))
        _ = try await store.push(ValidatedPush(replica: "r-b", changes: [b.write(.district, "d-1", "name", .text("Sud"))], pushedBy: "bob"))
        await store.close()
        try Self.plant(sql, in: database)
        return try StoreEngine.open(database)
    }

    /// Runs `sql` on the store `database` names, behind the store's back.
    static func plant(_ sql: String, in database: String) throws {
        if let url = PostgresURL(database) {
            try PostgresConnection(url).executeScript(sql)
        } else {
            try Database(path: database).execute(sql: sql)
        }
    }

    /// The whole feed, or with `scope` what it holds.
    static func feed(_ store: any ServerStoring, scope: TokenScope? = nil) async throws -> FeedPage {
        try await store.feed(since: 0, limit: 100, excluding: nil, schema: .all, scope: scope, keys: nil)
    }

    /// The damage `body` throws names `column` of `table` (or, with no column, a missing row of it).
    static func expectDamage(
        table: String, column: String?, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("no error: the damage was read as a default", sourceLocation: sourceLocation)
        } catch let damage as StoreDamage {
            #expect(damage.what.arguments["table"] == table, "\(damage)", sourceLocation: sourceLocation)
            if let column {
                #expect(damage.what.id == "storage.damage.value", "\(damage)", sourceLocation: sourceLocation)
                #expect(damage.what.arguments["column"] == column, "\(damage)", sourceLocation: sourceLocation)
            } else {
                #expect(damage.what.id == "storage.damage.missingRow", "\(damage)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    /// Was read as the stamp 0:0.
    @Test(arguments: StoreEngine.allCases) func garbageMergeStamp_isDamage_notZero(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE merges SET winner_hlc = 'garbage'", on: engine)
        await Self.expectDamage(table: "merges", column: "winner_hlc") { _ = try await store.merges(MergeQuery()) }
        await store.close()
    }

    /// The merge row was skipped.
    @Test(arguments: StoreEngine.allCases) func unknownMergeKind_isDamage_notSkipped(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE merges SET kind = 'widget'", on: engine)
        await Self.expectDamage(table: "merges", column: "kind") { _ = try await store.merges(MergeQuery()) }
        await store.close()
    }

    /// The feed row was skipped: a client never received that field.
    @Test(arguments: StoreEngine.allCases) func unknownFeedKind_isDamage_notSkipped(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE field_versions SET kind = 'widget'", on: engine)
        await Self.expectDamage(table: "field_versions", column: "kind") {
            _ = try await Self.feed(store)
        }
        let scope = TokenScope(token: "scoped", keys: [ScopeKey.district("d-1")])
        await Self.expectDamage(table: "field_versions", column: "kind") { _ = try await Self.feed(store, scope: scope) }
        await store.close()
    }

    /// Was served as a null: clients cleared the field.
    @Test(arguments: StoreEngine.allCases) func unknownValueType_isDamage_notNull(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE field_versions SET value_type = 9", on: engine)
        await Self.expectDamage(table: "field_versions", column: "value_type") {
            _ = try await Self.feed(store)
        }
        await Self.expectDamage(table: "field_versions", column: "value_type") {
            _ = try await store.record(kind: .district, id: "d-1", scope: nil)
        }
        await store.close()
    }

    /// Was read as the integer 0.
    @Test(arguments: StoreEngine.allCases) func integerThatIsNoNumber_isDamage_notZero(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE field_versions SET value_type = 2, value = 'many'", on: engine)
        await Self.expectDamage(table: "field_versions", column: "value") {
            _ = try await store.record(kind: .district, id: "d-1", scope: nil)
        }
        await Self.expectDamage(table: "field_versions", column: "value") {
            _ = try await store.versions(of: [RecordKey(kind: .district, id: "d-1")], scope: nil)
        }
        await store.close()
    }

    /// Its unreadable entries were dropped: the feed served a clock that forgot a replica.
    @Test(arguments: StoreEngine.allCases) func garbageClock_isDamage_notTrimmed(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE field_versions SET clock = 'r-a=1,garbage'", on: engine)
        await Self.expectDamage(table: "field_versions", column: "clock") {
            _ = try await Self.feed(store)
        }
        await Self.expectDamage(table: "field_versions", column: "clock") {
            _ = try await store.versions(of: [RecordKey(kind: .district, id: "d-1")], scope: nil)
        }
        await store.close()
    }

    /// A push to the record merged against the clock with the garbage entry dropped.
    @Test(arguments: StoreEngine.allCases) func garbageRecordClock_failsThePush(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE record_clocks SET clock = 'r-a=1,r-b'", on: engine)
        var c = ChangeMaker(replica: "r-c", startingAt: 1_763_720_140_000)
        let change = c.write(.district, "d-1", "name", .text("Est"))
        await Self.expectDamage(table: "record_clocks", column: "clock") {
            _ = try await store.push(ValidatedPush(replica: "r-c", changes: [change], pushedBy: "carol"))
        }
        await store.close()
    }

    /// Verify skipped the record: its digest never counted.
    @Test(arguments: StoreEngine.allCases) func unknownRecordKind_isDamage_inVerify(engine: StoreEngine) async throws {
        let store = try await damaged("UPDATE record_clocks SET kind = 'widget'", on: engine)
        let buckets = Array(0..<VersionDigest.bucketCount)
        await Self.expectDamage(table: "record_clocks", column: "kind") {
            _ = try await store.recordDigests(buckets: buckets, scope: nil)
        }
        let scope = TokenScope(token: "scoped", keys: [ScopeKey.district("d-1")])
        await Self.expectDamage(table: "record_clocks", column: "kind") {
            _ = try await store.recordDigests(buckets: buckets, scope: scope)
        }
        await store.close()
    }

    /// Was the empty identity: a client compared it with the one it knew and took the store for another.
    @Test(arguments: StoreEngine.allCases) func missingStoreID_isDamage_notEmpty(engine: StoreEngine) async throws {
        let store = try await damaged("DELETE FROM store_meta WHERE key = 'store_id'", on: engine)
        await Self.expectDamage(table: "store_meta", column: nil) { _ = try await store.status(replica: "r-a", lineage: []) }
        await Self.expectDamage(table: "store_meta", column: nil) { _ = try await store.bucketDigests(scope: nil) }
        await store.close()
    }

    /// Was listed as an agent's token.
    @Test(arguments: StoreEngine.allCases) func unknownTokenRole_isDamage_notAnAgent(engine: StoreEngine) async throws {
        let database = try engine.database(in: folder)
        let store = try StoreEngine.open(database)
        _ = try await StoreEngine.addToken(store, name: "boss", role: .admin)
        await store.close()
        // Past the CHECK on the column, as a hand edit can go.
        let unchecked = engine == .sqlite
            ? "PRAGMA ignore_check_constraints = ON; UPDATE tokens SET role = 'emperor'"
            : "ALTER TABLE tokens DROP CONSTRAINT tokens_role_check; UPDATE tokens SET role = 'emperor'"
        try Self.plant(unchecked, in: database)
        let reopened = try StoreEngine.open(database)
        await Self.expectDamage(table: "tokens", column: "role") {
            _ = try await StoreEngine.withTokens(reopened) { try $0.list() }
        }
        await reopened.close()
    }

    /// A read that stopped at a damaged row leaves its connection as it found it: the next read on
    /// that connection (a reader's next request) gets the rows it asks for, not the rest of the
    /// stopped read (a statement left running refuses new bindings and goes on with its old query).
    @Test func aReadStoppedByDamage_leavesTheConnectionReadingWhatItIsAskedNext() async throws {
        let database = try StoreEngine.sqlite.database(in: folder)
        let store = try StoreEngine.open(database)
        var maker = ChangeMaker(replica: "r-a")
        var ids = ["d-0"]
        while VersionDigest.bucket(RecordKey(kind: .district, id: ids.last!)) == VersionDigest.bucket(RecordKey(kind: .district, id: "d-0")) {
            ids.append("d-\(ids.count)")
        }
        let damagedID = ids.first!, soundID = ids.last!
        for id in [damagedID, soundID] {
            _ = try await store.push(ValidatedPush(replica: "r-a", changes: [maker.write(.district, id, "name", .text(id))], pushedBy: "alice"))
        }
        await store.close()
        try Self.plant("UPDATE record_clocks SET kind = 'widget' WHERE id = '\(damagedID)'", in: database)
        let db = try Database(path: database)
        let damagedBucket = VersionDigest.bucket(RecordKey(kind: .district, id: damagedID))
        let soundBucket = VersionDigest.bucket(RecordKey(kind: .district, id: soundID))

        #expect(throws: StoreDamage.self) { try DigestReader.records(db, buckets: [damagedBucket]) }
        let next = try DigestReader.records(db, buckets: [soundBucket])

        #expect(next.map(\.record) == [RecordKey(kind: .district, id: soundID)])
    }

    /// A push refused for a damaged record clock leaves the writer as it found it: the next push,
    /// to a sound record, merges against what is stored (it was refused too, or took the record for
    /// a new one, when the writer's record lookup was left running).
    @Test func aPushStoppedByDamage_leavesTheWriterMergingTheNextOneRight() async throws {
        let database = try StoreEngine.sqlite.database(in: folder)
        let first = try StoreEngine.open(database)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_130_500)
        _ = try await first.push(ValidatedPush(replica: "r-a", changes: [a.write(.district, "d-1", "name", .text("Nord")), a.write(.district, "d-2", "name", .text("Est"))], pushedBy: "alice"))
        await first.close()
        try Self.plant("UPDATE record_clocks SET clock = 'garbage' WHERE id = 'd-1'", in: database)
        let store = try StoreEngine.open(database)

        await Self.expectDamage(table: "record_clocks", column: "clock") {
            _ = try await store.push(ValidatedPush(replica: "r-b", changes: [b.write(.district, "d-1", "name", .text("Sud"))], pushedBy: "bob"))
        }
        let outcome = try await store.push(
            ValidatedPush(replica: "r-b", changes: [b.write(.district, "d-2", "name", .text("Ouest"))], pushedBy: "bob"))

        #expect(outcome.accepted == 1)
        #expect(outcome.conflicts == 1, "r-b had not seen r-a's write of d-2: a conflict against what is stored")
        await store.close()
    }

    /// Migration 002's backfill skipped the row: its dot and digest were never stored.
    @Test func unknownKind_inAVersion1Store_failsTheBackfill() throws {
        let path = folder.file("old.sqlite")
        do {
            let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate))
            var version1 = Migrator(applicationID: ServerSchema.applicationID)
            version1.register("001-server-tables") { db in try db.execute(sql: ServerSchema.createTables) }
            try version1.migrate(db)
            try db.execute(sql: """
                INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical, replica, counter, clock)
                VALUES (1, 'widget', 'w-1', 'name', 4, 'x', 1763720130000, 0, 'r-old', 1, 'r-old=1')
                """)
        }
        #expect(throws: StoreDamage.value(table: "field_versions", column: "kind", row: "'w-1'")) {
            _ = try ServerStore.open(path: path)
        }
    }

    @Test func damage_isSaidWithTheFile_andExit65_inEnglishAndFrench() {
        let damage = StoreDamage.value(table: "merges", column: "winner_hlc", row: "1")
        let said = ServerDatabase.describe(damage, path: "/srv/server.sqlite")
        #expect(said.status == .dataError)
        #expect(
            said.message
                == "The server database (/srv/server.sqlite) is damaged: column winner_hlc of merges row 1 holds no readable value; restore it from a backup.")
        let french = Language.$current.withValue(.fr) { ServerDatabase.describe(damage, path: "/srv/server.sqlite") }
        #expect(french.message.hasPrefix("La base du serveur (/srv/server.sqlite) est endommagée : la colonne winner_hlc"))
        let postgres = ServerDatabase.describe(damage, path: "postgres://gisement:secret@127.0.0.1/gisement")
        #expect(!postgres.message.contains("secret"))
    }
}

/// The built binary on a damaged store file: a command exits 65 with one line naming the file, and
/// `serve` answers 500 to a request that reads the damage, logging the table and column.
@Suite(.disabled(if: TestStore.isPostgres, "damaged SQLite store files; the PostgreSQL damage is in DamagedStoreTests")) struct DamagedStoreBinaryTests {
    let folder = TemporaryFolder("damaged-binary")

    /// A store file with one merge-log row and an admin token; returns the token.
    func storeWithAMerge(_ db: String) async throws -> String {
        let admin = try await ServerBinary.run(["token", "add", "boss", "--role", "admin", "--db", db])
        let token = admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("first.log"))
        let client = APIClient(baseURL: server.baseURL, token: token)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_140_000)
        _ = try await client.push([a.write(.partner, "p-1", "contact", .text("Ana"))], replica: "r-a")
        _ = try await client.push([b.write(.partner, "p-1", "contact", .text("Bo"))], replica: "r-b")
        #expect(await server.stop(signal: SIGTERM) == 0)
        return token
    }

    @Test func mergesCommand_onAGarbageStamp_exits65_namingTheFile() async throws {
        let db = folder.file("server.sqlite")
        _ = try await storeWithAMerge(db)
        try DamagedStoreTests.plant("UPDATE merges SET loser_hlc = 'garbage'", in: db)
        let merges = try await ServerBinary.run(["merges", "--db", db])
        #expect(merges.status == 65, "\(merges.stdout)")
        #expect(
            merges.stderr
                == "Error: The server database (\(db)) is damaged: column loser_hlc of merges row 1 holds no readable value; restore it from a backup.\n")
        #expect(merges.stdout.isEmpty)
    }

    @Test func tokenList_onAnUnknownRole_exits65() async throws {
        let db = folder.file("server.sqlite")
        _ = try await ServerBinary.run(["token", "add", "boss", "--role", "admin", "--db", db])
        try DamagedStoreTests.plant("PRAGMA ignore_check_constraints = ON; UPDATE tokens SET role = 'emperor'", in: db)
        let list = try await ServerBinary.run(["token", "list", "--db", db])
        #expect(list.status == 65, "\(list.stdout)")
        #expect(list.stderr.contains("column role of tokens row 'boss' holds no readable value"), "\(list.stderr)")
    }

    @Test func serve_answers500_andLogsTheDamagedColumn() async throws {
        let db = folder.file("server.sqlite")
        let token = try await storeWithAMerge(db)
        try DamagedStoreTests.plant("UPDATE merges SET winner_value_type = 7", in: db)
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("second.log"))
        let reply = try await APIClient(baseURL: server.baseURL, token: token).get("/v1/merges")
        #expect(reply.status == 500)
        #expect(!reply.text.contains("winner_value_type"), "the details stay in the server's log")
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(server.stderr.contains("column winner_value_type of merges row 1 holds no readable value"), "\(server.stderr)")
    }
}
