import GisementSQLite
import GisementShared

/// Writes and reads the session log: one row per authenticated sync request.
enum SessionLog {
    /// Appends one row (the writer calls it inside its transaction).
    /// - Throws: ``SQLiteError``.
    static func insert(_ entry: SessionEntry, into db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO sessions(at, token, replica, route, pushed, accepted, duplicates, conflicts, pulled,
                    status, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        statement.bind(text: entry.at, at: 1)
        statement.bind(text: entry.token, at: 2)
        if let replica = entry.replica { statement.bind(text: replica, at: 3) } else { statement.bindNull(at: 3) }
        statement.bind(text: entry.route, at: 4)
        statement.bind(int64: Int64(entry.pushed), at: 5)
        statement.bind(int64: Int64(entry.accepted), at: 6)
        statement.bind(int64: Int64(entry.duplicates), at: 7)
        statement.bind(int64: Int64(entry.conflicts), at: 8)
        statement.bind(int64: Int64(entry.pulled), at: 9)
        statement.bind(int64: Int64(entry.status), at: 10)
        statement.bind(double: entry.durationMilliseconds, at: 11)
        try statement.step()
        statement.reset()
    }

    /// Rows after `since`, oldest first, at most `limit`, and whether more follow.
    /// - Throws: ``SQLiteError``.
    static func entries(_ db: Database, since: Int64, limit: Int) throws -> (entries: [SessionEntry], more: Bool) {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, at, token, replica, route, pushed, accepted, duplicates, conflicts, pulled, status,
                    duration_ms
                FROM sessions WHERE seq > ? ORDER BY seq LIMIT ?
                """)
        statement.bind(int64: since, at: 1)
        statement.bind(int64: Int64(limit) + 1, at: 2)
        defer { statement.reset() }
        var entries: [SessionEntry] = []
        while try statement.step() {
            entries.append(
                SessionEntry(
                    seq: statement.int64(at: 0), at: statement.text(at: 1), token: statement.text(at: 2),
                    replica: statement.isNull(at: 3) ? nil : statement.text(at: 3), route: statement.text(at: 4),
                    pushed: Int(statement.int64(at: 5)), accepted: Int(statement.int64(at: 6)),
                    duplicates: Int(statement.int64(at: 7)), conflicts: Int(statement.int64(at: 8)),
                    pulled: Int(statement.int64(at: 9)), status: Int(statement.int64(at: 10)),
                    durationMilliseconds: statement.double(at: 11)))
        }
        let more = entries.count > limit
        if more { entries.removeLast() }
        return (entries, more)
    }
}
