/// An error reported by PostgreSQL or libpq, sorted by what the caller can do about it.
///
/// The description never includes bound parameters nor the password of the URL, so no value
/// (a token digest, a user's note, a secret) leaks into a log line.
public struct PostgresError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The server cannot be reached: wrong host or port, not started, or the connection broke.
        case unreachable
        /// The server refused who we are: wrong password, unknown role, no `pg_hba.conf` entry.
        case refused
        /// The URL itself cannot be read.
        case badURL
        /// A statement failed (a constraint, a syntax error, a serialization failure…): see ``sqlState``.
        case statement
    }

    public var kind: Kind
    /// libpq's or the server's message, first line only.
    public var message: String
    /// The five-character SQLSTATE when the server sent one (`23505` unique violation, `40001` …).
    public var sqlState: String?
    public var sql: String?

    public init(_ kind: Kind, message: String, sqlState: String? = nil, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.sql = sql
    }

    /// Serialization failures and deadlocks: the transaction may simply be run again.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// A unique or primary-key violation.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    public var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}
