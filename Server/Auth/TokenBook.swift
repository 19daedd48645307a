import GisementShared
import GisementSQLite

/// What the token commands do to a store, on either engine: ``TokenStore`` on a SQLite
/// `Database`, ``PostgresTokens`` on a PostgreSQL connection. Also the lookups that turn the names
/// an admin types into scope keys (``ScopeNames``).
protocol TokenBook {
    func add(name: String, role: Role, digest: [UInt8], at: String, scope: Set<String>?) throws
    func changeScope(name: String, adding: Set<String>, removing: Set<String>, all: Bool) throws -> Set<String>?
    func list() throws -> [TokenInfo]
    func revoke(name: String, at: String) throws
    /// Frees a replica id from the token that first pushed under it; returns that token's name
    /// (nil: no token owned it).
    func releaseReplica(_ replica: String) throws -> String?
    /// Whether the store holds a record of `kind` with this id.
    func holdsRecord(kind: RecordKind, id: RecordID) throws -> Bool
    /// The ids of the records of `kind` whose `name` is exactly `name`, sorted.
    func ids(kind: RecordKind, named name: String) throws -> [RecordID]
    /// A record's `name`, if it has one.
    func name(kind: RecordKind, id: RecordID) throws -> String?
}

/// ``TokenBook`` on a SQLite server database.
struct SQLiteTokenBook: TokenBook {
    let db: Database

    func add(name: String, role: Role, digest: [UInt8], at: String, scope: Set<String>?) throws {
        try TokenStore.add(db, name: name, role: role, digest: digest, at: at, scope: scope)
    }

    func changeScope(name: String, adding: Set<String>, removing: Set<String>, all: Bool) throws -> Set<String>? {
        try TokenStore.changeScope(db, name: name, adding: adding, removing: removing, all: all)
    }

    func list() throws -> [TokenInfo] { try TokenStore.list(db) }

    func revoke(name: String, at: String) throws { try TokenStore.revoke(db, name: name, at: at) }

    func releaseReplica(_ replica: String) throws -> String? {
        try db.write {
            let owner = try db.scalar(sql: "SELECT owner FROM replicas WHERE replica = ?", arguments: [.text(replica)])?.textValue
            try db.execute(sql: "UPDATE replicas SET owner = NULL WHERE replica = ?", arguments: [.text(replica)])
            return owner
        }
    }

    func holdsRecord(kind: RecordKind, id: RecordID) throws -> Bool {
        try db.scalar(
            sql: "SELECT 1 FROM field_versions WHERE kind = ? AND id = ? LIMIT 1", arguments: [.text(kind.rawValue), .text(id)]
        ) != nil
    }

    func ids(kind: RecordKind, named name: String) throws -> [RecordID] {
        try db.query(
            sql: "SELECT id FROM field_versions WHERE kind = ? AND field = 'name' AND value = ? ORDER BY id",
            arguments: [.text(kind.rawValue), .text(name)]
        ).compactMap { $0[0].textValue }
    }

    func name(kind: RecordKind, id: RecordID) throws -> String? {
        try db.scalar(
            sql: "SELECT value FROM field_versions WHERE kind = ? AND id = ? AND field = 'name'",
            arguments: [.text(kind.rawValue), .text(id)])?.textValue
    }
}

extension PostgresTokens: TokenBook {
    func holdsRecord(kind: RecordKind, id: RecordID) throws -> Bool {
        try db.execute("SELECT 1 FROM field_versions WHERE kind = $1 AND id = $2 LIMIT 1", [kind.rawValue, id]).count > 0
    }

    func ids(kind: RecordKind, named name: String) throws -> [RecordID] {
        try db.execute(
            "SELECT id FROM field_versions WHERE kind = $1 AND field = 'name' AND value = $2 ORDER BY id", [kind.rawValue, name]
        ).all.map { $0.text(0) }
    }

    func name(kind: RecordKind, id: RecordID) throws -> String? {
        try db.execute(
            "SELECT value FROM field_versions WHERE kind = $1 AND id = $2 AND field = 'name'", [kind.rawValue, id]
        ).first?.optionalText(0)
    }
}
