/// An `INSERT … VALUES (…), (…), …` of several rows in one statement, prepared once per row count.
///
/// Each executed statement costs SQLite a fixed amount of work besides its rows (starting and
/// halting the program, resetting, clearing bindings): writing the ten field versions of a
/// record with one statement instead of ten cut a 100,000-row import's instructions by a quarter
/// (see docs/benchmarks.md).
///
/// ```swift
/// let insert = MultiRowInsert(database: db, head: "INSERT INTO t (a, b)", columns: 2)
/// try insert.run(rows: pairs.count) { row, values in
///     values.bind(int64: pairs[row].a)
///     values.bind(text: pairs[row].b)
/// }
/// ```
public final class MultiRowInsert {
    /// At most this many rows go in one statement; more are written in several.
    public static let maxRowsPerStatement = 16

    private let database: Database
    private let head: String
    private let tail: String
    private let columns: Int
    /// The prepared statement for each row count, index = rows - 1, made on first use.
    private var statements: [Statement?]
    private let texts = TextArena()

    /// - Parameters:
    ///   - head: the statement up to `VALUES`, e.g. `INSERT OR REPLACE INTO t (a, b)`.
    ///   - columns: the number of values in each row.
    ///   - tail: what follows the rows (an upsert clause), usually nothing.
    public init(database: Database, head: String, columns: Int, tail: String = "") {
        precondition(columns > 0, "a row has at least one column")
        self.database = database
        self.head = head
        self.tail = tail
        self.columns = columns
        statements = Array(repeating: nil, count: MultiRowInsert.maxRowsPerStatement)
    }

    /// Inserts `rows` rows; `bind(row, values)` binds the values of row number `row` (0-based), in
    /// column order.
    /// - Throws: ``SQLiteError`` from SQLite, or what `bind` throws.
    public func run(rows: Int, bind: (Int, inout RowValues) throws -> Void) throws {
        var done = 0
        while done < rows {
            let count = min(rows - done, MultiRowInsert.maxRowsPerStatement)
            let statement = try self.statement(rows: count)
            // Bindings point into `texts` until the reset below clears them.
            defer {
                statement.reset()
                texts.reset()
            }
            var values = RowValues(statement: statement, texts: texts)
            for i in 0..<count {
                try bind(done + i, &values)
                precondition(values.next == Int32((i + 1) * columns + 1), "each row binds exactly \(columns) values")
            }
            try statement.step()
            done += count
        }
    }

    private func statement(rows: Int) throws -> Statement {
        if let statement = statements[rows - 1] { return statement }
        let row = "(" + (0..<columns).map { _ in "?" }.joined(separator: ", ") + ")"
        let sql = head + " VALUES " + Array(repeating: row, count: rows).joined(separator: ", ") + tail
        let statement = try database.cachedStatement(sql: sql)
        statements[rows - 1] = statement
        return statement
    }
}

/// The parameters of a ``MultiRowInsert`` statement, bound one after the other. A binder that
/// does not throw keeps SQLite's refusal for the statement's step (``Statement/step()``).
public struct RowValues {
    let statement: Statement
    let texts: TextArena
    /// The index of the next parameter to bind.
    private(set) var next: Int32 = 1

    init(statement: Statement, texts: TextArena) {
        self.statement = statement
        self.texts = texts
    }

    public mutating func bind(int64 value: Int64) {
        statement.bind(int64: value, at: next)
        next += 1
    }

    public mutating func bind(text value: String) {
        statement.note(texts.bind(value, to: statement.handle, at: next))
        next += 1
    }

    /// - Throws: ``SQLiteError`` (a blob too large for SQLite).
    public mutating func bind(_ value: SQLValue) throws {
        if case .text(let text) = value {
            bind(text: text)
        } else {
            try statement.bind(value, at: next)
            next += 1
        }
    }
}
