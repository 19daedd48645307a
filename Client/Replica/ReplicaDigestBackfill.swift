import GisementShared
import GisementSQLite

/// Computes every record's digest and the bucket sums of a replica made before migration 005.
enum ReplicaDigestBackfill {
    static func run(_ db: Database) throws {
        let numbers = ReplicaNumbers(database: db)
        let records = try db.makeStatement(sql: "SELECT key, kind, id FROM records")
        let rows = try db.makeStatement(
            sql: "SELECT field, value, hlc_wall, hlc_logical, replica, counter FROM field_versions WHERE record = ?1")
        let save = try db.makeStatement(sql: "UPDATE records SET digest = ?2, bucket = ?3 WHERE key = ?1")
        var buckets = [(digest: UInt64, records: Int64)](repeating: (0, 0), count: VersionDigest.bucketCount)
        var found: [(Int64, RecordKey)] = []
        while try records.step() {
            let kind = try KindCode.kind(records.int64(at: 1), path: db.path)
            found.append((records.int64(at: 0), RecordKey(kind: kind, id: records.text(at: 2))))
        }
        for (key, record) in found {
            let schema = Schema.of(record.kind)
            var digest: UInt64 = 0
            rows.reset()
            rows.bind(int64: key, at: 1)
            var versions: [(String, FieldValue, HLCTimestamp, Int64, UInt64)] = []
            while try rows.step() {
                let field = rows.text(at: 0)
                versions.append(
                    (
                        field, StoredValue.field(rows, 1, type: schema.field(field)?.type),
                        HLCTimestamp(wall: rows.int64(at: 2), logical: UInt32(truncatingIfNeeded: rows.int64(at: 3))),
                        rows.int64(at: 4), UInt64(rows.int64(at: 5))
                    ))
            }
            for (field, value, hlc, replica, counter) in versions {
                let version = FieldVersion(
                    value: value, hlc: hlc, dot: Dot(replica: try numbers.id(replica), counter: counter), clock: VectorClock())
                digest &+= VersionDigest.hash(record, field: field, version)
            }
            let bucket = VersionDigest.bucket(record)
            save.reset()
            save.bind(int64: key, at: 1)
            save.bind(int64: Int64(bitPattern: digest), at: 2)
            save.bind(int64: Int64(bucket), at: 3)
            try save.step()
            buckets[bucket].digest &+= digest
            buckets[bucket].records += 1
        }
        let saveBucket = try db.makeStatement(sql: "INSERT INTO digest_buckets (bucket, digest, records) VALUES (?1, ?2, ?3)")
        for (bucket, sum) in buckets.enumerated() where sum.records > 0 {
            saveBucket.reset()
            saveBucket.bind(int64: Int64(bucket), at: 1)
            saveBucket.bind(int64: Int64(bitPattern: sum.digest), at: 2)
            saveBucket.bind(int64: sum.records, at: 3)
            try saveBucket.step()
        }
    }
}
