import GisementClient
import GisementServer
import GisementShared

/// What the in-process server holds, read through its store for comparison with replicas.
extension InProcessServer {
    /// One field of one record.
    struct FieldKey: Hashable { var kind: RecordKind; var id: RecordID; var field: String }

    /// The current winner of every field, as the feed serves it (oldest first).
    func winners() throws -> [Change] {
        let store = store
        var changes: [Change] = []
        var since: Int64 = 0
        while true {
            let from = since
            let page = try InProcessServer.blocking { try await store.feed(since: from, limit: 10_000, excluding: nil) }
            changes += page.changes
            guard page.more else { return changes }
            since = page.cursor
        }
    }

    /// The winning value of every field.
    var state: [FieldKey: FieldValue] {
        get throws {
            var state: [FieldKey: FieldValue] = [:]
            for change in try winners() { state[FieldKey(kind: change.kind, id: change.id, field: change.field)] = change.value }
            return state
        }
    }

    /// How many dots the server holds: every change it accepted once, winners and losers.
    func heldDots() throws -> Int {
        let store = store
        return try InProcessServer.blocking {
            try await store.withWriteConnection { db in
                Int(try db.scalar(sql: "SELECT count(*) FROM dots")?.integerValue ?? -1)
            }
        }
    }

    /// How many entries the merge log holds.
    func mergeLogCount() throws -> Int {
        let store = store
        return try InProcessServer.blocking { try await store.merges(MergeQuery(limit: 10_000)).entries.count }
    }
}
