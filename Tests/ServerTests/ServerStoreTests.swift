import Foundation
import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// The store on its own: merge through the writer, dedup by dot, the feed's positions; on the
/// engine ``StoreEngine/current`` says.
@Suite struct ServerStoreTests {
    let folder = TemporaryFolder("store")
    let db: String

    init() throws { db = try StoreEngine.current.database(in: folder) }

    func openStore() throws -> any ServerStoring { try StoreEngine.open(db) }

    func push(_ store: any ServerStoring, _ changes: [Change], by token: String = "tablet") async throws -> PushOutcome {
        try await store.push(ValidatedPush(replica: changes.first?.replica ?? "r", changes: changes, pushedBy: token))
    }

    @Test func push_storesEveryChange_andFeedServesThemInOrder() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        let changes = a.districts(5)
        let outcome = try await push(store, changes)
        #expect(outcome == PushOutcome(accepted: 5, duplicates: 0, conflicts: 0, cursor: 5))
        let page = try await store.feed(since: 0, limit: 100, excluding: nil)
        #expect(page.changes.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(page.changes.map(\.id) == changes.map(\.id))
        #expect(page.changes[0].clock == changes[0].clock)
        #expect(page.cursor == 5)
        #expect(page.more == false)
        await store.close()
    }

    @Test func push_sameBatchTwice_countsDuplicatesAndChangesNothing() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        let changes = a.districts(4)
        _ = try await push(store, changes)
        let again = try await push(store, changes)
        #expect(again.accepted == 0)
        #expect(again.duplicates == 4)
        #expect(again.cursor == 4)
        let page = try await store.feed(since: 0, limit: 100, excluding: nil)
        #expect(page.changes.count == 4)
        #expect(try await store.highWater(replica: "r-a") == 4)
        await store.close()
    }

    @Test func push_winnerMovesToNewSeq_loserLeavesFeedUnchanged() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        let first = a.write(.district, "d-1", "name", .text("Old"))
        _ = try await push(store, [first])
        let second = a.write(.district, "d-1", "name", .text("New"))
        let outcome = try await push(store, [second])
        #expect(outcome.accepted == 1)
        #expect(outcome.cursor == 2)
        var page = try await store.feed(since: 0, limit: 10, excluding: nil)
        #expect(page.changes.count == 1, "a field has exactly one current seq")
        #expect(page.changes[0].value == .text("New"))
        #expect(page.changes[0].seq == 2)
        // An older, causally superseded write from another replica loses: the feed does not move.
        var b = ChangeMaker(replica: "r-b", startingAt: 1_000)
        let stale = b.write(.district, "d-1", "name", .text("Stale"))
        let lost = try await push(store, [stale])
        #expect(lost.accepted == 1)
        #expect(lost.cursor == 2)
        page = try await store.feed(since: 2, limit: 10, excluding: nil)
        #expect(page.changes.isEmpty)
        #expect(try await store.record(kind: .district, id: "d-1")?.fields["name"] == .text("New"))
        await store.close()
    }

    @Test func push_concurrentDifferentValues_goToTheMergeLog() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_130_500)
        _ = try await push(store, [a.write(.collection, "c-1", "outcome", .text("reused"))], by: "alice")
        let outcome = try await push(store, [b.write(.collection, "c-1", "outcome", .text("repaired"))], by: "bob")
        #expect(outcome.conflicts == 1)
        let (entries, more) = try await store.merges(MergeQuery())
        #expect(more == false)
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(entry.field == "outcome")
        #expect(entry.winner.value == .text("repaired"))
        #expect(entry.winner.replica == "r-b")
        #expect(entry.loser.value == .text("reused"))
        #expect(entry.pushedBy == "bob")
        #expect(entry.isAnomaly == false)
        let filtered = try await store.merges(MergeQuery(pushedBy: "alice"))
        #expect(filtered.entries.isEmpty)
        await store.close()
    }

    @Test func push_causalEdit_isNotLogged() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b")
        let original = a.write(.collection, "c-1", "outcome", .text("pending"))
        _ = try await push(store, [original])
        b.receive(original)
        let edit = b.write(.collection, "c-1", "outcome", .text("reused"))
        let outcome = try await push(store, [edit])
        #expect(outcome.conflicts == 0)
        #expect(try await store.merges(MergeQuery()).entries.isEmpty)
        await store.close()
    }

    @Test func push_concurrentSameValue_isNotAConflict() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b")
        _ = try await push(store, [a.write(.district, "d-1", "habitat", .text("rural"))])
        let outcome = try await push(store, [b.write(.district, "d-1", "habitat", .text("rural"))])
        #expect(outcome.conflicts == 0)
        #expect(outcome.accepted == 1)
        await store.close()
    }

    @Test func push_causalSuccessorWithSmallerHLC_isLoggedAsAnomaly() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a", startingAt: 2_000_000_000_000)
        let first = a.write(.district, "d-1", "name", .text("First"))
        _ = try await push(store, [first])
        // r-b saw r-a's write (its clock holds it) yet stamps an earlier HLC: clocks and HLC disagree.
        var clock = first.clock
        clock.include(Dot(replica: "r-b", counter: 1))
        let successor = Change(
            kind: .district, id: "d-1", field: "name", value: .text("Second"),
            hlc: HLCTimestamp(wall: 1_000, logical: 0), replica: "r-b", counter: 1, clock: clock)
        let outcome = try await push(store, [successor])
        #expect(outcome.conflicts == 1)
        let entry = try #require(try await store.merges(MergeQuery()).entries.first)
        #expect(entry.isAnomaly)
        #expect(entry.winner.value == .text("First"), "the HLC order still decides")
        await store.close()
    }

    @Test func feed_pagesWithLimitAndCursor() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        _ = try await push(store, a.districts(25))
        var cursor: Int64 = 0
        var seen: [Int64] = []
        var pages = 0
        while true {
            let page = try await store.feed(since: cursor, limit: 10, excluding: nil)
            seen += page.changes.compactMap(\.seq)
            cursor = page.cursor
            pages += 1
            if !page.more { break }
        }
        #expect(pages == 3)
        #expect(seen == Array(1...25))
        await store.close()
    }

    @Test func feed_excludingReplica_stillAdvancesCursor() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b")
        _ = try await push(store, a.districts(3))
        _ = try await push(store, b.districts(2))
        let others = try await store.feed(since: 0, limit: 3, excluding: "r-a")
        #expect(others.changes.map(\.replica) == ["r-b", "r-b"], "the limit counts rows returned, not rows skipped")
        #expect(others.cursor == 5)
        #expect(!others.more)
        // A replica that is up to date except for its own rows gets nothing, and a cursor past them.
        let own = try await store.feed(since: 3, limit: 10, excluding: "r-b")
        #expect(own.changes.isEmpty)
        #expect(own.cursor == 5, "the rows skipped still move the cursor")
        #expect(!own.more)
        await store.close()
    }

    @Test func push_sixteenConcurrentPushes_allLandWithUniqueSeqs() async throws {
        let store = try openStore()
        try await withThrowingTaskGroup(of: PushOutcome.self) { group in
            for i in 0..<16 {
                group.addTask {
                    var maker = ChangeMaker(replica: "r-\(i)")
                    return try await store.push(ValidatedPush(replica: "r-\(i)", changes: maker.districts(50), pushedBy: "t"))
                }
            }
            var accepted = 0
            for try await outcome in group { accepted += outcome.accepted }
            #expect(accepted == 800)
        }
        let page = try await store.feed(since: 0, limit: 10_000, excluding: nil)
        #expect(page.changes.count == 800)
        #expect(Set(page.changes.compactMap(\.seq)).count == 800)
        #expect(page.changes.compactMap(\.seq) == Array(1...800))
        await store.close()
    }

    @Test func store_reopened_keepsFeedAndHighWater() async throws {
        var a = ChangeMaker(replica: "r-a")
        do {
            let store = try openStore()
            _ = try await push(store, a.districts(3))
            await store.close()
        }
        let store = try openStore()
        #expect(try await store.highWater(replica: "r-a") == 3)
        let outcome = try await push(store, a.districts(1, prefix: "e"))
        #expect(outcome.cursor == 4)
        await store.close()
    }

    @Test func record_readsEveryWinningField() async throws {
        let store = try openStore()
        var a = ChangeMaker(replica: "r-a")
        _ = try await push(store, [
            a.write(.collection, "c-1", "weight_kg", .decimal(12.5)),
            a.write(.collection, "c-1", "items", .integer(3)),
            a.write(.collection, "c-1", "deleted", .bool(true)),
            a.write(.collection, "c-1", "notes", .null),
        ])
        let record = try #require(try await store.record(kind: .collection, id: "c-1"))
        #expect(record.fields["weight_kg"] == .decimal(12.5))
        #expect(record.fields["items"] == .integer(3))
        #expect(record.fields["notes"] == .null)
        #expect(record.isDeleted)
        #expect(try await store.record(kind: .collection, id: "c-2") == nil)
        await store.close()
    }

    @Test func sessions_areWrittenAfterFlush() async throws {
        let store = try openStore()
        store.recordSession(SessionEntry(at: "2026-01-01T00:00:00Z", token: "t", replica: "r", route: "pull", pulled: 3, status: 200, durationMilliseconds: 1.5))
        await store.flush()
        let (entries, _) = try await store.sessions(since: 0, limit: 10)
        #expect(entries.count == 1)
        #expect(entries[0].pulled == 3)
        #expect(entries[0].replica == "r")
        await store.close()
    }

    @Test(.disabled(if: TestStore.isPostgres, "a SQLite file of another program; PostgresStoreTests has the database's"))
    func open_refusesAFileOfAnotherProgram() throws {
        let path = folder.file("other.sqlite")
        let db = try Database(path: path)
        try db.execute(sql: "CREATE TABLE unrelated(x)")
        #expect(throws: MigrationError.self) { _ = try ServerStore.open(path: path) }
    }
}

extension ServerStoring {
    /// A page of the whole feed, as a replica that holds every scope asks it.
    fileprivate func feed(since: Int64, limit: Int, excluding replica: ReplicaID?) async throws -> FeedPage {
        try await feed(since: since, limit: limit, excluding: replica, schema: .all, scope: nil, keys: nil)
    }

    /// A record whatever its scope.
    fileprivate func record(kind: RecordKind, id: RecordID) async throws -> Record? {
        try await record(kind: kind, id: id, scope: nil)
    }
}
