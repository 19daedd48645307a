import GisementSQLite
import GisementShared

/// Reads the change feed: the current winner of every field, by position `seq`, oldest first.
///
/// Each field has exactly one row and so one current position; a field that gets a new winner
/// moves to a new, higher position. A client that pages from `since = 0` to the end therefore
/// receives every current winner once, and one that resumes from its cursor receives exactly
/// what changed since.
enum ChangeFeed {
    /// How many rows a page may skip for `exclude_replica` before it returns early, so that one
    /// request never scans the whole table. The cursor still advances past the skipped rows.
    static let scanBudget = 100_000
    /// About the most bytes of changes one page carries (4 MiB): a page ends early, with `more`,
    /// once its changes reach it, so that no pull costs the server or the client more memory than
    /// this whatever the rows hold. At least one change is always returned.
    static let pageByteBudget = 4 << 20

    /// One page of the feed after `since`.
    /// - Parameters:
    ///   - limit: the most changes returned (≥ 1).
    ///   - excluding: leave out rows written by this replica (they still move the cursor).
    ///   - schema: serve only fields of these schema versions; the others move the cursor too,
    ///     so a client of an older version pages through the feed as fast as any other.
    /// - Throws: ``SQLiteError``, ``StoreDamage`` for a row that cannot be read.
    static func page(
        _ db: Database, since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow = .all
    ) throws -> FeedPage {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, kind, id, field, value_type, value, hlc_wall, hlc_logical, replica, counter, clock,
                    schema_version
                FROM field_versions WHERE seq > ? ORDER BY seq
                """)
        statement.bind(int64: since, at: 1)
        defer { statement.reset() }
        var changes: [Change] = []
        changes.reserveCapacity(min(limit, 1024))
        var cursor = since
        var scanned = 0
        var bytes = 0
        var more = false
        let filtersSchema = !schema.isEverything
        while try statement.step() {
            if changes.count >= limit || scanned >= scanBudget || bytes >= pageByteBudget {
                more = true
                break
            }
            scanned += 1
            cursor = statement.int64(at: 0)
            if let excluding, statement.text(at: 8) == excluding { continue }
            if filtersSchema, !schema.contains(statement.int64(at: 11)) { continue }
            let change = try change(statement)
            bytes += wireSize(change)
            changes.append(change)
        }
        return FeedPage(changes: changes, cursor: cursor, more: more)
    }

    /// The change of a feed row (columns `seq, kind, id, field, value_type, value, hlc_wall,
    /// hlc_logical, replica, counter, clock`).
    /// - Throws: ``StoreDamage`` for a kind, value or clock the store never writes.
    static func change(_ statement: Statement) throws -> Change {
        let row = StoreRow(statement: statement, table: "field_versions")
        return Change(
            kind: try row.kind(1), id: statement.text(at: 2), field: statement.text(at: 3), value: try row.value(4),
            hlc: HLCTimestamp(wall: statement.int64(at: 6), logical: UInt32(clamping: statement.int64(at: 7))),
            replica: statement.text(at: 8), counter: UInt64(clamping: statement.int64(at: 9)),
            clock: try row.clock(10), seq: statement.int64(at: 0))
    }

    /// What the wire will carry of a change, give or take escapes and punctuation.
    static func wireSize(_ change: Change) -> Int {
        var size = 96 + change.id.utf8.count + change.field.utf8.count + change.replica.utf8.count
            + change.clock.entries.reduce(0) { $0 + $1.replica.utf8.count + 12 }
        if case .text(let text) = change.value { size += text.utf8.count }
        return size
    }

    /// The highest position in the feed (0 when empty).
    static func head(_ db: Database) throws -> Int64 {
        try db.scalar(sql: "SELECT coalesce(max(seq), 0) FROM field_versions")?.integerValue ?? 0
    }
}
