import GisementPostgres
import GisementSQLite
import GisementShared

/// Copies a SQLite server store into an empty PostgreSQL one (`gisement-server migrate`), row for
/// row: feed positions (`seq`), clocks, dots, digests, replicas, logs, tokens and the store's
/// identity and generations are kept, so replicas synced with the old server go on from their
/// cursors with the new one (docs/operations.md, "Moving from SQLite").
///
/// Everything happens in one PostgreSQL transaction, which also creates the tables: a failure
/// leaves the target as it was. The SQLite store is read in one read transaction.
enum PostgresImport {
    /// Why the target cannot receive the store (exit 65).
    struct NotEmpty: Error, CustomStringConvertible {
        let database: String
        let tables: [String]
        var description: String {
            localized("server.migrate.notEmpty", ["url": database, "tables": tables.joined(separator: ", ")])
        }
    }

    /// What was copied, for the command's last line.
    struct Summary: Sendable, Equatable {
        var rows: [String: Int] = [:]
        var feedHead: Int64 = 0
    }

    /// How one SQLite column becomes one or two PostgreSQL parameters.
    enum Column {
        /// A column of the same name; the PostgreSQL type decides how it is read.
        case plain(String, type: String)
        /// The `(NAME_type, NAME)` pair of a ``FieldValue`` (``StoredValue`` to ``PostgresValue``).
        case value(String)
        /// A SHA-256 digest: a blob in SQLite, lowercase hex text in PostgreSQL (``PostgresTokens``).
        case digest(String)

        var sqliteNames: [String] {
            switch self {
            case .plain(let name, _), .digest(let name): [name]
            case .value(let name): [name + "_type", name]
            }
        }

        var postgresColumns: [(name: String, type: String)] {
            switch self {
            case .plain(let name, let type): [(name, type)]
            case .value(let name): [(name + "_type", "smallint"), (name, "text")]
            case .digest(let name): [(name, "text")]
            }
        }

        /// Reads the column (or pair) starting at `index` of the current row.
        /// - Throws: ``StoreDamage`` for a value pair the store never writes.
        func parameters(_ row: Statement, at index: Int32, table: String) throws -> [String?] {
            switch self {
            case .plain(_, let type):
                if row.isNull(at: index) { return [nil] }
                switch type {
                case "text": return [row.text(at: index)]
                case "double precision": return [String(row.double(at: index))]
                default: return [String(row.int64(at: index))]
                }
            case .value:
                return PostgresValue.parameters(try StoreRow(statement: row, table: table).value(index))
            case .digest:
                return [PostgresTokens.hex(row.blob(at: index))]
            }
        }
    }

    /// Every table of the store but `store_meta` and `feed_counter`, with its columns
    /// (``PostgresSchema/script``; the SQLite ones after all of ``ServerSchema``'s migrations).
    static let tables: [(name: String, columns: [Column])] = [
        ("field_versions", [
            .plain("seq", type: "bigint"), .plain("kind", type: "text"), .plain("id", type: "text"),
            .plain("field", type: "text"), .value("value"), .plain("hlc_wall", type: "bigint"),
            .plain("hlc_logical", type: "bigint"), .plain("replica", type: "text"), .plain("counter", type: "bigint"),
            .plain("clock", type: "text"), .plain("schema_version", type: "integer"), .plain("scope_key", type: "text"),
        ]),
        ("record_clocks", [
            .plain("kind", type: "text"), .plain("id", type: "text"), .plain("clock", type: "text"),
            .plain("digest", type: "bigint"), .plain("bucket", type: "integer"), .plain("scope_key", type: "text"),
        ]),
        ("replicas", [
            .plain("replica", type: "text"), .plain("counter", type: "bigint"), .plain("last_push_at", type: "text"),
            .plain("owner", type: "text"), .plain("relayed_counter", type: "bigint"),
        ]),
        ("dots", [
            .plain("replica", type: "text"), .plain("counter", type: "bigint"), .plain("digest", type: "bigint"),
            .plain("relayed", type: "smallint"),
        ]),
        ("generations", [
            .plain("seq", type: "bigint"), .plain("id", type: "text"), .plain("base", type: "bigint"),
            .plain("started_at", type: "text"),
        ]),
        ("digest_buckets", [
            .plain("bucket", type: "integer"), .plain("digest", type: "bigint"), .plain("records", type: "bigint"),
        ]),
        ("merges", [
            .plain("seq", type: "bigint"), .plain("at", type: "text"), .plain("kind", type: "text"), .plain("id", type: "text"),
            .plain("field", type: "text"), .value("winner_value"), .plain("winner_hlc", type: "text"),
            .plain("winner_replica", type: "text"), .plain("winner_counter", type: "bigint"), .value("loser_value"),
            .plain("loser_hlc", type: "text"), .plain("loser_replica", type: "text"), .plain("loser_counter", type: "bigint"),
            .plain("pushed_by", type: "text"), .plain("anomaly", type: "smallint"), .plain("edit_vs_delete", type: "smallint"),
        ]),
        ("sessions", [
            .plain("seq", type: "bigint"), .plain("at", type: "text"), .plain("token", type: "text"),
            .plain("replica", type: "text"), .plain("route", type: "text"), .plain("pushed", type: "integer"),
            .plain("accepted", type: "integer"), .plain("duplicates", type: "integer"), .plain("conflicts", type: "integer"),
            .plain("pulled", type: "integer"), .plain("status", type: "integer"),
            .plain("duration_ms", type: "double precision"),
        ]),
        ("tokens", [
            .plain("name", type: "text"), .plain("role", type: "text"), .digest("digest"), .plain("created_at", type: "text"),
            .plain("revoked_at", type: "text"), .plain("scoped", type: "smallint"),
        ]),
        ("token_scopes", [.plain("token", type: "text"), .plain("key", type: "text")]),
        ("feed_exits", [
            .plain("seq", type: "bigint"), .plain("scope_key", type: "text"), .plain("kind", type: "text"),
            .plain("id", type: "text"),
        ]),
        ("partner_creators", [.plain("partner", type: "text"), .plain("token", type: "text")]),
    ]

    /// The tables whose `seq` PostgreSQL numbers itself (`bigserial`) for the rows written after the copy.
    static let numberedTables = ["generations", "merges", "sessions"]

    /// Rows sent per statement.
    static let batchSize = 1_000

    /// Copies `source` (a server store at the current SQLite schema) into the database of `target`.
    /// - Throws: ``NotEmpty``, ``PostgresSchema/Refusal``, ``PostgresError``, ``SQLiteError``.
    static func copy(from source: Database, to target: PostgresConnection, name: String) throws -> Summary {
        try source.read {
            try target.transaction {
                try PostgresSchema.prepareInTransaction(target, name: name)
                try refuseNonEmpty(target, name: name)
                var summary = Summary()
                for table in tables {
                    summary.rows[table.name] = try copyRows(of: table.name, table.columns, from: source, to: target)
                }
                try copyMeta(from: source, to: target)
                for table in numberedTables {
                    try continueNumbering(table, from: source, to: target)
                }
                // Where the next push goes on: after every position handed out (field rows and exits).
                try target.execute("""
                    UPDATE feed_counter SET last_seq = greatest(
                        (SELECT coalesce(max(seq), 0) FROM field_versions), (SELECT coalesce(max(seq), 0) FROM feed_exits))
                    WHERE id = 1
                    """)
                summary.feedHead = try target.execute("SELECT last_seq FROM feed_counter WHERE id = 1").first?.int64(0) ?? 0
                return summary
            }
        }
    }

    /// Locks every table (no server may write while the store arrives) and refuses one that holds rows.
    private static func refuseNonEmpty(_ db: PostgresConnection, name: String) throws {
        let names = tables.map(\.name)
        try db.execute("LOCK TABLE feed_counter, store_meta, \(names.joined(separator: ", ")) IN ACCESS EXCLUSIVE MODE")
        var holding: [String] = []
        for table in names {
            if try db.execute("SELECT 1 FROM \(table) LIMIT 1").count > 0 { holding.append(table) }
        }
        if try db.execute("SELECT 1 FROM feed_counter WHERE last_seq <> 0").count > 0 {
            holding.append("feed_counter")
        }
        guard holding.isEmpty else { throw NotEmpty(database: name, tables: holding) }
    }

    private static func copyRows(
        of table: String, _ columns: [Column], from source: Database, to target: PostgresConnection
    ) throws -> Int {
        let targetColumns = columns.flatMap(\.postgresColumns)
        let arrays = targetColumns.enumerated().map { "$\($0.offset + 1)::\($0.element.type)[]" }
        let insert = """
            INSERT INTO \(table)(\(targetColumns.map(\.name).joined(separator: ", ")))
            SELECT * FROM unnest(\(arrays.joined(separator: ", ")))
            """
        let rows = try source.makeStatement(
            sql: "SELECT \(columns.flatMap(\.sqliteNames).joined(separator: ", ")) FROM \(table)")
        var batch: [[String?]] = []
        var copied = 0
        func send() throws {
            guard !batch.isEmpty else { return }
            try target.execute(insert, PostgresArray.columns(batch, count: targetColumns.count))
            copied += batch.count
            batch.removeAll(keepingCapacity: true)
        }
        while try rows.step() {
            var index: Int32 = 0
            var row: [String?] = []
            for column in columns {
                row += try column.parameters(rows, at: index, table: table)
                index += Int32(column.sqliteNames.count)
            }
            batch.append(row)
            if batch.count == batchSize { try send() }
        }
        try send()
        return copied
    }

    /// The store's identity (and any other key SQLite keeps there) replaces the one the new tables got:
    /// replicas recognise the same store, not a new one that lost their data.
    private static func copyMeta(from source: Database, to target: PostgresConnection) throws {
        let rows = try source.makeStatement(sql: "SELECT key, value FROM store_meta")
        while try rows.step() {
            let key = rows.text(at: 0)
            guard key != "application", key != "schema_version" else { continue }
            try target.execute(
                "INSERT INTO store_meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, rows.text(at: 1)])
        }
    }

    /// Sets a `bigserial` past the highest position SQLite handed out (`sqlite_sequence` keeps it even
    /// when the row is gone), so a position is never given twice.
    private static func continueNumbering(_ table: String, from source: Database, to target: PostgresConnection) throws {
        let handedOut = try source.scalar(
            sql: "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(seq) FROM \(table)), 0))",
            arguments: [.text(table)])?.integerValue ?? 0
        try target.execute(
            "SELECT setval(pg_get_serial_sequence($1, 'seq'), $2, false)", [table, String(handedOut + 1)])
    }
}
