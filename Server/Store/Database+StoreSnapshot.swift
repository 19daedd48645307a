import GisementSQLite
import GisementShared

/// SQLite's primitive reads for ``StoreSnapshot``: each forwards to the reader that holds its SQL.
extension Database: StoreSnapshot {
    func feedPage(since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow) throws -> FeedPage {
        try ChangeFeed.page(self, since: since, limit: limit, excluding: excluding, schema: schema)
    }

    func scopedFeedPage(holds: ScopeHolds, since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow) throws
        -> FeedPage
    {
        try ScopedFeed.page(self, holds: holds, since: since, limit: limit, excluding: excluding, schema: schema)
    }

    func feedHead() throws -> Int64 { try ChangeFeed.head(self) }

    func record(kind: RecordKind, id: RecordID) throws -> Record? { try RecordReader.record(self, kind: kind, id: id) }

    func ids(kind: RecordKind, field: String, equals target: RecordID) throws -> [RecordID] {
        try RecordReader.ids(self, kind: kind, field: field, equals: target)
    }

    func district(ofTest test: RecordID) throws -> RecordID? {
        let statement = try cachedStatement(
            sql: "SELECT value FROM field_versions WHERE kind = 'test' AND id = ? AND field = 'district' AND value_type = 4")
        statement.bind(text: test, at: 1)
        defer { statement.reset() }
        return try statement.step() ? statement.text(at: 0) : nil
    }

    func partners(ofTestKey key: String) throws -> [RecordID] {
        let statement = try cachedStatement(
            sql: "SELECT DISTINCT value FROM field_versions WHERE field = 'partner' AND scope_key = ? AND value_type = 4")
        statement.bind(text: key, at: 1)
        defer { statement.reset() }
        var partners: [RecordID] = []
        while try statement.step() { partners.append(statement.text(at: 0)) }
        return partners
    }

    func partners(createdBy token: String) throws -> [RecordID] {
        let statement = try cachedStatement(sql: "SELECT partner FROM partner_creators WHERE token = ?")
        statement.bind(text: token, at: 1)
        defer { statement.reset() }
        var partners: [RecordID] = []
        while try statement.step() { partners.append(statement.text(at: 0)) }
        return partners
    }

    func scopeKey(of record: RecordKey) throws -> String? { try ScopeHolds.key(self, of: record) }

    func storeID() throws -> String { try StoreIdentity.storeID(self) }

    func counters(of replica: ReplicaID) throws -> (own: UInt64, relayed: UInt64) {
        let counters = try cachedStatement(sql: "SELECT counter, relayed_counter FROM replicas WHERE replica = ?")
        counters.bind(text: replica, at: 1)
        defer { counters.reset() }
        guard try counters.step() else { return (0, 0) }
        return (UInt64(clamping: counters.int64(at: 0)), UInt64(clamping: counters.int64(at: 1)))
    }

    func generations() throws -> [(id: String, base: Int64)] {
        let generations = try cachedStatement(sql: "SELECT id, base FROM generations ORDER BY seq")
        defer { generations.reset() }
        var rows: [(id: String, base: Int64)] = []
        while try generations.step() { rows.append((generations.text(at: 0), generations.int64(at: 1))) }
        return rows
    }

    func bucketDigestList() throws -> [UInt64] { try DigestReader.buckets(self).digests }

    func recordDigests(buckets: [Int]) throws -> [RecordDigest] { try DigestReader.records(self, buckets: buckets) }

    func heldRecords(keys: Set<String>) throws -> [(RecordDigest, bucket: Int)] {
        try DigestReader.heldRecords(self, holds: ScopeHolds(keys: keys))
    }

    func versions(records: [RecordKey]) throws -> [Change] { try DigestReader.versions(self, records: records) }

    func merges(_ query: MergeQuery) throws -> (entries: [MergeEntry], more: Bool) { try MergeLog.entries(self, query) }

    func sessions(since: Int64, limit: Int) throws -> (entries: [SessionEntry], more: Bool) {
        try SessionLog.entries(self, since: since, limit: limit)
    }
}
