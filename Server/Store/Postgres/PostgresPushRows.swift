import GisementPostgres
import GisementShared

/// ``PushRows`` in PostgreSQL: the SQL of ``PushStatements`` in PostgreSQL's words, on the push's
/// connection and inside its transaction (libpq prepares each statement once per connection).
struct PostgresPushRows: PushRows {
    let db: PostgresConnection

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
        guard let row = try db.execute(
            "SELECT digest, relayed FROM dots WHERE replica = $1 AND counter = $2", [dot.replica, dot.counter.clampedParameter]
        ).first else { return nil }
        return (UInt64(bitPattern: row.int64(0)), row.int64(1) != 0)
    }

    func saveDot(_ dot: Dot, hash: UInt64, relayed: Bool) throws {
        try db.execute("""
            INSERT INTO dots(replica, counter, digest, relayed) VALUES ($1, $2, $3, $4)
            ON CONFLICT (replica, counter) DO UPDATE SET digest = excluded.digest, relayed = excluded.relayed
            """, [dot.replica, dot.counter.clampedParameter, hash.bitPatternParameter, relayed ? "1" : "0"])
    }

    func loadRecord(_ key: RecordKey) throws -> LoadedRecord {
        var loaded = LoadedRecord()
        // No row lock needed: every push holds the feed counter's lock (``PostgresStore``).
        if let row = try db.execute(
            "SELECT clock, digest, scope_key FROM record_clocks WHERE kind = $1 AND id = $2", [key.kind.rawValue, key.id]
        ).first {
            loaded.exists = true
            loaded.record.clock = ClockText.decode(row.text(0))
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
            loaded.record.versions[field] = FieldVersion(
                value: PostgresValue.read(row, at: 2),
                hlc: HLCTimestamp(wall: row.int64(4), logical: UInt32(clamping: row.int64(5))),
                dot: Dot(replica: row.text(6), counter: UInt64(clamping: row.int64(7))),
                clock: ClockText.decode(row.text(8)))
        }
        return loaded
    }

    func insertVersion(seq: Int64, record: RecordKey, field: String, _ version: FieldVersion, scopeKey: String?) throws {
        try db.execute("""
            INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical,
                replica, counter, clock, schema_version, scope_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """,
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
        try db.execute("""
            INSERT INTO record_clocks(kind, id, clock, digest, bucket, scope_key) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (kind, id) DO UPDATE SET clock = excluded.clock, digest = excluded.digest,
                scope_key = excluded.scope_key
            """, [key.kind.rawValue, key.id, ClockText.encode(clock), digest.bitPatternParameter, String(bucket), scopeKey])
    }

    /// Adds in Swift, as SQLite does: the sum must wrap like a UInt64, which bigint arithmetic refuses.
    func addToBucket(_ bucket: Int, digest: UInt64, records: Int64) throws {
        var sum = digest
        var count = records
        if let row = try db.execute("SELECT digest, records FROM digest_buckets WHERE bucket = $1", [String(bucket)]).first {
            sum &+= UInt64(bitPattern: row.int64(0))
            count += row.int64(1)
        }
        try db.execute("""
            INSERT INTO digest_buckets(bucket, digest, records) VALUES ($1, $2, $3)
            ON CONFLICT (bucket) DO UPDATE SET digest = excluded.digest, records = excluded.records
            """, [String(bucket), sum.bitPatternParameter, count.parameter])
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
        guard let row = try db.execute(
            "SELECT scope_key FROM record_clocks WHERE kind = $1 AND id = $2", [record.kind.rawValue, record.id]
        ).first else { return (false, nil) }
        return (true, row.optionalText(0))
    }

    func expandScope(token: String, scope: Set<String>) throws -> ScopeHolds {
        try ScopeHolds.expand(PostgresSnapshot(db: db), token: token, scope: scope)
    }

    /// hlc wall, hlc logical, replica, counter, clock.
    private static func tail(_ version: FieldVersion) -> [String?] {
        [String(version.hlc.wall), String(version.hlc.logical), version.dot.replica, version.dot.counter.clampedParameter,
         ClockText.encode(version.clock)]
    }
}
