import GisementSQLite
import GisementShared

/// The bucket digests of the whole store, read in one snapshot with the feed head.
public struct BucketDigests: Sendable {
    public var store: String
    public var head: Int64
    /// ``VersionDigest/bucketCount`` digests, 0 for an empty bucket.
    public var digests: [UInt64]
}

/// One record's digest, for verify.
public struct RecordDigest: Sendable, Hashable {
    public var record: RecordKey
    public var digest: UInt64
}

/// Reads what `gisement verify` and the recovery compare (digests kept by ``PushApplier``).
enum DigestReader {
    static func buckets(_ db: Database) throws -> BucketDigests {
        var digests = [UInt64](repeating: 0, count: VersionDigest.bucketCount)
        let statement = try db.cachedStatement(sql: "SELECT bucket, digest FROM digest_buckets")
        defer { statement.reset() }
        while try statement.step() {
            let bucket = Int(statement.int64(at: 0))
            if digests.indices.contains(bucket) { digests[bucket] = UInt64(bitPattern: statement.int64(at: 1)) }
        }
        return BucketDigests(store: try StoreIdentity.storeID(db), head: try ChangeFeed.head(db), digests: digests)
    }

    /// The records of `buckets` with their digests, in one scan of the record clocks: the bucket has
    /// no index (a hash spreads pushed records over random pages; migration 005), and verify asks
    /// for all the buckets that differ at once.
    static func records(_ db: Database, buckets: [Int]) throws -> [RecordDigest] {
        let wanted = BucketSet(buckets)
        guard !wanted.isEmpty else { return [] }
        let statement = try db.cachedStatement(sql: "SELECT kind, id, digest, bucket FROM record_clocks")
        // Reset even when a damaged row throws: a statement left running keeps its snapshot, and
        // the next read gets old rows.
        defer { statement.reset() }
        var records: [RecordDigest] = []
        while try statement.step() {
            guard wanted.contains(Int(statement.int64(at: 3))) else { continue }
            let kind = try StoreRow(statement: statement, table: "record_clocks", keyColumn: 1).kind(0)
            records.append(
                RecordDigest(
                    record: RecordKey(kind: kind, id: statement.text(at: 1)),
                    digest: UInt64(bitPattern: statement.int64(at: 2))))
        }
        return records
    }

    /// Every stored version of `records`, as the feed serves them.
    static func versions(_ db: Database, records: [RecordKey]) throws -> [Change] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, field, value_type, value, hlc_wall, hlc_logical, replica, counter, clock
                FROM field_versions WHERE kind = ? AND id = ? ORDER BY seq
                """)
        var changes: [Change] = []
        for record in records {
            defer { statement.reset() }
            statement.bind(text: record.kind.rawValue, at: 1)
            statement.bind(text: record.id, at: 2)
            while try statement.step() {
                let row = StoreRow(statement: statement, table: "field_versions")
                changes.append(
                    Change(
                        kind: record.kind, id: record.id, field: statement.text(at: 1),
                        value: try row.value(2),
                        hlc: HLCTimestamp(wall: statement.int64(at: 4), logical: UInt32(clamping: statement.int64(at: 5))),
                        replica: statement.text(at: 6), counter: UInt64(clamping: statement.int64(at: 7)),
                        clock: try row.clock(8), seq: statement.int64(at: 0)))
            }
        }
        return changes
    }
}
