import Foundation
import GisementShared
import Synchronization
import TestSupport
import Testing

@testable import GisementServer

/// Many clients at once against one live in-process server: the group-commit writer, the reader
/// pool and the event loop under contention. These are the tests CI runs under ThreadSanitizer.
@Suite(.serialized) struct ConcurrencyStressTests {
    /// 64 pushes in flight at once (each on its own connection), while a reader follows the feed.
    /// Afterwards every change is present exactly once, and the feed counts 1…N with no gap and no
    /// repeat; the reader, which pulled during the storm, never saw a gap either.
    @Test func sixtyFourConcurrentPushes_allLand_andTheFeedHasNoGapOrDuplicate() async throws {
        let live = try await LiveAPIServer.start()
        let token = live.tokens[.coordinator]!  // districts: an agent token may not write them (contract "Scopes")
        let baseURL = live.server.baseURL
        let rounds = 3
        let batch = 20
        let stop = StopFlag()
        let follower = Task { () -> [Int64] in
            let client = APIClient(baseURL: baseURL, token: token)
            var seen: [Int64] = []
            var cursor: Int64 = 0
            while true {
                let finishing = stop.isSet
                guard let page = try? await client.pull(since: cursor, limit: 500) else { break }
                seen += page.changes.compactMap(\.seq)
                cursor = page.cursor
                if finishing && !page.more { break }
                if !page.more { try? await Task.sleep(for: .milliseconds(5)) }
            }
            return seen
        }
        let pushed = try await withThrowingTaskGroup(of: [Change].self) { group in
            for i in 0..<64 {
                group.addTask {
                    let client = APIClient(baseURL: baseURL, token: token)
                    var maker = ChangeMaker(replica: "r-stress-\(i)")
                    var acknowledged: [Change] = []
                    for round in 0..<rounds {
                        let changes = maker.districts(batch, prefix: "s\(round)")
                        // A request the loaded machine could not send within the server's read
                        // deadline (408) is sent again, as the sync client does: not acknowledged, so
                        // not stored, and the retry is what the feed must then hold.
                        var reply = try await client.push(changes, replica: maker.replica)
                        for _ in 0..<4 where reply.status == 408 {
                            reply = try await client.push(changes, replica: maker.replica)
                        }
                        #expect(reply.status == 200, "\(reply.text)")
                        #expect(reply.json["accepted"]?.integerValue == Int64(batch))
                        acknowledged += changes
                    }
                    return acknowledged
                }
            }
            var all: [Change] = []
            for try await part in group { all += part }
            return all
        }
        stop.set()
        let followed = await follower.value
        let stored = try await APIClient(baseURL: baseURL, token: token).pullAll(limit: 10_000)

        #expect(pushed.count == 64 * rounds * batch)
        #expect(stored.count == pushed.count)
        #expect(Set(stored.map(\.dot)) == Set(pushed.map(\.dot)), "every acknowledged change is in the feed")
        #expect(stored.compactMap(\.seq) == Array(1...Int64(pushed.count)), "the feed has no gap and no repeat")
        #expect(followed == Array(1...Int64(followed.count)), "a reader following the feed saw a gap or a repeat")
        #expect(followed.count == pushed.count)
        await live.stop()
    }

    /// The same batch pushed by 32 connections at once: stored once, 31 answers count duplicates.
    @Test func samePushFromManyConnectionsAtOnce_isStoredOnce() async throws {
        let live = try await LiveAPIServer.start()
        let token = live.tokens[.coordinator]!  // districts: an agent token may not write them (contract "Scopes")
        let baseURL = live.server.baseURL
        var maker = ChangeMaker(replica: "r-same")
        let changes = maker.districts(50)
        let accepted = try await withThrowingTaskGroup(of: (Int64, Int64).self) { group in
            for _ in 0..<32 {
                group.addTask {
                    let reply = try await APIClient(baseURL: baseURL, token: token).push(changes, replica: "r-same")
                    return (reply.json["accepted"]?.integerValue ?? -1, reply.json["duplicates"]?.integerValue ?? -1)
                }
            }
            var all: [(Int64, Int64)] = []
            for try await counts in group { all.append(counts) }
            return all
        }
        #expect(accepted.map(\.0).reduce(0, +) == 50, "\(accepted)")
        #expect(accepted.allSatisfy { $0.0 + $0.1 == 50 })
        let stored = try await APIClient(baseURL: baseURL, token: token).pullAll()
        #expect(stored.count == 50)
        #expect(stored.compactMap(\.seq) == Array(1...50))
        await live.stop()
    }
}
