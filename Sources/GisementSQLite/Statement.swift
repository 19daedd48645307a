import CSQLite

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the call returns.
let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement. Finalized when released.
///
/// Bind, then `step()` for each row (it returns false when done), read columns by index.
public final class Statement {
    public let handle: OpaquePointer
    public let sql: String
    private unowned let database: Database
    private let isCached: Bool
    /// The first failure of a binder that does not throw (the hot paths), thrown by the next
    /// ``step()``: a value SQLite refused never runs as a NULL.
    private var bindFailure: SQLiteError?

    init(database: Database, sql: String, persistent: Bool) throws {
        var raw: OpaquePointer?
        let flags = UInt32(persistent ? SQLITE_PREPARE_PERSISTENT : 0)
        let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &raw, nil)
        guard code == SQLITE_OK, let raw else {
            throw database.error(code: code, sql: sql)
        }
        self.handle = raw
        self.sql = sql
        self.database = database
        self.isCached = persistent
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement so it can run again; bindings are cleared too.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        bindFailure = nil
    }

    /// Binds values to the parameters `?1…?n` in order.
    /// - Throws: ``SQLiteError`` (e.g. SQLITE_RANGE for too many values).
    public func bind(_ values: [SQLValue]) throws {
        for (i, value) in values.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    /// Binds one value to the parameter at `index` (1-based).
    /// - Throws: ``SQLiteError``.
    public func bind(_ value: SQLValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let i): code = sqlite3_bind_int64(handle, index, i)
        case .real(let d): code = sqlite3_bind_double(handle, index, d)
        case .text(let s): code = Statement.bindText(handle, index, s)
        case .blob(let b):
            code = b.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transientDestructor) }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Binds an integer without going through ``SQLValue`` (the hot paths of sync). These binders do
    /// not throw: a code other than `SQLITE_OK` is kept and thrown by the next ``step()``.
    public func bind(int64 value: Int64, at index: Int32) { note(sqlite3_bind_int64(handle, index, value)) }
    public func bind(double value: Double, at index: Int32) { note(sqlite3_bind_double(handle, index, value)) }
    public func bind(text value: String, at index: Int32) {
        note(Statement.bindText(handle, index, value))
    }

    /// Binds text with its byte count, without the C-string copy and strlen that passing a
    /// String as `const char *` costs (a tenth of an import's instructions, callgrind).
    @inline(__always) @discardableResult
    static func bindText(_ handle: OpaquePointer, _ index: Int32, _ value: String) -> Int32 {
        var value = value
        return value.withUTF8 { bytes in
            // A non-nil pointer even for "": a NULL pointer would bind SQL NULL instead of ''.
            guard let base = bytes.baseAddress else {
                return sqlite3_bind_text(handle, index, "", 0, transientDestructor)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transientDestructor)
            }
        }
    }
    public func bindNull(at index: Int32) { note(sqlite3_bind_null(handle, index)) }
    public func bind(blob value: [UInt8], at index: Int32) {
        note(value.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transientDestructor) })
    }

    /// Keeps the first failing result code of a binder that does not throw, for ``step()``.
    @inline(__always)
    func note(_ code: Int32) {
        if code != SQLITE_OK, bindFailure == nil { bindFailure = failure(code) }
    }

    /// Steps once: true when a row is ready to read, false when the statement is done.
    /// - Throws: ``SQLiteError``, the failure of an earlier binder that does not throw included
    ///   (the statement does not run then); a cached statement that fails is evicted from the cache.
    @discardableResult
    public func step() throws -> Bool {
        if let bindFailure {
            reset()
            throw bindFailure
        }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = failure(code)
            sqlite3_reset(handle)
            if isCached { database.evict(sql: sql) }
            throw error
        }
    }

    /// Binds, runs to completion and resets.
    /// - Throws: ``SQLiteError``.
    public func execute(arguments: [SQLValue] = []) throws {
        reset()
        try bind(arguments)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds, collects every row and resets.
    /// - Throws: ``SQLiteError``.
    public func rows(arguments: [SQLValue] = []) throws -> [Row] {
        reset()
        try bind(arguments)
        var rows: [Row] = []
        let names = columnNames
        while try step() {
            rows.append(Row(names: names, values: (0..<columnCount).map { value(at: $0) }))
        }
        sqlite3_reset(handle)
        return rows
    }

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    public func isNull(at index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    public func double(at index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// The column as text ("" for NULL).
    public func text(at index: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column as bytes ([] for NULL).
    public func blob(at index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Calls `body` with the column's bytes without copying them (valid only during the call).
    public func withBlob<T>(at index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, index))
        let pointer = sqlite3_column_blob(handle, index)
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    /// The column as a typed value.
    public func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int64(at: index))
        case SQLITE_FLOAT: return .real(double(at: index))
        case SQLITE_BLOB: return .blob(blob(at: index))
        default: return .text(text(at: index))
        }
    }

    private func failure(_ code: Int32) -> SQLiteError { database.error(code: code, sql: sql) }
}

@available(*, unavailable, message: "a statement belongs to its connection's executor")
extension Statement: Sendable {}
