import GisementShared

/// What a replica keeps about schema versions (docs/protocol.md, "Schema version"): the version it
/// last pulled with and how far the catch-up of a newer one got, the server's version, and which
/// pending changes a server of an older version cannot hold.
extension ReplicaStore {
    /// - Throws: ``ReplicaError`` `.damaged` for a version or cursor that is no integer (the
    ///   columns are `NOT NULL`: only a damaged file has another value there).
    public func schemaProgress() throws -> SchemaProgress {
        let rows = try database.query(
            sql: "SELECT pulled_schema, catch_up_cursor, server_schema, server_version, sync_cursor FROM replica_meta")
        guard let first = rows.first else {
            throw ReplicaError.notInitialized(path)
        }
        let row = StoredRow(row: first, table: "replica_meta", key: .integer(1), path: path)
        return SchemaProgress(
            pulledSchema: Int(try row.integer(0)), catchUpCursor: try row.integer(1),
            serverSchema: first[2].integerValue.map { Int($0) }, serverVersion: first[3].textValue,
            feedCursor: try row.integer(4))
    }

    public func applyCatchUp(_ changes: [Change], cursor: Int64, finished: Bool) throws -> Int {
        try apply(pulled: changes, position: .catchUp(cursor: cursor, finished: finished)).conflicts
    }

    public func saveServerSchema(_ version: Int, appVersion: String?) throws {
        try database.execute(
            sql: "UPDATE replica_meta SET server_schema = ?1, server_version = ?2",
            arguments: [.integer(Int64(version)), appVersion.map { .text($0) } ?? .null])
    }

    public func heldCount(above schema: Int) throws -> Int {
        guard schema < SchemaVersion.current else { return 0 }
        let statement = try database.cachedStatement(
            sql: OutboxSQL.select + " WHERE o.first NOT IN (SELECT counter FROM set_aside) ORDER BY o.first")
        var held = 0
        try OutboxSQL.forEachChange(statement, replica: replicaID, numbers: numbers) { change in
            if !SchemaVersion.holds(schema, kind: change.kind, field: change.field) { held += 1 }
            return true
        }
        return held
    }
}

/// The replica's schema-version state.
public struct SchemaProgress: Sendable, Hashable {
    /// The schema version of the replica's last complete pull (1 for a replica older than versions).
    public var pulledSchema = SchemaVersion.current
    /// Where the catch-up pull of a newer version got to.
    public var catchUpCursor: Int64 = 0
    /// The server's schema and app version, as last seen (nil before the first sync).
    public var serverSchema: Int?
    public var serverVersion: String?
    /// The feed cursor: the catch-up needs only what lies before it.
    public var feedCursor: Int64 = 0
}
