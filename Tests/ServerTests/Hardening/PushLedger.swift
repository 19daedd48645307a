import Foundation
import GisementShared
import TestSupport
import Testing

/// One replica's pushes as the real client makes them: batches in counter order, and a batch that
/// failed is sent again (never skipped) before any new one. Remembers what was acknowledged, and
/// checks after every failure that no part of the failed batch was stored.
struct PushLedger {
    private var batches: RetriedBatches
    private(set) var acknowledged: [Change] = []
    private(set) var failedAttempts = 0

    init(replica: ReplicaID) {
        batches = RetriedBatches(replica: replica, startingAt: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// Pushes the failed batch again, or a new batch of `count` districts.
    mutating func push(_ count: Int, with client: APIClient) async throws -> APIClient.Reply {
        let batch = batches.next(count)
        let reply = try await client.push(batch, replica: batches.replica)
        if reply.status == 200 {
            acknowledged += batch
            batches.acknowledge()
        } else {
            failedAttempts += 1
            let stored = Set(try await client.pullAll(limit: 10_000).map(\.dot))
            let partial = batch.filter { stored.contains($0.dot) }
            #expect(partial.isEmpty, "\(partial.count) of \(batch.count) changes of a failed push were stored")
        }
        return reply
    }

    /// Sends the failed batch again until it goes through (a few tries); the statuses seen.
    mutating func retryFailed(with client: APIClient) async throws -> [Int] {
        var statuses: [Int] = []
        for _ in 0..<5 where batches.unacknowledged != nil {
            let status = try await push(0, with: client).status
            statuses.append(status)
            if status != 200 { try await Task.sleep(for: .milliseconds(200)) }
        }
        return statuses.isEmpty ? [] : [statuses.last!]
    }

    /// The feed holds every acknowledged change once and nothing else.
    func expectAllOrNothing(with client: APIClient, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let stored = try await client.pullAll(limit: 10_000).filter { $0.replica == batches.replica }
        #expect(stored.count == acknowledged.count, "stored \(stored.count), acknowledged \(acknowledged.count)",
            sourceLocation: sourceLocation)
        #expect(Set(stored.map(\.dot)) == Set(acknowledged.map(\.dot)), sourceLocation: sourceLocation)
    }
}
