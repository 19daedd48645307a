/// An error reported by SQLite: its result code, its message and the SQL that failed.
///
/// The description reads `SQLite error 19: UNIQUE constraint failed: t.id - while executing `INSERT …``.
/// Bound arguments are never included, so no value (a token digest, a user's note) leaks into logs.
public struct SQLiteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The extended result code (e.g. 2067 for SQLITE_CONSTRAINT_UNIQUE).
    public var extendedCode: ResultCode
    public var message: String
    public var sql: String?

    public init(code: ResultCode, message: String, sql: String? = nil) {
        self.extendedCode = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (e.g. SQLITE_CONSTRAINT).
    public var resultCode: ResultCode { extendedCode.primary }

    public var description: String {
        var text = "SQLite error \(resultCode.rawValue): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}
