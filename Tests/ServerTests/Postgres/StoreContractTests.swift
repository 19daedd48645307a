import Foundation
import GisementShared
import TestSupport
import Testing
@testable import GisementServer

/// What every server store does, on SQLite and on PostgreSQL alike: the merge, dedup, the feed's
/// positions, the logs, tokens, scopes, digests and the store's identity.
@Suite(.enginesChosenByTheSuite) struct StoreContractTests {
    let folder = TemporaryFolder("contract")

    func push(_ store: any ServerStoring, _ changes: [Change], by token: String = "tablet", rights: WriteRights = .everything)
        async throws -> PushOutcome
    {
        try await store.push(
            ValidatedPush(replica: changes.first?.replica ?? "r", changes: changes, pushedBy: token, rights: rights))
    }

    func feed(_ store: any ServerStoring, since: Int64 = 0, limit: Int = 1000, scope: TokenScope? = nil) async throws -> FeedPage {
        try await store.feed(since: since, limit: limit, excluding: nil, schema: .all, scope: scope, keys: nil)
    }

    @Test(arguments: StoreEngine.allCases)
    func push_thenDuplicates_thenAWinnerMoves(_ engine: StoreEngine) async throws {
        let store = try engine.open(folder)
        var a = ChangeMaker(replica: "r-a")
        let districts = a.districts(5)
        #expect(try await push(store, districts) == PushOutcome(accepted: 5, duplicates: 0, conflicts: 0, cursor: 5))
        #expect(try await push(store, districts) == PushOutcome(accepted: 0, duplicates: 5, conflicts: 0, cursor: 5))
        let edit = a.write(.district, districts[0].id, districts[0].field, .text("Renamed"))
        #expect(try await push(store, [edit]).cursor == 6)
        let page = try await feed(store)
        #expect(page.changes.map(\.seq) == [2, 3, 4, 5, 6])
        #expect(page.changes.last?.value == .text("Renamed"))
        #expect(page.cursor == 6 && !page.more)
        let paged = try await feed(store, since: 2, limit: 2)
        #expect(paged.changes.map(\.seq) == [3, 4] && paged.more)
        #expect(try await store.feedHead() == 6)
        #expect(try await store.highWater(replica: "r-a") == 6)
        #expect(try await store.record(kind: .district, id: districts[0].id, scope: nil)?.fields[districts[0].field] == .text("Renamed"))
        await store.close()
    }

    @Test(arguments: StoreEngine.allCases)
    func concurrentWrites_goToTheMergeLog_withEveryValueKind(_ engine: StoreEngine) async throws {
        let store = try engine.open(folder)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_130_500)
        let values: [FieldValue] = [.text("réemploi"), .integer(-42), .decimal(0.1), .bool(true), .null]
        for (index, value) in values.enumerated() {
            _ = try await push(store, [a.write(.collection, "c-\(index)", "weight_kg", .integer(1))], by: "alice")
            let outcome = try await push(store, [b.write(.collection, "c-\(index)", "weight_kg", value)], by: "bob")
            #expect(outcome.conflicts == 1)
        }
        let (entries, more) = try await store.merges(MergeQuery())
        #expect(!more && entries.count == values.count)
        #expect(entries.map(\.winner.value) == values)
        #expect(entries.allSatisfy { $0.pushedBy == "bob" && $0.loser.value == .integer(1) })
        #expect(try await store.merges(MergeQuery(pushedBy: "alice")).entries.isEmpty)
        let page = try await feed(store)
        #expect(Set(page.changes.map(\.value)) == Set(values))
        await store.close()
    }

    @Test(arguments: StoreEngine.allCases)
    func aCopiedReplica_isRefusedWhole_andNothingOfThePushIsKept(_ engine: StoreEngine) async throws {
        let store = try engine.open(folder)
        var a = ChangeMaker(replica: "r-a")
        var copy = a
        _ = try await push(store, [a.write(.district, "d-1", "name", .text("One"))])
        let clash = [copy.write(.district, "d-2", "name", .text("Fresh"))]
        // The copy's first change is fine on its own; its dot r-a:1 is already held with other content.
        await #expect(throws: PushRefusal.self) { try await push(store, clash) }
        var other = ChangeMaker(replica: "r-b")
        await #expect(throws: PushRefusal.self) {
            try await push(store, [other.write(.district, "d-3", "name", .text("Mine"))], by: "another-token")
            try await push(store, [a.write(.district, "d-4", "name", .text("Stolen"))], by: "another-token")
        }
        #expect(try await feed(store).changes.map(\.id).sorted() == ["d-1", "d-3"])
        await store.close()
    }

    @Test(arguments: StoreEngine.allCases)
    func sessions_tokens_andStatus(_ engine: StoreEngine) async throws {
        let store = try engine.open(folder)
        #expect(try await store.hasAdminToken() == false)
        let admin = try await StoreEngine.addToken(store, name: "chief", role: .admin)
        let agent = try await StoreEngine.addToken(store, name: "tablet-1", role: .agent, scope: ["d:d-1"])
        #expect(try await store.hasAdminToken())
        #expect(try await store.validToken(digest: AccessToken.digest(of: admin))?.role == .admin)
        #expect(try await store.validToken(digest: AccessToken.digest(of: agent))?.scope == ["d:d-1"])
        #expect(try await store.validToken(digest: AccessToken.digest(of: "not-a-token")) == nil)
        for index in 0..<3 {
            store.recordSession(SessionEntry(at: "t\(index)", token: "tablet-1", replica: "r-a", route: "pull", pulled: index, status: 200, durationMilliseconds: 1.5))
        }
        await store.flush()
        let (sessions, more) = try await store.sessions(since: 0, limit: 2)
        #expect(more && sessions.map(\.pulled) == [0, 1] && sessions[0].durationMilliseconds == 1.5)
        var a = ChangeMaker(replica: "r-a")
        _ = try await push(store, a.districts(3))
        let status = try await store.status(replica: "r-a", lineage: [])
        #expect(status.counter == 3 && status.head == 3 && !status.store.isEmpty)
        await store.close()
    }

    @Test(arguments: StoreEngine.allCases)
    func aScope_readsOnlyWhatItHolds_andDigestsAgree(_ engine: StoreEngine) async throws {
        let store = try engine.open(folder)
        var a = ChangeMaker(replica: "r-a")
        var changes = [a.write(.district, "d-1", "name", .text("North")), a.write(.district, "d-2", "name", .text("South"))]
        changes.append(a.write(.pilotTest, "t-1", "district", .text("d-1")))
        changes.append(a.write(.pilotTest, "t-2", "district", .text("d-2")))
        changes.append(a.write(.collection, "c-1", "test", .text("t-1")))
        changes.append(a.write(.collection, "c-1", "partner", .text("p-1")))
        changes.append(a.write(.collection, "c-2", "test", .text("t-2")))
        changes.append(a.write(.partner, "p-1", "name", .text("Atelier")))
        _ = try await push(store, changes)
        let scope = TokenScope(token: "tablet-1", keys: ["d:d-1"])
        let page = try await feed(store, scope: scope)
        #expect(Set(page.changes.map(\.id)) == ["d-1", "t-1", "c-1", "p-1"])
        #expect(page.cursor == changes.count)
        #expect(try await store.holds(scope).keys == ["d:d-1", "t:t-1", "p:p-1"])
        #expect(try await store.record(kind: .collection, id: "c-2", scope: scope) == nil)
        let whole = try await store.bucketDigests(scope: nil)
        let scoped = try await store.bucketDigests(scope: scope)
        #expect(whole.head == scoped.head && whole.store == scoped.store && whole.digests != scoped.digests)
        let report = try await store.reportInput(test: "t-1", scope: scope)
        #expect(report.collections.map(\.id) == ["c-1"] && report.partners.map(\.id) == ["p-1"])
        await store.close()
    }
}
