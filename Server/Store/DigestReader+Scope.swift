import GisementSQLite
import GisementShared

/// Verify limited to a scope: digests summed over the records the scope holds, read by key, so
/// that a scoped replica compares with exactly what it may hold.
extension DigestReader {
    /// The records `holds` holds, with their digests and buckets.
    static func heldRecords(_ db: Database, holds: ScopeHolds) throws -> [(RecordDigest, bucket: Int)] {
        let statement = try db.cachedStatement(sql: "SELECT kind, id, digest, bucket FROM record_clocks WHERE scope_key = ?")
        var records: [(RecordDigest, bucket: Int)] = []
        for key in holds.keys.sorted() {
            defer { statement.reset() }  // also when a damaged row throws (see `records`)
            statement.bind(text: key, at: 1)
            while try statement.step() {
                let kind = try StoreRow(statement: statement, table: "record_clocks", keyColumn: 1).kind(0)
                records.append(
                    (RecordDigest(
                        record: RecordKey(kind: kind, id: statement.text(at: 1)),
                        digest: UInt64(bitPattern: statement.int64(at: 2))), Int(statement.int64(at: 3))))
            }
        }
        return records
    }
}
