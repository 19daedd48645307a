import GisementPostgres
import GisementShared

/// The `tokens` table in PostgreSQL, as ``TokenStore`` keeps it in SQLite. Digests are stored as
/// lowercase hex text; the lookup is by equality on the index, then compared in constant time.
struct PostgresTokens {
    let db: PostgresConnection

    static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    func validToken(digest: [UInt8]) throws -> TokenInfo? {
        let key = Self.hex(digest)
        guard let row = try db.execute(
            "SELECT name, role, created_at, revoked_at, digest FROM tokens WHERE digest = $1", [key]).first,
            AccessToken.matches(Array(row.text(4).utf8), Array(key.utf8)), row.isNull(3),
            let role = Role(rawValue: row.text(1))
        else { return nil }
        return TokenInfo(name: row.text(0), role: role, createdAt: row.text(2), scope: try scope(of: row.text(0)))
    }

    func revokedName(digest: [UInt8]) throws -> String? {
        let key = Self.hex(digest)
        guard let row = try db.execute(
            "SELECT name, digest FROM tokens WHERE digest = $1 AND revoked_at IS NOT NULL", [key]).first,
            AccessToken.matches(Array(row.text(1).utf8), Array(key.utf8))
        else { return nil }
        return row.text(0)
    }

    func hasAdmin() throws -> Bool {
        try db.execute("SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1").count > 0
    }

    /// A token's scope keys, nil when it sees the whole network.
    func scope(of name: String) throws -> Set<String>? {
        guard try db.execute("SELECT scoped FROM tokens WHERE name = $1", [name]).first?.int64(0) == 1 else { return nil }
        return Set(try db.execute("SELECT key FROM token_scopes WHERE token = $1", [name]).all.map { $0.text(0) })
    }

    /// Stores a new token (see ``TokenStore/add(_:name:role:digest:at:scope:)``).
    func add(name: String, role: Role, digest: [UInt8], at: String, scope: Set<String>?) throws {
        guard TokenStore.isValidName(name) else { throw TokenError(reason: .invalidName, name: name) }
        try db.transaction {
            try db.execute("LOCK TABLE tokens IN SHARE ROW EXCLUSIVE MODE")
            if let row = try db.execute("SELECT revoked_at FROM tokens WHERE name = $1", [name]).first {
                if row.isNull(0) { throw TokenError(reason: .duplicateName, name: name) }
                try db.execute("DELETE FROM tokens WHERE name = $1", [name])
                try db.execute("DELETE FROM token_scopes WHERE token = $1", [name])
            }
            try db.execute(
                "INSERT INTO tokens(name, role, digest, created_at, scoped) VALUES ($1, $2, $3, $4, $5)",
                [name, role.rawValue, Self.hex(digest), at, scope == nil ? "0" : "1"])
            for key in (scope ?? []).sorted() {
                try db.execute("INSERT INTO token_scopes(token, key) VALUES ($1, $2)", [name, key])
            }
        }
    }

    /// Changes a valid token's scope (see ``TokenStore/changeScope(_:name:adding:removing:all:)``).
    func changeScope(name: String, adding: Set<String>, removing: Set<String>, all: Bool) throws -> Set<String>? {
        try db.transaction {
            guard let row = try db.execute("SELECT revoked_at FROM tokens WHERE name = $1 FOR UPDATE", [name]).first else {
                throw TokenError(reason: .unknownName, name: name)
            }
            if !row.isNull(0) { throw TokenError(reason: .alreadyRevoked, name: name) }
            if all {
                try db.execute("DELETE FROM token_scopes WHERE token = $1", [name])
                try db.execute("UPDATE tokens SET scoped = 0 WHERE name = $1", [name])
            } else {
                if !adding.isEmpty { try db.execute("UPDATE tokens SET scoped = 1 WHERE name = $1", [name]) }
                for key in adding.sorted() {
                    try db.execute("INSERT INTO token_scopes(token, key) VALUES ($1, $2) ON CONFLICT DO NOTHING", [name, key])
                }
                for key in removing.sorted() {
                    try db.execute("DELETE FROM token_scopes WHERE token = $1 AND key = $2", [name, key])
                }
            }
        }
        return try scope(of: name)
    }

    /// Every token, oldest first, with its scope and its last sync.
    func list() throws -> [TokenInfo] {
        try db.execute("SELECT name, role, created_at, revoked_at FROM tokens ORDER BY created_at, name").all.map { row in
            var token = TokenInfo(
                name: row.text(0), role: try row.role(1, in: "tokens"), createdAt: row.text(2),
                revokedAt: row.optionalText(3))
            token.scope = try scope(of: token.name)
            token.lastUsedAt = try db.execute(
                "SELECT at FROM sessions WHERE token = $1 ORDER BY seq DESC LIMIT 1", [token.name]).first?.text(0)
            return token
        }
    }

    /// Marks a token revoked (see ``TokenStore/revoke(_:name:at:)``).
    func revoke(name: String, at: String) throws {
        try db.transaction {
            guard let row = try db.execute("SELECT revoked_at FROM tokens WHERE name = $1 FOR UPDATE", [name]).first else {
                throw TokenError(reason: .unknownName, name: name)
            }
            if !row.isNull(0) { throw TokenError(reason: .alreadyRevoked, name: name) }
            try db.execute("UPDATE tokens SET revoked_at = $1 WHERE name = $2", [at, name])
        }
    }

    /// Frees a replica id from the token that owns it; returns that token's name (nil: none owned it).
    func releaseReplica(_ replica: String) throws -> String? {
        try db.transaction {
            let owner = try db.execute("SELECT owner FROM replicas WHERE replica = $1 FOR UPDATE", [replica]).first?
                .optionalText(0)
            try db.execute("UPDATE replicas SET owner = NULL WHERE replica = $1", [replica])
            return owner
        }
    }
}
