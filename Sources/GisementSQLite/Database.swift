import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// One SQLite connection.
///
/// Confine it to one thread, actor or serial queue at a time (it is not `Sendable`):
/// the server owns one writer connection in a serial writer and read-only connections beside it.
///
/// ```swift
/// let db = try Database(path: "/tmp/x.sqlite")
/// try db.execute(sql: "CREATE TABLE t(a)")
/// try db.inTransaction(.immediate) {
///     try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [.integer(1)])
///     return .commit
/// }
/// ```
public final class Database {
    /// The raw handle, for the few calls this wrapper does not cover.
    public let handle: OpaquePointer
    public let path: String
    public let options: DatabaseOptions
    private var statementCache: [String: Statement] = [:]

    /// Opens (or creates) a database and configures it: busy timeout, extended result codes,
    /// foreign keys, WAL (the result checked) and the synchronous level.
    ///
    /// A file that is not a SQLite database is refused with `SQLITE_NOTADB` before anything is written to it.
    /// - Throws: ``SQLiteError``.
    public init(path: String, options: DatabaseOptions = DatabaseOptions()) throws {
        var flags = SQLITE_OPEN_NOMUTEX
        switch options.access {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var raw: OpaquePointer?
        let code = sqlite3_open_v2(path, &raw, flags, nil)
        guard let raw else {
            throw SQLiteError(code: ResultCode(rawValue: code), message: "out of memory opening \(path)")
        }
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(raw))
            // sqlite3_open_v2 allocates a handle even when it fails: close it.
            sqlite3_close_v2(raw)
            throw SQLiteError(code: ResultCode(rawValue: code), message: message)
        }
        self.handle = raw
        self.path = path
        self.options = options
        do {
            sqlite3_extended_result_codes(raw, 1)
            sqlite3_busy_timeout(raw, options.busyTimeoutMilliseconds)
            _ = gisement_sqlite3_db_defensive(raw)
            if !options.checkpointsOnClose { _ = gisement_sqlite3_db_no_checkpoint_on_close(raw) }
            // Reading the schema version reads the header: a file that is not a database fails here,
            // before any pragma that could write to it.
            _ = try scalar(sql: "PRAGMA schema_version")
            if options.access != .readOnly {
                if options.isWAL {
                    let mode = try scalar(sql: "PRAGMA journal_mode=WAL")?.textValue?.lowercased()
                    guard mode == "wal" else {
                        throw SQLiteError(
                            code: .SQLITE_ERROR, message: "could not switch to WAL mode (got \(mode ?? "nothing"))",
                            sql: "PRAGMA journal_mode=WAL")
                    }
                }
                try execute(sql: "PRAGMA synchronous=\(options.synchronous.rawValue)")
            }
            try execute(sql: "PRAGMA foreign_keys=\(options.foreignKeys ? "ON" : "OFF")")
        } catch {
            statementCache.removeAll()
            sqlite3_close_v2(raw)
            throw error
        }
    }

    deinit {
        statementCache.removeAll()
        if !options.checkpointsOnClose, options.access != .readOnly, walSize > options.walSizeLimitAtClose {
            // A large WAL would be read whole by the next process that opens the file: fold it in now.
            try? execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        sqlite3_close_v2(handle)
    }

    /// The size of the WAL file in bytes (0 when there is none).
    var walSize: Int {
        var info = stat()
        guard stat(path + "-wal", &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    /// Runs SQL without arguments; may hold several statements separated by semicolons.
    /// - Throws: ``SQLiteError``.
    public func execute(sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: message, sql: sql)
        }
    }

    /// Runs one statement with arguments, using the statement cache.
    /// - Throws: ``SQLiteError``.
    public func execute(sql: String, arguments: [SQLValue]) throws {
        let statement = try cachedStatement(sql: sql)
        try statement.execute(arguments: arguments)
    }

    /// Runs a query and returns every row.
    /// - Throws: ``SQLiteError``.
    public func query(sql: String, arguments: [SQLValue] = []) throws -> [Row] {
        try cachedStatement(sql: sql).rows(arguments: arguments)
    }

    /// The first column of the first row, or nil when there is no row.
    /// - Throws: ``SQLiteError``.
    public func scalar(sql: String, arguments: [SQLValue] = []) throws -> SQLValue? {
        let statement = try makeStatement(sql: sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.value(at: 0)
    }

    /// Prepares a statement that the caller owns.
    /// - Throws: ``SQLiteError``.
    public func makeStatement(sql: String) throws -> Statement {
        try Statement(database: self, sql: sql, persistent: false)
    }

    /// A prepared statement kept for reuse (prepared with `SQLITE_PREPARE_PERSISTENT`).
    /// It is reset before it is handed out, and evicted from the cache after a failure.
    /// - Throws: ``SQLiteError``.
    public func cachedStatement(sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(database: self, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Drops a cached statement, e.g. after it failed.
    func evict(sql: String) { statementCache[sql] = nil }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changesCount: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(code: Int32, sql: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(
            code: ResultCode(rawValue: extended != 0 ? extended : code), message: lastErrorMessage, sql: sql)
    }
}
