import GisementSQLite

/// A token as listed: never the token itself, which only its holder knows.
public struct TokenInfo: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// ISO 8601 UTC.
    public var createdAt: String
    /// ISO 8601 UTC, nil while the token is valid.
    public var revokedAt: String?
    /// The districts and tests it is limited to (``ScopeKey`` keys); nil for the whole network.
    public var scope: Set<String>?
    /// When it last synced (from the session log), nil if never.
    public var lastUsedAt: String?

    public var isRevoked: Bool { revokedAt != nil }

    public init(
        name: String, role: Role, createdAt: String, revokedAt: String? = nil, scope: Set<String>? = nil,
        lastUsedAt: String? = nil
    ) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.scope = scope
        self.lastUsedAt = lastUsedAt
    }
}

/// Why a token command was refused.
public struct TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case duplicateName
        case unknownName
        case alreadyRevoked
        case invalidName
    }

    public var reason: Reason
    public var name: String

    public init(reason: Reason, name: String) {
        self.reason = reason
        self.name = name
    }

    public var description: String {
        switch reason {
        case .duplicateName: return "a token named '\(name)' already exists; pick another name or revoke it first"
        case .unknownName: return "there is no token named '\(name)'; see 'gisement-server token list'"
        case .alreadyRevoked: return "the token '\(name)' is already revoked"
        case .invalidName:
            return "'\(name)' is not a valid token name; use 1-64 characters from A-Z a-z 0-9 . _ : -"
        }
    }
}

/// The `tokens` table: names, roles and SHA-256 digests.
///
/// Every lookup reads the table, with no cache, so a `token revoke` run by another process
/// takes effect on the very next request.
public enum TokenStore {
    /// Whether `name` may name a token: 1–64 characters from `A-Z a-z 0-9 . _ : -`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2E
                    || b == 0x5F || b == 0x3A || b == 0x2D
            }
    }

    /// Stores a new token's digest, limited to `scope` (``ScopeKey`` keys) when given. The name of
    /// a revoked token may be given again: the new token replaces the revoked one.
    /// - Throws: ``TokenError`` for an invalid or taken name, ``SQLiteError`` otherwise.
    public static func add(
        _ db: Database, name: String, role: Role, digest: [UInt8], at: String, scope: Set<String>? = nil
    ) throws {
        guard isValidName(name) else { throw TokenError(reason: .invalidName, name: name) }
        try db.inTransaction(.immediate) {
            let rows = try db.query(sql: "SELECT revoked_at FROM tokens WHERE name = ?", arguments: [.text(name)])
            if let row = rows.first {
                if row[0].isNull { throw TokenError(reason: .duplicateName, name: name) }
                try db.execute(sql: "DELETE FROM tokens WHERE name = ?", arguments: [.text(name)])
                try db.execute(sql: "DELETE FROM token_scopes WHERE token = ?", arguments: [.text(name)])
            }
            try db.execute(
                sql: "INSERT INTO tokens(name, role, digest, created_at, scoped) VALUES (?, ?, ?, ?, ?)",
                arguments: [.text(name), .text(role.rawValue), .blob(digest), .text(at), .integer(scope == nil ? 0 : 1)])
            for key in (scope ?? []).sorted() {
                try db.execute(sql: "INSERT INTO token_scopes(token, key) VALUES (?, ?)", arguments: [.text(name), .text(key)])
            }
            return .commit
        }
    }

    /// Changes a valid token's scope: adds and removes keys, or (`all`) lifts the scope. A token
    /// that sees the whole network and is given keys to add sees only those from then on; removing
    /// from such a token changes nothing.
    /// - Returns: the scope after the change (nil: the whole network).
    /// - Throws: ``TokenError`` for an unknown or revoked name, ``SQLiteError`` otherwise.
    @discardableResult
    public static func changeScope(
        _ db: Database, name: String, adding: Set<String>, removing: Set<String>, all: Bool
    ) throws -> Set<String>? {
        try db.inTransaction(.immediate) {
            let rows = try db.query(sql: "SELECT revoked_at FROM tokens WHERE name = ?", arguments: [.text(name)])
            guard let row = rows.first else { throw TokenError(reason: .unknownName, name: name) }
            if !row[0].isNull { throw TokenError(reason: .alreadyRevoked, name: name) }
            if all {
                try db.execute(sql: "DELETE FROM token_scopes WHERE token = ?", arguments: [.text(name)])
                try db.execute(sql: "UPDATE tokens SET scoped = 0 WHERE name = ?", arguments: [.text(name)])
            } else {
                if !adding.isEmpty {
                    try db.execute(sql: "UPDATE tokens SET scoped = 1 WHERE name = ?", arguments: [.text(name)])
                }
                for key in adding.sorted() {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO token_scopes(token, key) VALUES (?, ?)",
                        arguments: [.text(name), .text(key)])
                }
                for key in removing.sorted() {
                    try db.execute(
                        sql: "DELETE FROM token_scopes WHERE token = ? AND key = ?", arguments: [.text(name), .text(key)])
                }
            }
            return .commit
        }
        return try scope(db, token: name)
    }

    /// A token's scope keys, nil when it sees the whole network.
    /// - Throws: ``SQLiteError``.
    public static func scope(_ db: Database, token name: String) throws -> Set<String>? {
        let scoped = try db.cachedStatement(sql: "SELECT scoped FROM tokens WHERE name = ?")
        scoped.bind(text: name, at: 1)
        let isScoped = try scoped.step() && scoped.int64(at: 0) != 0
        scoped.reset()
        guard isScoped else { return nil }
        let keys = try db.cachedStatement(sql: "SELECT key FROM token_scopes WHERE token = ?")
        keys.bind(text: name, at: 1)
        defer { keys.reset() }
        var scope: Set<String> = []
        while try keys.step() { scope.insert(keys.text(at: 0)) }
        return scope
    }

    /// Every token, oldest first, with its scope and its last sync.
    /// - Throws: ``SQLiteError``, ``StoreDamage`` for a role that is none (it was listed as `agent`).
    public static func list(_ db: Database) throws -> [TokenInfo] {
        let statement = try db.cachedStatement(sql: "SELECT name, role, created_at, revoked_at FROM tokens ORDER BY created_at, name")
        defer { statement.reset() }
        var tokens: [TokenInfo] = []
        while try statement.step() {
            let row = StoreRow(statement: statement, table: "tokens")
            tokens.append(
                TokenInfo(
                    name: statement.text(at: 0), role: try row.role(1), createdAt: statement.text(at: 2),
                    revokedAt: statement.isNull(at: 3) ? nil : statement.text(at: 3)))
        }
        return try tokens.map { token in
            var token = token
            token.scope = try scope(db, token: token.name)
            token.lastUsedAt = try db.scalar(
                sql: "SELECT at FROM sessions WHERE token = ? ORDER BY seq DESC LIMIT 1", arguments: [.text(token.name)]
            )?.textValue
            return token
        }
    }

    /// Marks a token revoked; it is refused from the next request on.
    /// - Throws: ``TokenError`` for an unknown or already revoked name, ``SQLiteError`` otherwise.
    public static func revoke(_ db: Database, name: String, at: String) throws {
        try db.inTransaction(.immediate) {
            let rows = try db.query(sql: "SELECT revoked_at FROM tokens WHERE name = ?", arguments: [.text(name)])
            guard let row = rows.first else { throw TokenError(reason: .unknownName, name: name) }
            if !row[0].isNull { throw TokenError(reason: .alreadyRevoked, name: name) }
            try db.execute(sql: "UPDATE tokens SET revoked_at = ? WHERE name = ?", arguments: [.text(at), .text(name)])
            return .commit
        }
    }

    /// The valid (not revoked) token whose digest is `digest`, compared in constant time.
    /// - Throws: ``SQLiteError``.
    public static func validToken(_ db: Database, digest: [UInt8]) throws -> TokenInfo? {
        let statement = try db.cachedStatement(
            sql: "SELECT name, role, created_at, revoked_at, digest FROM tokens WHERE digest = ?")
        statement.bind(blob: digest, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        // The index found the row by equality; compare again in constant time so that the
        // decision itself never depends on how many bytes matched.
        guard AccessToken.matches(statement.blob(at: 4), digest), statement.isNull(at: 3),
            let role = Role(rawValue: statement.text(at: 1))
        else { return nil }
        let name = statement.text(at: 0)
        let createdAt = statement.text(at: 2)
        statement.reset()
        return TokenInfo(name: name, role: role, createdAt: createdAt, scope: try scope(db, token: name))
    }

    /// The name of the revoked token whose digest is `digest`, for the request log of its 401.
    /// - Throws: ``SQLiteError``.
    public static func revokedName(_ db: Database, digest: [UInt8]) throws -> String? {
        let statement = try db.cachedStatement(sql: "SELECT name, digest FROM tokens WHERE digest = ? AND revoked_at IS NOT NULL")
        statement.bind(blob: digest, at: 1)
        defer { statement.reset() }
        guard try statement.step(), AccessToken.matches(statement.blob(at: 1), digest) else { return nil }
        return statement.text(at: 0)
    }

    /// Whether some valid admin token exists (the first-run hint checks it).
    /// - Throws: ``SQLiteError``.
    public static func hasAdmin(_ db: Database) throws -> Bool {
        try db.scalar(sql: "SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1") != nil
    }
}
