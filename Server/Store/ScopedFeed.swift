import GisementSQLite
import GisementShared

/// Reads the change feed of a scope: the rows of its keys, through the index on
/// `(scope_key, seq)`, merged by position. A page costs what it returns plus one index probe per
/// key, whatever the rest of the store holds.
///
/// Each key is a stream: the field rows keyed to it, and for a test, the positions where a record
/// left it (``feed_exits``), served as that record's current `test` field so that a replica learns
/// where it went. The streams are merged lazily by `seq`; once the page is full, `more` says
/// whether a stream has rows left. When none has, the cursor is the feed head: nothing the scope
/// holds lies between the last row served and the head.
enum ScopedFeed {
    private static let columns =
        "seq, kind, id, field, value_type, value, hlc_wall, hlc_logical, replica, counter, clock, schema_version"

    /// One page of the feed of `holds` after `since` (see ``ChangeFeed/page(_:since:limit:excluding:)``).
    /// - Throws: ``SQLiteError``.
    static func page(
        _ db: Database, holds: ScopeHolds, since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow = .all
    ) throws -> FeedPage {
        let filtersSchema = !schema.isEverything
        var streams: [Statement] = []
        for key in holds.keys.sorted() {
            let rows = try db.makeStatement(
                sql: "SELECT \(columns) FROM field_versions WHERE scope_key = ? AND seq > ? ORDER BY seq")
            rows.bind(text: key, at: 1)
            rows.bind(int64: since, at: 2)
            streams.append(rows)
            if key.hasPrefix("t:") {
                let exits = try db.makeStatement(
                    sql: """
                        SELECT e.seq, e.kind, e.id, f.field, f.value_type, f.value, f.hlc_wall, f.hlc_logical,
                            f.replica, f.counter, f.clock, f.schema_version
                        FROM feed_exits AS e JOIN field_versions AS f
                            ON f.kind = e.kind AND f.id = e.id AND f.field = 'test'
                        WHERE e.scope_key = ? AND e.seq > ? ORDER BY e.seq
                        """)
                exits.bind(text: key, at: 1)
                exits.bind(int64: since, at: 2)
                streams.append(exits)
            }
        }
        // The streams that still have a current row.
        var live: [Statement] = []
        for stream in streams where try stream.step() { live.append(stream) }
        var changes: [Change] = []
        var cursor = since
        var bytes = 0
        var scanned = 0
        while !live.isEmpty {
            if changes.count >= limit || bytes >= ChangeFeed.pageByteBudget || scanned >= ChangeFeed.scanBudget { break }
            var next = 0
            for index in live.indices.dropFirst() where live[index].int64(at: 0) < live[next].int64(at: 0) {
                next = index
            }
            let row = live[next]
            scanned += 1
            cursor = row.int64(at: 0)
            let served = excluding == nil || row.text(at: 8) != excluding
            if served, !filtersSchema || schema.contains(row.int64(at: 11)) {
                let change = try ChangeFeed.change(row)
                bytes += ChangeFeed.wireSize(change)
                changes.append(change)
            }
            if try !row.step() { live.remove(at: next) }
        }
        let more = !live.isEmpty
        if !more { cursor = max(cursor, try ChangeFeed.head(db)) }
        return FeedPage(changes: changes, cursor: cursor, more: more)
    }
}
