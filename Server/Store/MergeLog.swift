import GisementSQLite
import GisementShared

/// Reads the merge log (rows are written by ``PushApplier`` inside the push's transaction).
enum MergeLog {
    /// Entries after `query.since` that match its filters, oldest first, at most `query.limit`,
    /// and whether more follow.
    /// - Throws: ``SQLiteError``, ``StoreDamage`` for a row that cannot be read.
    static func entries(_ db: Database, _ query: MergeQuery) throws -> (entries: [MergeEntry], more: Bool) {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, at, kind, id, field,
                    winner_value_type, winner_value, winner_hlc, winner_replica, winner_counter,
                    loser_value_type, loser_value, loser_hlc, loser_replica, loser_counter,
                    pushed_by, anomaly, edit_vs_delete
                FROM merges
                WHERE seq > ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR id = ?3)
                    AND (?4 IS NULL OR field = ?4) AND (?5 IS NULL OR pushed_by = ?5)
                ORDER BY seq LIMIT ?6
                """)
        statement.bind(int64: query.since, at: 1)
        bind(query.kind?.rawValue, statement, 2)
        bind(query.id, statement, 3)
        bind(query.field, statement, 4)
        bind(query.pushedBy, statement, 5)
        statement.bind(int64: Int64(query.limit) + 1, at: 6)
        defer { statement.reset() }
        var entries: [MergeEntry] = []
        while try statement.step() {
            let row = StoreRow(statement: statement, table: "merges")
            entries.append(
                MergeEntry(
                    seq: statement.int64(at: 0), at: statement.text(at: 1), kind: try row.kind(2), id: statement.text(at: 3),
                    field: statement.text(at: 4), winner: try side(row, at: 5), loser: try side(row, at: 10),
                    pushedBy: statement.text(at: 15), isAnomaly: statement.int64(at: 16) != 0, isEditVsDelete: statement.int64(at: 17) != 0))
        }
        let more = entries.count > query.limit
        if more { entries.removeLast() }
        return (entries, more)
    }

    private static func bind(_ text: String?, _ statement: Statement, _ index: Int32) {
        if let text { statement.bind(text: text, at: index) } else { statement.bindNull(at: index) }
    }

    private static func side(_ row: StoreRow, at base: Int32) throws -> MergeSide {
        MergeSide(
            value: try row.value(base), hlc: try row.hlc(base + 2), replica: row.statement.text(at: base + 3),
            counter: UInt64(clamping: row.statement.int64(at: base + 4)))
    }
}
