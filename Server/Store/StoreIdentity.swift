import Foundation
import GisementSQLite
import GisementShared

/// What a client learns about the store at each sync so it can tell that the server went back
/// (restored from a backup, or replaced by an empty one): see docs/protocol.md, "Recovery".
public struct ReplicaStatus: Sendable, Hashable {
    public var replica: ReplicaID
    /// The highest counter the replica pushed itself (relayed copies do not count).
    public var counter: UInt64
    /// The highest counter of this replica that others relayed.
    public var relayedCounter: UInt64
    /// The store's identity: a new database has a new one; a backup keeps its original's.
    public var store: String
    /// The generation serving now: a new one starts at every `serve`.
    public var generation: String?
    /// The feed head when that generation started.
    public var generationBase: Int64?
    /// The latest generation of the client's lineage that the server holds too, if any.
    public var common: String?
    /// The feed's last position.
    public var head: Int64
    /// Where the feed went back to, for a client that knew an earlier generation: the head at the
    /// start of the generation that followed the latest one it knew (0 when it knew none of them);
    /// nil when it knows the current generation or sent no lineage.
    public var rewind: Int64?
}

/// Reads and starts the store's identity and generations.
enum StoreIdentity {
    /// - Throws: ``StoreDamage`` when the row is missing or empty: every store gets its identity
    ///   when created, and a client comparing an empty one would take the store for another.
    static func storeID(_ db: Database) throws -> String {
        let id = try db.scalar(sql: "SELECT value FROM store_meta WHERE key = 'store_id'")?.textValue ?? ""
        guard !id.isEmpty else { throw StoreDamage.missingRow(table: "store_meta", row: "'store_id'") }
        return id
    }

    /// Starts a new generation at the current head (each `serve`).
    static func startGeneration(_ db: Database, at: String) throws -> String {
        let id = UUID().uuidString.lowercased()
        let statement = try db.makeStatement(sql: """
            INSERT INTO generations(id, base, started_at)
            VALUES (?, (SELECT coalesce(max(seq), 0) FROM field_versions), ?)
            """)
        statement.bind(text: id, at: 1)
        statement.bind(text: at, at: 2)
        try statement.step()
        return id
    }
}
