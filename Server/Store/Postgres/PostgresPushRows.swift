import Foundation
import GisementPostgres
import GisementShared

/// ``PushRows`` in PostgreSQL: the SQL of ``PushStatements`` in PostgreSQL's words, on the push's
/// connection and inside its transaction (libpq prepares each statement once per connection).
///
/// Every statement is a round trip, so ``prefetch(_:)`` reads the push's dots, records and buckets
/// in four queries first; the lookups then answer from memory. A prefetched record is handed out
/// once: a record that comes back later in the same push (not consecutive) is read again, after
/// its first run's writes. One instance per push.
final class PostgresPushRows: PushRows {
    let db: PostgresConnection
    private var prefetchedDots: Set<Dot> = []
    private var heldDots: [Dot: (digest: UInt64, relayed: Bool)] = [:]
    private var records: [RecordKey: LoadedRecord] = [:]
    private var prefetchedBuckets: Set<Int> = []
    private var storedBuckets: [Int: (digest: UInt64, records: Int64)] = [:]
    /// Writes held back and sent together by ``finish()`` (one statement per table): new field rows
    /// by position, and the latest dot, record clock and bucket of each key.
    private var pendingVersions: [[String?]] = []
    private var pendingDots: [Dot: [String?]] = [:]
    private var pendingRecords: [RecordKey: [String?]] = [:]
    private var pendingBuckets: [Int: [String?]] = [:]

    init(db: PostgresConnection) { self.db = db }

    /// Sends the held-back writes: before any read that could need them, and at the end of the push.
    func finish() throws {
        if !pendingVersions.isEmpty {
            try db.execute("""
                INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical,
                    replica, counter, clock, schema_version, scope_key)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[],
                    $7::bigint[], $8::bigint[], $9::text[], $10::bigint[], $11::text[], $12::integer[], $13::text[])
                """, PostgresArray.columns(pendingVersions, count: 13))
            pendingVersions.removeAll()
        }
        if !pendingRecords.isEmpty {
            try db.execute("""
                INSERT INTO record_clocks(kind, id, clock, digest, bucket, scope_key)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::integer[], $6::text[])
                ON CONFLICT (kind, id) DO UPDATE SET clock = excluded.clock, digest = excluded.digest,
                    scope_key = excluded.scope_key
                """, PostgresArray.columns(Array(pendingRecords.values), count: 6))
            pendingRecords.removeAll()
        }
        if !pendingDots.isEmpty {
            try db.execute("""
                INSERT INTO dots(replica, counter, digest, relayed)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::smallint[])
                ON CONFLICT (replica, counter) DO UPDATE SET digest = excluded.digest, relayed = excluded.relayed
                """, PostgresArray.columns(Array(pendingDots.values), count: 4))
            pendingDots.removeAll()
        }
        if !pendingBuckets.isEmpty {
            try db.execute("""
                INSERT INTO digest_buckets(bucket, digest, records)
                SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bigint[])
                ON CONFLICT (bucket) DO UPDATE SET digest = excluded.digest, records = excluded.records
                """, PostgresArray.columns(Array(pendingBuckets.values), count: 3))
            pendingBuckets.removeAll()
        }
    }

    func prefetch(_ push: ValidatedPush) throws {
        let dots = Array(Set(push.changes.map(\.dot)))
        let rows = try db.execute("""
            SELECT d.replica, d.counter, d.digest, d.relayed
            FROM dots AS d JOIN unnest($1::text[], $2::bigint[]) AS k(replica, counter)
                ON d.replica = k.replica AND d.counter = k.counter
            """, [PostgresArray.text(dots.map(\.replica)), PostgresArray.integers(dots.map { Int64(clamping: $0.counter) })])
        prefetchedDots = Set(dots)
        for row in rows.all {
            heldDots[Dot(replica: row.text(0), counter: UInt64(clamping: row.int64(1)))] =
                (UInt64(bitPattern: row.int64(2)), row.int64(3) != 0)
        }

        let keys = Array(Set(push.changes.map(\.record)))
        let kinds = PostgresArray.text(keys.map(\.kind.rawValue))
        let ids = PostgresArray.text(keys.map(\.id))
        for key in keys { records[key] = LoadedRecord() }
        for row in try db.execute("""
            SELECT r.kind, r.id, r.clock, r.digest, r.scope_key
            FROM record_clocks AS r JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON r.kind = k.kind AND r.id = k.id
            """, [kinds, ids]).all {
            let key = RecordKey(kind: try row.kind(0, in: "record_clocks", key: 1), id: row.text(1))
            records[key]?.exists = true
            records[key]?.record.clock = try row.clock(2, in: "record_clocks", key: 1)
            records[key]?.digest = UInt64(bitPattern: row.int64(3))
            records[key]?.scopeKey = row.optionalText(4)
        }
        for row in try db.execute("""
            SELECT f.kind, f.id, f.field, f.seq, f.value_type, f.value, f.hlc_wall, f.hlc_logical, f.replica, f.counter, f.clock
            FROM field_versions AS f JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON f.kind = k.kind AND f.id = k.id
            """, [kinds, ids]).all {
            let key = RecordKey(kind: try row.kind(0, in: "field_versions", key: 3), id: row.text(1))
            let field = row.text(2)
            records[key]?.seqs[field] = row.int64(3)
            records[key]?.record.versions[field] = try Self.version(row, from: 4, key: 3)
        }

        prefetchedBuckets = Set(keys.map(VersionDigest.bucket))
        for row in try db.execute(
            "SELECT bucket, digest, records FROM digest_buckets WHERE bucket = ANY($1::integer[])",
            [PostgresArray.integers(prefetchedBuckets.map(Int64.init))]
        ).all {
            storedBuckets[Int(row.int64(0))] = (UInt64(bitPattern: row.int64(1)), row.int64(2))
        }
    }

    func owner(of replica: ReplicaID) throws -> String? {
        try db.execute("SELECT owner FROM replicas WHERE replica = $1", [replica]).first?.optionalText(0)
    }

    func claimReplica(_ replica: ReplicaID, by token: String) throws {
        try db.execute("""
            INSERT INTO replicas(replica, counter, last_push_at, owner) VALUES ($1, 0, '', $2)
            ON CONFLICT (replica) DO UPDATE SET owner = $2
            """, [replica, token])
    }

    func raiseOwnHigh(_ replica: ReplicaID, to counter: UInt64, at: String) throws {
        try db.execute("""
            INSERT INTO replicas(replica, counter, last_push_at) VALUES ($1, $2, $3)
            ON CONFLICT (replica) DO UPDATE SET counter = greatest(replicas.counter, $2), last_push_at = $3
            """, [replica, counter.clampedParameter, at])
    }

    func raiseRelayedHigh(_ replica: ReplicaID, to counter: UInt64, at: String) throws {
        try db.execute("""
            INSERT INTO replicas(replica, counter, last_push_at, relayed_counter) VALUES ($1, 0, $3, $2)
            ON CONFLICT (replica) DO UPDATE SET relayed_counter = greatest(replicas.relayed_counter, $2)
            """, [replica, counter.clampedParameter, at])
    }

    func heldDot(_ dot: Dot) throws -> (digest: UInt64, relayed: Bool)? {
        if prefetchedDots.contains(dot) { return heldDots[dot] }
        try finish()
        guard let row = try db.execute(
            "SELECT digest, relayed FROM dots WHERE replica = $1 AND counter = $2", [dot.replica, dot.counter.clampedParameter]
        ).first else { return nil }
        return (UInt64(bitPattern: row.int64(0)), row.int64(1) != 0)
    }

    func saveDot(_ dot: Dot, hash: UInt64, relayed: Bool) throws {
        if prefetchedDots.contains(dot) { heldDots[dot] = (hash, relayed) }
        pendingDots[dot] = [dot.replica, dot.counter.clampedParameter, hash.bitPatternParameter, relayed ? "1" : "0"]
    }

    func loadRecord(_ key: RecordKey) throws -> LoadedRecord {
        if let prefetched = records.removeValue(forKey: key) { return prefetched }
        try finish()
        var loaded = LoadedRecord()
        // No row lock needed: every push holds the feed counter's lock (``PostgresStore``).
        if let row = try db.execute(
            "SELECT clock, digest, scope_key FROM record_clocks WHERE kind = $1 AND id = $2", [key.kind.rawValue, key.id]
        ).first {
            loaded.exists = true
            loaded.record.clock = try row.clock(0, in: "record_clocks", keyText: key.id)
            loaded.digest = UInt64(bitPattern: row.int64(1))
            loaded.scopeKey = row.optionalText(2)
        }
        let versions = try db.execute("""
            SELECT field, seq, value_type, value, hlc_wall, hlc_logical, replica, counter, clock
            FROM field_versions WHERE kind = $1 AND id = $2
            """, [key.kind.rawValue, key.id])
        for row in versions.all {
            let field = row.text(0)
            loaded.seqs[field] = row.int64(1)
            loaded.record.versions[field] = try Self.version(row, from: 2, key: 1)
        }
        return loaded
    }

    /// A field version from the columns `value_type, value, hlc_wall, hlc_logical, replica, counter, clock`.
    /// - Throws: ``StoreDamage`` for a value or clock the store never writes (`key`: the `seq` column).
    private static func version(_ row: PostgresRow, from index: Int, key: Int) throws -> FieldVersion {
        FieldVersion(
            value: try row.value(index, in: "field_versions", key: key),
            hlc: HLCTimestamp(wall: row.int64(index + 2), logical: UInt32(clamping: row.int64(index + 3))),
            dot: Dot(replica: row.text(index + 4), counter: UInt64(clamping: row.int64(index + 5))),
            clock: try row.clock(index + 6, in: "field_versions", key: key))
    }

    func insertVersion(seq: Int64, record: RecordKey, field: String, _ version: FieldVersion, scopeKey: String?) throws {
        pendingVersions.append(
            [seq.parameter, record.kind.rawValue, record.id, field] + PostgresValue.parameters(version.value)
                + Self.tail(version) + [String(SchemaVersion.introducing(kind: record.kind, field: field)), scopeKey])
    }

    func replaceVersion(oldSeq: Int64, seq: Int64, _ version: FieldVersion) throws {
        try db.execute("""
            UPDATE field_versions SET seq = $1, value_type = $2, value = $3, hlc_wall = $4, hlc_logical = $5,
                replica = $6, counter = $7, clock = $8 WHERE seq = $9
            """, [seq.parameter] + PostgresValue.parameters(version.value) + Self.tail(version) + [oldSeq.parameter])
    }

    func saveRecord(_ key: RecordKey, clock: VectorClock, digest: UInt64, bucket: Int, scopeKey: String?) throws {
        pendingRecords[key] = [key.kind.rawValue, key.id, ClockText.encode(clock), digest.bitPatternParameter, String(bucket), scopeKey]
    }

    /// Adds in Swift, as SQLite does: the sum must wrap like a UInt64, which bigint arithmetic refuses.
    func addToBucket(_ bucket: Int, digest: UInt64, records: Int64) throws {
        var sum = digest
        var count = records
        if prefetchedBuckets.contains(bucket) {
            if let stored = storedBuckets[bucket] {
                sum &+= stored.digest
                count += stored.records
            }
            storedBuckets[bucket] = (sum, count)
        } else if let row = try db.execute("SELECT digest, records FROM digest_buckets WHERE bucket = $1", [String(bucket)]).first {
            sum &+= UInt64(bitPattern: row.int64(0))
            count += row.int64(1)
        }
        pendingBuckets[bucket] = [String(bucket), sum.bitPatternParameter, count.parameter]
    }

    func insertMerge(_ entry: MergeLogEntry, pushedBy: String, at: String) throws {
        var parameters: [String?] = [at, entry.record.kind.rawValue, entry.record.id, entry.field]
        for side in [entry.winner, entry.loser] {
            parameters += PostgresValue.parameters(side.value)
            parameters += [side.hlc.description, side.dot.replica, side.dot.counter.clampedParameter]
        }
        parameters += [pushedBy, entry.isAnomaly ? "1" : "0", entry.isEditVsDelete ? "1" : "0"]
        try db.execute("""
            INSERT INTO merges(at, kind, id, field, winner_value_type, winner_value, winner_hlc,
                winner_replica, winner_counter, loser_value_type, loser_value, loser_hlc, loser_replica,
                loser_counter, pushed_by, anomaly, edit_vs_delete)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            """, parameters)
    }

    func setScopeKey(_ record: RecordKey, _ scopeKey: String?) throws {
        try db.execute(
            "UPDATE field_versions SET scope_key = $3 WHERE kind = $1 AND id = $2 AND scope_key IS DISTINCT FROM $3",
            [record.kind.rawValue, record.id, scopeKey])
    }

    func moveRow(from oldSeq: Int64, to seq: Int64) throws {
        try db.execute("UPDATE field_versions SET seq = $1 WHERE seq = $2", [seq.parameter, oldSeq.parameter])
    }

    func insertExit(seq: Int64, scopeKey: String, record: RecordKey) throws {
        try db.execute(
            "INSERT INTO feed_exits(seq, scope_key, kind, id) VALUES ($1, $2, $3, $4)",
            [seq.parameter, scopeKey, record.kind.rawValue, record.id])
    }

    func savePartnerCreator(partner: RecordID, token: String) throws {
        try db.execute(
            "INSERT INTO partner_creators(partner, token) VALUES ($1, $2) ON CONFLICT DO NOTHING", [partner, token])
    }

    func addToTokenScope(token: String, key: String) throws {
        try db.execute("INSERT INTO token_scopes(token, key) VALUES ($1, $2) ON CONFLICT DO NOTHING", [token, key])
    }

    func storedScopeKey(of record: RecordKey) throws -> (exists: Bool, key: String?) {
        if let prefetched = records[record] { return (prefetched.exists, prefetched.scopeKey) }
        try finish()
        guard let row = try db.execute(
            "SELECT scope_key FROM record_clocks WHERE kind = $1 AND id = $2", [record.kind.rawValue, record.id]
        ).first else { return (false, nil) }
        return (true, row.optionalText(0))
    }

    func expandScope(token: String, scope: Set<String>) throws -> ScopeHolds {
        try finish()
        return try ScopeHolds.expand(PostgresSnapshot(db: db), token: token, scope: scope)
    }

    /// hlc wall, hlc logical, replica, counter, clock.
    private static func tail(_ version: FieldVersion) -> [String?] {
        [String(version.hlc.wall), String(version.hlc.logical), version.dot.replica, version.dot.counter.clampedParameter,
         ClockText.encode(version.clock)]
    }
}

/// Arrays as PostgreSQL text literals, for `unnest($1::text[])` and `= ANY($1::integer[])`.
enum PostgresArray {
    /// Every value quoted (and `\` and `"` escaped), nil as NULL: the one form for every element type.
    /// Built byte by byte: a push sends its rows through here (Foundation's `replacingOccurrences`
    /// took 69 % of the server's CPU in a PostgreSQL push).
    static func text(_ values: [String?]) -> String {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(2 + values.count * 24)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let value else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(quote)
            for byte in value.utf8 {
                if byte == quote || byte == backslash { bytes.append(backslash) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Rows of `count` parameters turned into `count` array parameters, one per column, for `unnest`.
    static func columns(_ rows: [[String?]], count: Int) -> [String?] {
        (0..<count).map { column in text(rows.map { $0[column] }) }
    }

    static func integers(_ values: [Int64]) -> String {
        "{" + values.map(String.init).joined(separator: ",") + "}"
    }
}
