import Foundation
import GisementShared
import Testing
import TestSupport
@testable import GisementServer

/// The same pushes on both engines leave the same store: feed, merge log and digests. Pushes
/// interleave records (a record comes back later in the same push), repeat themselves, carry
/// concurrent edits and relayed copies, so that what PostgreSQL reads ahead is checked against
/// SQLite, which reads as it goes.
@Suite(.enginesChosenByTheSuite) struct EngineParityTests {
    /// Seeded pushes: three replicas write a few fields of a few records, hear of each other now
    /// and then, and resend batches already sent.
    static func pushes(seed: UInt64) -> [ValidatedPush] {
        var random = SplitMix64(seed: seed)
        func pick(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
        var makers = (0..<3).map { ChangeMaker(replica: "r-\($0)", startingAt: 1_763_720_130_000 + Int64($0) * 7) }
        var pushes: [ValidatedPush] = []
        var sent: [Change] = []
        for _ in 0..<40 {
            let who = pick(3)
            var changes: [Change] = []
            for _ in 0..<(1 + pick(6)) {
                let id = "d-\(pick(4))"
                let field = ["name", "population", "habitat"][pick(3)]
                let value: FieldValue = field == "population" ? .integer(Int64(pick(1000))) : .text("v\(pick(5))")
                changes.append(makers[who].write(.district, id, field, value))
            }
            if pick(4) == 0, let old = sent.randomElement(using: &random) {
                for index in makers.indices where index != who { makers[index].receive(old) }
            }
            pushes.append(ValidatedPush(replica: "r-\(who)", changes: changes, pushedBy: "t-\(who)"))
            if pick(5) == 0 { pushes.append(ValidatedPush(replica: "r-\(who)", changes: changes, pushedBy: "t-\(who)")) }
            sent += changes
            if pick(6) == 0 {
                // Another replica relays what it heard of: copies of r-who's changes.
                let relayer = (who + 1) % 3
                pushes.append(ValidatedPush(replica: "r-\(relayer)", changes: changes, pushedBy: "t-\(relayer)"))
            }
        }
        return pushes
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func theSamePushes_leaveTheSameStore_onBothEngines(seed: UInt64) async throws {
        var results: [(feed: [Change], merges: [MergeEntry], digests: [UInt64], outcomes: [String])] = []
        for engine in StoreEngine.allCases {
            let folder = TemporaryFolder("parity")
            let store = try engine.open(folder)
            var outcomes: [String] = []
            for push in Self.pushes(seed: seed) {
                do {
                    outcomes.append("\(try await store.push(push))")
                } catch {
                    outcomes.append("\(error)")
                }
            }
            let feed = try await store.feed(since: 0, limit: 100_000, excluding: nil, schema: .all, scope: nil, keys: nil)
            var merges = try await store.merges(MergeQuery()).entries
            for index in merges.indices { merges[index].at = "" }
            let digests = try await store.bucketDigests(scope: nil).digests
            results.append((feed.changes, merges, digests, outcomes))
            await store.close()
        }
        #expect(results[0].outcomes == results[1].outcomes)
        #expect(results[0].feed == results[1].feed)
        #expect(results[0].merges == results[1].merges)
        #expect(results[0].digests == results[1].digests)
        #expect(!results[0].merges.isEmpty && results[0].feed.count > 5)
    }
}
