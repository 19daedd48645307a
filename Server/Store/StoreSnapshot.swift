import GisementShared

/// One consistent read of a server store (a read transaction), whatever engine holds it.
///
/// An engine supplies the primitive reads below, each one query or a few; what is made of them
/// (a scope's holds, a scoped read, a report's records, a replica's status) is written once, in the
/// extension, for both engines. SQLite's `Database` conforms in ``Database+StoreSnapshot``,
/// PostgreSQL's connection through ``PostgresSnapshot``.
protocol StoreSnapshot {
    /// One page of the whole feed after `since` (see ``ChangeFeed``).
    func feedPage(since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow) throws -> FeedPage
    /// One page of the feed of some scope keys (see ``ScopedFeed``).
    func scopedFeedPage(holds: ScopeHolds, since: Int64, limit: Int, excluding: ReplicaID?, schema: SchemaWindow) throws
        -> FeedPage
    /// The highest feed position (0 when empty).
    func feedHead() throws -> Int64
    /// The current state of one record, nil when the store holds no field of it.
    func record(kind: RecordKind, id: RecordID) throws -> Record?
    /// The ids of the records of `kind` whose reference field `field` holds `target`.
    func ids(kind: RecordKind, field: String, equals target: RecordID) throws -> [RecordID]
    /// The district a stored test names, if any.
    func district(ofTest test: RecordID) throws -> RecordID?
    /// The partners the records keyed to a test key name.
    func partners(ofTestKey key: String) throws -> [RecordID]
    /// The partners a token created.
    func partners(createdBy token: String) throws -> [RecordID]
    /// A stored record's scope key, nil when absent or unkeyed.
    func scopeKey(of record: RecordKey) throws -> String?
    /// The store's identity.
    func storeID() throws -> String
    /// A replica's own and relayed high-water counters (0 when unknown).
    func counters(of replica: ReplicaID) throws -> (own: UInt64, relayed: UInt64)
    /// Every generation, oldest first.
    func generations() throws -> [(id: String, base: Int64)]
    /// The digest of every bucket (0 for an empty one).
    func bucketDigestList() throws -> [UInt64]
    /// The records of some buckets with their digests.
    func recordDigests(buckets: [Int]) throws -> [RecordDigest]
    /// The records keyed to some scope keys, with their digests and buckets.
    func heldRecords(keys: Set<String>) throws -> [(RecordDigest, bucket: Int)]
    /// Every stored version of some records, as the feed serves them.
    func versions(records: [RecordKey]) throws -> [Change]
    func merges(_ query: MergeQuery) throws -> (entries: [MergeEntry], more: Bool)
    func sessions(since: Int64, limit: Int) throws -> (entries: [SessionEntry], more: Bool)
}

// MARK: What both engines make of the primitives

extension StoreSnapshot {
    /// A page of the feed; with a scope, only what it holds; with keys, only those.
    func feed(
        since: Int64, limit: Int, excluding replica: ReplicaID?, schema: SchemaWindow, scope: TokenScope?,
        keys: Set<String>?
    ) throws -> FeedPage {
        if scope == nil, keys == nil {
            return try feedPage(since: since, limit: limit, excluding: replica, schema: schema)
        }
        var holds = try scope.map { try ScopeHolds.expand(self, token: $0.token, scope: $0.keys) } ?? ScopeHolds(keys: keys ?? [])
        if let keys { holds.keys.formIntersection(keys) }
        return try scopedFeedPage(holds: holds, since: since, limit: limit, excluding: replica, schema: schema)
    }

    func holds(_ scope: TokenScope) throws -> ScopeHolds {
        try ScopeHolds.expand(self, token: scope.token, scope: scope.keys)
    }

    /// What a syncing replica learns of the store, for a client that knew the generations `lineage`.
    func status(replica: ReplicaID, lineage: [String]) throws -> ReplicaStatus {
        let (own, relayed) = try counters(of: replica)
        // One row per `serve` start: few enough to read whole.
        let rows = try generations()
        var status = ReplicaStatus(
            replica: replica, counter: own, relayedCounter: relayed, store: try storeID(), generation: rows.last?.id,
            generationBase: rows.last?.base, common: nil, head: try feedHead(), rewind: nil)
        guard !lineage.isEmpty else { return status }
        let known = Set(lineage)
        if let latest = rows.lastIndex(where: { known.contains($0.id) }) {
            status.common = rows[latest].id
            status.rewind = latest == rows.count - 1 ? nil : rows[latest + 1].base
        } else {
            status.rewind = 0
        }
        return status
    }

    func bucketDigests(scope: TokenScope?) throws -> BucketDigests {
        guard let scope else {
            return BucketDigests(store: try storeID(), head: try feedHead(), digests: try bucketDigestList())
        }
        var digests = [UInt64](repeating: 0, count: VersionDigest.bucketCount)
        for (record, bucket) in try heldRecords(keys: try holds(scope).keys) where digests.indices.contains(bucket) {
            digests[bucket] &+= record.digest
        }
        return BucketDigests(store: try storeID(), head: try feedHead(), digests: digests)
    }

    func recordDigests(buckets: [Int], scope: TokenScope?) throws -> [RecordDigest] {
        guard let scope else { return try recordDigests(buckets: buckets) }
        let wanted = Set(buckets)
        return try heldRecords(keys: try holds(scope).keys).filter { wanted.contains($0.bucket) }.map(\.0)
    }

    /// Every stored version of some records; with a scope, of those it holds (the others left out, as if absent).
    func versions(of records: [RecordKey], scope: TokenScope?) throws -> [Change] {
        guard let scope else { return try versions(records: records) }
        let holds = try holds(scope)
        return try versions(records: try records.filter { holds.holds(try scopeKey(of: $0)) })
    }

    func record(kind: RecordKind, id: RecordID, scope: TokenScope?) throws -> Record? {
        if let scope {
            guard try holds(scope).holds(try scopeKey(of: RecordKey(kind: kind, id: id))) else { return nil }
        }
        return try record(kind: kind, id: id)
    }

    /// The records the report of one test needs; with a scope that does not hold the test, nothing,
    /// and only the districts and partners it holds.
    func reportInput(test: RecordID, scope: TokenScope?) throws -> ReportInput {
        guard let scope else { return try RecordReader.reportInput(self, test: test) }
        let holds = try holds(scope)
        guard holds.holds(ScopeKey.test(test)) else { return ReportInput() }
        var input = try RecordReader.reportInput(self, test: test)
        input.districts = input.districts.filter { holds.holds(ScopeKey.district($0.id)) }
        input.partners = input.partners.filter { holds.holds(ScopeKey.partner($0.id)) }
        return input
    }

    /// The records the report of one district needs; with a scope that does not hold the district,
    /// nothing, and of its tests only those the scope holds.
    func reportInput(district: RecordID, scope: TokenScope?) throws -> ReportInput {
        guard let scope else { return try RecordReader.reportInput(self, district: district) }
        let holds = try holds(scope)
        guard holds.holds(ScopeKey.district(district)) else { return ReportInput() }
        var input = try RecordReader.reportInput(self, district: district)
        func held(_ record: Record) -> Bool {
            holds.holds(ScopeKey.of(record.kind, id: record.id, fields: record.fields))
        }
        input.tests = input.tests.filter(held)
        input.collections = input.collections.filter(held)
        input.participations = input.participations.filter(held)
        input.workshops = input.workshops.filter(held)
        input.partners = input.partners.filter(held)
        input.districts = input.districts.filter(held)
        return input
    }
}
