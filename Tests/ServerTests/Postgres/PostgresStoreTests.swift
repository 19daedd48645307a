import Foundation
import GisementPostgres
import GisementShared
import Testing
import TestSupport
@testable import GisementServer

/// What only the PostgreSQL store has: a database it refuses, several stores (servers) on one
/// database, and a database that goes away and comes back.
@Suite(.enginesChosenByTheSuite) struct PostgresStoreTests {
    static func freshURL() throws -> PostgresURL { PostgresURL(try PostgresCluster.shared().freshDatabase())! }

    /// The array literals a push's rows travel in come back from PostgreSQL exactly as written:
    /// quotes, backslashes, braces, commas, NULL and the text "NULL", empty text, accents.
    @Test func arrayLiterals_roundTripEveryValue() throws {
        let values: [String?] = [#"a"b\c"#, nil, "NULL", "", "{x,y}", "réemploi\nligne", #"\""#, " espace "]
        let db = try PostgresConnection(try Self.freshURL())
        let rows = try db.execute("SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n", [PostgresArray.text(values)])
        #expect(rows.count == values.count)
        #expect((0..<rows.count).map { rows[$0, 0] } == values)
    }

    @Test func aDatabaseOfAnotherProgram_isRefused_andLeftAsItWas() throws {
        let url = try Self.freshURL()
        let db = try PostgresConnection(url)
        try db.executeScript("CREATE TABLE invoices (id int)")
        #expect {
            try PostgresStore.open(url: url)
        } throws: { error in
            guard case PostgresSchema.Refusal.foreign = error else { return false }
            return true
        }
        #expect(try db.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").integer(0, 0) == 1)
    }

    @Test func aStoreOfANewerVersion_isRefused() async throws {
        let url = try Self.freshURL()
        await try PostgresStore.open(url: url).close()
        let db = try PostgresConnection(url)
        try db.execute("UPDATE store_meta SET value = $1 WHERE key = 'schema_version'", [String(PostgresSchema.version + 1)])
        #expect {
            try PostgresStore.open(url: url)
        } throws: { error in
            guard case PostgresSchema.Refusal.newer = error else { return false }
            return true
        }
    }

    @Test func reopening_keepsTheStore_andItsIdentity() async throws {
        let url = try Self.freshURL()
        let first = try PostgresStore.open(url: url, startsGeneration: true)
        var a = ChangeMaker(replica: "r-a")
        _ = try await first.push(ValidatedPush(replica: "r-a", changes: a.districts(3), pushedBy: "t"))
        let before = try await first.status(replica: "r-a", lineage: [])
        await first.close()
        let second = try PostgresStore.open(url: url, startsGeneration: true)
        let after = try await second.status(replica: "r-a", lineage: [before.generation!])
        #expect(after.store == before.store && after.counter == 3 && after.head == 3)
        #expect(after.generation != before.generation && after.common == before.generation && after.rewind == 3)
        await second.close()
    }

    /// Four stores (as four servers) push at once while a fifth pulls: positions are handed out in
    /// commit order, so the puller, resuming from its cursor, misses nothing and sees nothing twice.
    @Test func pushesFromSeveralStores_keepTheFeedInOrder_forAPullerThatResumes() async throws {
        let url = try Self.freshURL()
        let stores = try (0..<5).map { _ in try PostgresStore.open(url: url, connections: 3) }
        let pushesPerStore = 15
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.prefix(4).enumerated() {
                group.addTask {
                    var maker = ChangeMaker(replica: "r-\(index)")
                    for push in 0..<pushesPerStore {
                        let changes = maker.districts(4, prefix: "d\(index)-\(push)-")
                        _ = try await store.push(ValidatedPush(replica: "r-\(index)", changes: changes, pushedBy: "t\(index)"))
                    }
                }
            }
            group.addTask {
                var cursor: Int64 = 0
                var seen: [Int64] = []
                let expected = 4 * pushesPerStore * 4
                let deadline = Date().addingTimeInterval(180)
                while seen.count < expected, Date() < deadline {
                    let page = try await stores[4].feed(since: cursor, limit: 7, excluding: nil)
                    seen += page.changes.compactMap(\.seq)
                    cursor = page.cursor
                    // A client waits between empty pulls; spinning would only starve the pushers.
                    if page.changes.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
                }
                #expect(seen == Array(1...Int64(expected)), "every position once, in order")
            }
            try await group.waitForAll()
        }
        for store in stores { await store.close() }
    }

    /// A connection killed under the store (PostgreSQL restarted, a network cut): found before use
    /// when the server's goodbye has arrived, else the call that meets it fails as unavailable,
    /// nothing of it kept; the next call reconnects.
    @Test func aLostConnection_isUnavailableOnce_thenTheStoreReconnects() async throws {
        let url = try Self.freshURL()
        let store = try PostgresStore.open(url: url, connections: 2)
        var a = ChangeMaker(replica: "r-a")
        _ = try await store.push(ValidatedPush(replica: "r-a", changes: a.districts(2), pushedBy: "t"))
        _ = try await store.feedHead()
        let admin = try PostgresConnection(url)
        try admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        var failures = 0
        var head: Int64?
        for _ in 0..<4 {
            do {
                head = try await store.feedHead()
                break
            } catch is StoreUnavailable {
                failures += 1
            }
        }
        #expect(failures <= 2, "a connection closed while idle is found before use, or fails once; then it reconnects")
        #expect(head == 2)
        #expect(try await store.push(ValidatedPush(replica: "r-a", changes: a.districts(1, prefix: "e"), pushedBy: "t")).cursor == 3)
        await store.close()
    }

    @Test func anUnreachableServer_isUnavailable_notAnInternalError() async throws {
        let url = PostgresURL("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")!
        #expect {
            try PostgresStore.open(url: url)
        } throws: { error in
            (error as? PostgresError)?.kind == .unreachable
        }
    }
}
