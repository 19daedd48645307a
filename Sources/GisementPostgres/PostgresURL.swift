/// A PostgreSQL connection URL as the user gave it (`postgres://USER:PASSWORD@HOST:PORT/NAME?…`).
///
/// libpq reads the URL itself (every parameter it documents works); this type only recognises one
/// and gives a form safe to print, with the password hidden.
public struct PostgresURL: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    /// Nil when `text` does not start with `postgres://` or `postgresql://` (case-insensitive).
    public init?(_ text: String) {
        guard PostgresURL.looksLikePostgres(text) else { return nil }
        self.text = text
    }

    /// Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
    public static func looksLikePostgres(_ text: String) -> Bool {
        let lower = text.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL with any password replaced by `***`, for messages and logs.
    public var redacted: String {
        guard let scheme = text.firstRange(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"),
            let colon = authority[..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<scheme.upperBound]) + authority[..<colon] + ":***" + authority[at...]
            + rest[authorityEnd...]
    }

    public var description: String { redacted }
}
