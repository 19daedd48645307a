import GisementSQLite
import GisementShared
import Testing

@testable import GisementClient

/// Migration 005 computes the digests of a replica made before it; they must equal what local
/// writes, pulls and rotations keep up to date since.
@Suite struct ReplicaRecoveryMigrationTests {
    /// Turns a replica back into what versions before migration 005 made.
    static func downgrade(_ path: String) throws {
        let db = try Database(path: path, options: DatabaseOptions(access: .readWrite))
        try db.execute(
            sql: """
                DROP INDEX IF EXISTS records_by_bucket;
                ALTER TABLE records DROP COLUMN digest;
                ALTER TABLE records DROP COLUMN bucket;
                DROP TABLE digest_buckets;
                ALTER TABLE conflicts DROP COLUMN edit_vs_delete;
                ALTER TABLE replica_meta DROP COLUMN server_store;
                ALTER TABLE replica_meta DROP COLUMN server_lineage;
                ALTER TABLE replica_meta DROP COLUMN recovery_pending;
                ALTER TABLE sync_sent DROP COLUMN acked;
                DELETE FROM schema_migrations WHERE id IN ('005-recovery', '008-no-bucket-index');
                """)
    }

    @Test func digestsKeptByWrites_equalTheBackfill_ofTheSameReplica() throws {
        let fixture = try ReportStreamTests.makeWorld(seed: 2027)
        let store = fixture.store
        // Edits over existing records, a removal and a rotation, on top of the creations.
        let collections = try store.records(kind: .collection).prefix(20)
        for (i, record) in collections.enumerated() {
            try store.write(kind: .collection, id: record.id, fields: [("notes", .text("edit \(i)")), ("items", .integer(Int64(i)))])
        }
        if let first = collections.first { try store.delete(kind: .collection, id: first.id) }
        try store.rotateReplicaID(newID: "r-rotated")
        let kept = try store.bucketDigests()
        #expect(kept.contains { $0 != 0 })
        let path = store.path
        try Self.downgrade(path)
        let reopened = try ReplicaStore(path: path)
        #expect(try reopened.bucketDigests() == kept)
        let records = try reopened.recordDigests(buckets: Array(0..<VersionDigest.bucketCount))
        for (key, digest) in records.prefix(50) {
            let versions = try reopened.versions(of: [key])
            let expected = versions.reduce(UInt64(0)) { $0 &+ VersionDigest.hash($1) }
            #expect(digest == expected, "\(key)")
        }
    }

    /// Verify's drill-down scans the records once (migration 008 dropped the index on the bucket,
    /// a hash that put every pulled record on a random page): a few buckets give exactly their
    /// records, and a number that is no bucket gives none.
    @Test func recordDigests_ofSomeBuckets_areExactlyTheirRecords_withNoBucketIndex() throws {
        let fixture = try ReportStreamTests.makeWorld(seed: 2028)  // holds the replica's folder
        let store = fixture.store
        let all = try store.recordDigests(buckets: Array(0..<VersionDigest.bucketCount))
        #expect(all.count > 10)
        let asked = Array(Set(all.map { VersionDigest.bucket($0.0) }).sorted().prefix(3).reversed())
        let expected = all.filter { asked.contains(VersionDigest.bucket($0.0)) }
        let got = try store.recordDigests(buckets: asked + [-1, VersionDigest.bucketCount])
        #expect(Set(got.map(\.0)) == Set(expected.map(\.0)) && got.count == expected.count)
        #expect(Dictionary(uniqueKeysWithValues: got) == Dictionary(uniqueKeysWithValues: expected))
        #expect(try store.recordDigests(buckets: []).isEmpty)

        let db = try Database(path: store.path, options: DatabaseOptions(access: .readOnly))
        let leading = try db.query(sql: """
            SELECT l.name FROM pragma_index_list('records') AS l, pragma_index_info(l.name) AS i
            WHERE i.seqno = 0 AND i.name = 'bucket'
            """)
        #expect(leading.isEmpty, "\(leading.compactMap { $0[0].textValue })")
        withExtendedLifetime(fixture) {}
    }
}
