import GisementSQLite
import GisementShared

/// The `outbox` table: this replica's changes the server has not acknowledged yet, one row per
/// record write (``OutboxBundle``), keyed by the counter of its first change.
///
/// Rows that are not set aside never interleave: a row holds the consecutive counters of one
/// write, less those acknowledged or set aside, so reading rows by `first` gives changes in
/// counter order, which the server's per-replica high-water mark needs. A change set aside is
/// moved to a row of its own (its counter is its `first`), so `set_aside` rows join on it.
struct Outbox {
    /// A row: the record it belongs to and its changes, in counter order.
    struct Row {
        var first: UInt64
        var record: Int64
        var entries: [OutboxEntry]
    }

    let database: Database

    /// Adds the changes of one record write.
    func append(record: Int64, entries: [OutboxEntry]) throws {
        guard let first = entries.first?.counter, let last = entries.last?.counter else { return }
        let insert = try database.cachedStatement(
            sql: "INSERT INTO outbox (first, last, record, count, changes) VALUES (?1, ?2, ?3, ?4, ?5)")
        insert.bind(int64: Int64(first), at: 1)
        insert.bind(int64: Int64(last), at: 2)
        insert.bind(int64: record, at: 3)
        insert.bind(int64: Int64(entries.count), at: 4)
        insert.bind(blob: OutboxBundle.encode(entries), at: 5)
        try insert.step()
    }

    /// Puts `entries` in place of `row` (none: the row goes).
    func replace(_ row: Row, with entries: [OutboxEntry]) throws {
        try database.execute(sql: "DELETE FROM outbox WHERE first = ?1", arguments: [.integer(Int64(row.first))])
        try append(record: row.record, entries: entries)
    }

    /// Reads the rows a statement selects as `first, record, changes` (bound already), calling
    /// `body` for each until it returns false.
    /// - Throws: ``ReplicaError`` `.damaged`, naming the replica at `path`, for a row that cannot be decoded.
    static func forEachRow(_ statement: Statement, path: String, _ body: (Row) throws -> Bool) throws {
        defer { statement.reset() }
        while try statement.step() {
            let entries: [OutboxEntry]
            do {
                entries = try statement.withBlob(at: 2) { try OutboxBundle.decode($0) }
            } catch var error as ReplicaError {
                error.path = path
                throw error
            }
            let row = Row(first: UInt64(statement.int64(at: 0)), record: statement.int64(at: 1), entries: entries)
            guard try body(row) else { return }
        }
    }

    /// The kind and id of the record `row` belongs to.
    /// - Throws: ``ReplicaError`` `.damaged` when `records` has no such record or its kind code is no kind.
    func recordOf(_ row: Row) throws -> (RecordKind, RecordID) {
        let record = try database.cachedStatement(sql: "SELECT kind, id FROM records WHERE key = ?1")
        record.bind(int64: row.record, at: 1)
        defer { record.reset() }
        guard try record.step() else { throw ReplicaDamage.missingRecord(row.record, table: "outbox", path: database.path) }
        return (try KindCode.kind(record.int64(at: 0), path: database.path), record.text(at: 1))
    }

    /// The changes waiting, set-aside ones left out: `SUM(count)` less the set-aside rows.
    func pendingCount() throws -> Int {
        let all = try database.scalar(sql: "SELECT coalesce(sum(count), 0) FROM outbox")?.integerValue ?? 0
        let aside = try database.scalar(sql: "SELECT count(*) FROM set_aside")?.integerValue ?? 0
        return Int(all - aside)
    }

    /// Removes the changes with these counters, wherever they sit.
    func remove(counters: [UInt64]) throws {
        let acknowledged = Set(counters)
        guard let low = counters.min(), let high = counters.max() else { return }
        // The row holding `low` starts at or before it; later rows start after it. Set-aside rows
        // (single changes inside another row's span) are skipped for that start.
        let candidates = try database.cachedStatement(
            sql: """
                SELECT first, record, changes FROM outbox
                WHERE first >= coalesce(
                    (SELECT max(first) FROM outbox WHERE first <= ?1 AND first NOT IN (SELECT counter FROM set_aside)), 0)
                  AND first <= ?2
                ORDER BY first
                """)
        candidates.bind(int64: Int64(low), at: 1)
        candidates.bind(int64: Int64(high), at: 2)
        var changed: [(Row, [OutboxEntry])] = []
        try Outbox.forEachRow(candidates, path: database.path) { row in
            let kept = row.entries.filter { !acknowledged.contains($0.counter) }
            if kept.count != row.entries.count { changed.append((row, kept)) }
            return true
        }
        for (row, kept) in changed { try replace(row, with: kept) }
    }

    /// Removes every change up to `counter` that is not set aside.
    func remove(upTo counter: UInt64) throws {
        let rows = try database.cachedStatement(
            sql: """
                SELECT first, record, changes FROM outbox
                WHERE first <= ?1 AND first NOT IN (SELECT counter FROM set_aside) ORDER BY first
                """)
        rows.bind(int64: Int64(counter), at: 1)
        var changed: [(Row, [OutboxEntry])] = []
        try Outbox.forEachRow(rows, path: database.path) { row in
            changed.append((row, row.entries.filter { $0.counter > counter }))
            return true
        }
        for (row, kept) in changed { try replace(row, with: kept) }
    }

    /// Moves the change `counter` to a row of its own and returns it; nil when no row holds it.
    func isolate(counter: UInt64) throws -> OutboxEntry? {
        let rows = try database.cachedStatement(
            sql: "SELECT first, record, changes FROM outbox WHERE first <= ?1 ORDER BY first DESC")
        rows.bind(int64: Int64(counter), at: 1)
        var found: (Row, OutboxEntry)?
        try Outbox.forEachRow(rows, path: database.path) { row in
            if let entry = row.entries.first(where: { $0.counter == counter }) { found = (row, entry) }
            return found == nil
        }
        guard let (row, entry) = found else { return nil }
        if row.entries.count > 1 {
            try replace(row, with: row.entries.filter { $0.counter != counter })
            try append(record: row.record, entries: [entry])
        }
        return entry
    }
}
