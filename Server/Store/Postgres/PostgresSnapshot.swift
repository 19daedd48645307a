import GisementPostgres
import GisementShared

/// ``StoreSnapshot`` in PostgreSQL: the primitive reads, run on one connection (inside the
/// `REPEATABLE READ` transaction ``PostgresStore`` opens for each read, so one call sees one snapshot).
struct PostgresSnapshot: StoreSnapshot {
    let db: PostgresConnection

    private static let feedColumns =
        "seq, kind, id, field, value_type, value, hlc_wall, hlc_logical, replica, counter, clock, schema_version"

    func feedPage(since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow) throws -> FeedPage {
        try collectPage(since: since, limit: limit, excluding: excluding, schema: schema) { cursor, chunk in
            try db.execute(
                "SELECT \(Self.feedColumns) FROM field_versions WHERE seq > $1 ORDER BY seq LIMIT $2",
                [cursor.parameter, String(chunk)])
        }
    }

    /// The streams of ``ScopedFeed``, merged by PostgreSQL: the rows of the keys and the exits of the
    /// tests, in one ordered query.
    func scopedFeedPage(holds: ScopeHolds, since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow) throws
        -> FeedPage
    {
        let keys = PostgresArray.text(holds.keys.sorted())
        var page = try collectPage(since: since, limit: limit, excluding: excluding, schema: schema) { cursor, chunk in
            try db.execute("""
                SELECT \(Self.feedColumns) FROM field_versions WHERE scope_key = ANY($1::text[]) AND seq > $2
                UNION ALL
                SELECT e.seq, e.kind, e.id, f.field, f.value_type, f.value, f.hlc_wall, f.hlc_logical,
                    f.replica, f.counter, f.clock, f.schema_version
                FROM feed_exits AS e JOIN field_versions AS f ON f.kind = e.kind AND f.id = e.id AND f.field = 'test'
                WHERE e.scope_key = ANY($1::text[]) AND e.scope_key LIKE 't:%' AND e.seq > $2
                ORDER BY 1 LIMIT $3
                """, [keys, cursor.parameter, String(chunk)])
        }
        // Read to the end: nothing the scope holds lies between the last row served and the head.
        if !page.more { page.cursor = max(page.cursor, try feedHead()) }
        return page
    }

    /// Fills a page from `read(cursor, chunk)` (feed columns in feed order, at most `chunk` rows
    /// after `cursor`), chunk after chunk: excluded rows move the cursor without filling the page,
    /// as in SQLite. `more` is set when the page stopped before the rows did.
    private func collectPage(
        since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow,
        read: (_ cursor: Int64, _ chunk: Int) throws -> PostgresRows
    ) throws -> FeedPage {
        var page = FeedPage(changes: [], cursor: since, more: false)
        var scanned = 0
        var bytes = 0
        let chunk = min(max(limit, 1) + 1, 10_000)
        while true {
            let rows = try read(page.cursor, chunk)
            for row in rows.all {
                if page.changes.count >= limit || scanned >= ChangeFeed.scanBudget || bytes >= ChangeFeed.pageByteBudget {
                    page.more = true
                    return page
                }
                scanned += 1
                page.cursor = row.int64(0)
                if let excluding, row.text(8) == excluding { continue }
                if !schema.isEverything, !schema.contains(row.int64(11)) { continue }
                let change = try Self.change(row)
                bytes += ChangeFeed.wireSize(change)
                page.changes.append(change)
            }
            if rows.count < chunk { return page }
        }
    }

    func feedHead() throws -> Int64 {
        try db.execute("SELECT coalesce(max(seq), 0) FROM field_versions").first?.int64(0) ?? 0
    }

    func record(kind: RecordKind, id: RecordID) throws -> Record? {
        let rows = try db.execute(
            "SELECT field, value_type, value FROM field_versions WHERE kind = $1 AND id = $2", [kind.rawValue, id])
        var fields: [String: FieldValue] = [:]
        for row in rows.all { fields[row.text(0)] = try row.value(1, in: "field_versions", keyText: id) }
        return fields.isEmpty ? nil : Record(kind: kind, id: id, fields: fields)
    }

    func ids(kind: RecordKind, field: String, equals target: RecordID) throws -> [RecordID] {
        try db.execute("""
            SELECT id FROM field_versions
            WHERE field IN ('test', 'district', 'partner') AND field = $1 AND value = $2 AND kind = $3
            """, [field, target, kind.rawValue]).all.map { $0.text(0) }
    }

    func district(ofTest test: RecordID) throws -> RecordID? {
        try db.execute(
            "SELECT value FROM field_versions WHERE kind = 'test' AND id = $1 AND field = 'district' AND value_type = 4",
            [test]).first?.text(0)
    }

    func partners(ofTestKey key: String) throws -> [RecordID] {
        try db.execute(
            "SELECT DISTINCT value FROM field_versions WHERE field = 'partner' AND scope_key = $1 AND value_type = 4",
            [key]).all.map { $0.text(0) }
    }

    func partners(createdBy token: String) throws -> [RecordID] {
        try db.execute("SELECT partner FROM partner_creators WHERE token = $1", [token]).all.map { $0.text(0) }
    }

    func scopeKey(of record: RecordKey) throws -> String? {
        try db.execute(
            "SELECT scope_key FROM record_clocks WHERE kind = $1 AND id = $2", [record.kind.rawValue, record.id]
        ).first?.optionalText(0)
    }

    /// - Throws: ``StoreDamage`` when the row is missing or empty (``StoreIdentity/storeID(_:)``).
    func storeID() throws -> String {
        let id = try db.execute("SELECT value FROM store_meta WHERE key = 'store_id'").first?.text(0) ?? ""
        guard !id.isEmpty else { throw StoreDamage.missingRow(table: "store_meta", row: "'store_id'") }
        return id
    }

    func counters(of replica: ReplicaID) throws -> (own: UInt64, relayed: UInt64) {
        guard let row = try db.execute("SELECT counter, relayed_counter FROM replicas WHERE replica = $1", [replica]).first
        else { return (0, 0) }
        return (UInt64(clamping: row.int64(0)), UInt64(clamping: row.int64(1)))
    }

    func generations() throws -> [(id: String, base: Int64)] {
        try db.execute("SELECT id, base FROM generations ORDER BY seq").all.map { ($0.text(0), $0.int64(1)) }
    }

    func bucketDigestList() throws -> [UInt64] {
        var digests = [UInt64](repeating: 0, count: VersionDigest.bucketCount)
        for row in try db.execute("SELECT bucket, digest FROM digest_buckets").all {
            let bucket = Int(row.int64(0))
            if digests.indices.contains(bucket) { digests[bucket] = UInt64(bitPattern: row.int64(1)) }
        }
        return digests
    }

    func recordDigests(buckets: [Int]) throws -> [RecordDigest] {
        var records: [RecordDigest] = []
        for bucket in buckets {
            for row in try db.execute("SELECT kind, id, digest FROM record_clocks WHERE bucket = $1", [String(bucket)]).all {
                let kind = try row.kind(0, in: "record_clocks", key: 1)
                records.append(RecordDigest(record: RecordKey(kind: kind, id: row.text(1)), digest: UInt64(bitPattern: row.int64(2))))
            }
        }
        return records
    }

    func heldRecords(keys: Set<String>) throws -> [(RecordDigest, bucket: Int)] {
        var records: [(RecordDigest, bucket: Int)] = []
        for key in keys.sorted() {
            for row in try db.execute("SELECT kind, id, digest, bucket FROM record_clocks WHERE scope_key = $1", [key]).all {
                let kind = try row.kind(0, in: "record_clocks", key: 1)
                records.append(
                    (RecordDigest(record: RecordKey(kind: kind, id: row.text(1)), digest: UInt64(bitPattern: row.int64(2))),
                     Int(row.int64(3))))
            }
        }
        return records
    }

    func versions(records: [RecordKey]) throws -> [Change] {
        var changes: [Change] = []
        for record in records {
            let rows = try db.execute(
                "SELECT \(Self.feedColumns) FROM field_versions WHERE kind = $1 AND id = $2 ORDER BY seq",
                [record.kind.rawValue, record.id])
            changes += try rows.all.map(Self.change)
        }
        return changes
    }

    func merges(_ query: MergeQuery) throws -> (entries: [MergeEntry], more: Bool) {
        let rows = try db.execute("""
            SELECT seq, at, kind, id, field,
                winner_value_type, winner_value, winner_hlc, winner_replica, winner_counter,
                loser_value_type, loser_value, loser_hlc, loser_replica, loser_counter,
                pushed_by, anomaly, edit_vs_delete
            FROM merges
            WHERE seq > $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR id = $3)
                AND ($4::text IS NULL OR field = $4) AND ($5::text IS NULL OR pushed_by = $5)
            ORDER BY seq LIMIT $6
            """, [query.since.parameter, query.kind?.rawValue, query.id, query.field, query.pushedBy, String(query.limit + 1)])
        func side(_ row: PostgresRow, _ base: Int) throws -> MergeSide {
            MergeSide(
                value: try row.value(base, in: "merges"), hlc: try row.hlc(base + 2, in: "merges"),
                replica: row.text(base + 3), counter: UInt64(clamping: row.int64(base + 4)))
        }
        var entries: [MergeEntry] = try rows.all.map { row in
            MergeEntry(
                seq: row.int64(0), at: row.text(1), kind: try row.kind(2, in: "merges"), id: row.text(3), field: row.text(4),
                winner: try side(row, 5), loser: try side(row, 10), pushedBy: row.text(15), isAnomaly: row.int64(16) != 0,
                isEditVsDelete: row.int64(17) != 0)
        }
        let more = entries.count > query.limit
        if more { entries.removeLast() }
        return (entries, more)
    }

    func sessions(since: Int64, limit: Int) throws -> (entries: [SessionEntry], more: Bool) {
        let rows = try db.execute("""
            SELECT seq, at, token, replica, route, pushed, accepted, duplicates, conflicts, pulled, status, duration_ms
            FROM sessions WHERE seq > $1 ORDER BY seq LIMIT $2
            """, [since.parameter, String(limit + 1)])
        var entries = rows.all.map { row in
            SessionEntry(
                seq: row.int64(0), at: row.text(1), token: row.text(2), replica: row.optionalText(3), route: row.text(4),
                pushed: Int(row.int64(5)), accepted: Int(row.int64(6)), duplicates: Int(row.int64(7)),
                conflicts: Int(row.int64(8)), pulled: Int(row.int64(9)), status: Int(row.int64(10)),
                durationMilliseconds: row.double(11))
        }
        let more = entries.count > limit
        if more { entries.removeLast() }
        return (entries, more)
    }

    /// The change of a feed row (columns of ``feedColumns``).
    /// - Throws: ``StoreDamage`` for a kind, value or clock the store never writes.
    static func change(_ row: PostgresRow) throws -> Change {
        Change(
            kind: try row.kind(1, in: "field_versions"), id: row.text(2), field: row.text(3),
            value: try row.value(4, in: "field_versions"),
            hlc: HLCTimestamp(wall: row.int64(6), logical: UInt32(clamping: row.int64(7))),
            replica: row.text(8), counter: UInt64(clamping: row.int64(9)), clock: try row.clock(10, in: "field_versions"),
            seq: row.int64(0))
    }
}
