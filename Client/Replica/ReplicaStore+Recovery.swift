import GisementShared
import GisementSQLite

/// One generation of the server a replica saw: its id and the feed head when it started.
public struct ServerGeneration: Sendable, Hashable {
    public var id: String
    public var base: Int64

    public init(id: String, base: Int64) {
        self.id = id
        self.base = base
    }

    /// `id:base`; an entry without a base reads as base 0 (a recovery too many, never one too few).
    init(text: Substring) {
        let parts = text.split(separator: ":", maxSplits: 1)
        id = String(parts.first ?? "")
        base = parts.count > 1 ? Int64(parts[1]) ?? 0 : 0
    }

    var text: String { "\(id):\(base)" }
}

/// What a replica remembers of its server to tell, at the next sync, that the server went back.
public struct ServerKnowledge: Sendable, Hashable {
    /// The store identity last seen; nil before the first sync with a 1.1 server.
    public var store: String?
    /// The server generations seen, oldest first (the last ``ReplicaStore/lineageLength``).
    public var lineage: [ServerGeneration]
    /// A recovery was found necessary and has not finished yet.
    public var isRecoveryPending: Bool
    /// The highest own counter (of the current replica id) the server acknowledged.
    public var acknowledged: UInt64
}

extension ReplicaStore {
    /// How many generations a replica remembers: more than enough restarts between two syncs.
    public static let lineageLength = 16

    public func serverKnowledge() throws -> ServerKnowledge {
        let row = try database.query(sql: "SELECT server_store, server_lineage, recovery_pending FROM replica_meta").first
        let acked = try database.scalar(
            sql: "SELECT acked FROM sync_sent WHERE replica_id = ?1", arguments: [.text(replicaID)])
        let lineage = (row?[1].textValue ?? "").split(separator: ",").map(ServerGeneration.init(text:))
        return ServerKnowledge(
            store: row?[0].textValue, lineage: lineage, isRecoveryPending: row?[2].integerValue == 1,
            acknowledged: UInt64(acked?.integerValue ?? 0))
    }

    /// Remembers the server's store and generation, and whether a recovery is under way.
    public func saveServerKnowledge(store: String?, generation: ServerGeneration?, recoveryPending: Bool) throws {
        try transaction {
            var lineage = try serverKnowledge().lineage
            if let generation, lineage.last?.id != generation.id {
                lineage.append(generation)
                lineage = Array(lineage.suffix(Self.lineageLength))
            }
            try database.execute(
                sql: "UPDATE replica_meta SET server_store = coalesce(?1, server_store), server_lineage = ?2, recovery_pending = ?3",
                arguments: [store.map { .text($0) } ?? .null, .text(lineage.map(\.text).joined(separator: ",")), .integer(recoveryPending ? 1 : 0)])
        }
    }

    /// Sets the feed position to read from.
    public func setCursor(_ cursor: Int64) throws {
        try database.execute(sql: "UPDATE replica_meta SET sync_cursor = ?1", arguments: [.integer(cursor)])
    }

    /// The digest of every bucket (``VersionDigest``), 0 for an empty one.
    public func bucketDigests() throws -> [UInt64] {
        var digests = [UInt64](repeating: 0, count: VersionDigest.bucketCount)
        let statement = try database.cachedStatement(sql: "SELECT bucket, digest FROM digest_buckets")
        defer { statement.reset() }
        while try statement.step() {
            let bucket = Int(statement.int64(at: 0))
            if digests.indices.contains(bucket) { digests[bucket] = UInt64(bitPattern: statement.int64(at: 1)) }
        }
        return digests
    }

    /// The records of `buckets` with their digests, in one scan of the records: the bucket has no
    /// index (a hash spreads pulled records over random pages; migration 008).
    public func recordDigests(buckets: [Int]) throws -> [(RecordKey, UInt64)] {
        let wanted = BucketSet(buckets)
        guard !wanted.isEmpty else { return [] }
        let statement = try database.cachedStatement(sql: "SELECT kind, id, digest, bucket FROM records")
        defer { statement.reset() }
        var records: [(RecordKey, UInt64)] = []
        while try statement.step() {
            guard wanted.contains(Int(statement.int64(at: 3))) else { continue }
            let kind = try KindCode.kind(statement.int64(at: 0), path: path)
            records.append((RecordKey(kind: kind, id: statement.text(at: 1)), UInt64(bitPattern: statement.int64(at: 2))))
        }
        return records
    }

    /// Every version this replica holds of `records`, as changes.
    public func versions(of records: [RecordKey]) throws -> [Change] {
        let tables = try VersionTables(database: database, numbers: numbers)
        var changes: [Change] = []
        for record in records {
            guard let found = try tables.record(record.kind, record.id) else { continue }
            for (field, version) in try tables.versions(found.key, kind: record.kind).sorted(by: { $0.key < $1.key }) {
                changes.append(Change(kind: record.kind, id: record.id, field: field, version: version))
            }
        }
        return changes
    }

    /// Merges versions fetched from the server to repair this replica, without moving the cursor.
    public func applyRepair(_ changes: [Change]) throws -> ApplyResult {
        let cursor = try syncState.cursor
        return try apply(pulled: changes, cursor: cursor)
    }
}
