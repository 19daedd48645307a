import GisementSQLite
import GisementShared

/// The server's storage: one serial writer for pushes and logs, a pool of readers for the rest.
///
/// Everything a route needs goes through here, as async calls that never block the Swift
/// concurrency pool (SQLite runs on Dispatch queues).
///
/// ```swift
/// let store = try ServerStore.open(path: "/srv/gisement/server.sqlite")
/// let outcome = try await store.push(ValidatedPush(replica: "r-1", changes: changes, pushedBy: "tablet-3"))
/// let page = try await store.feed(since: 0, limit: 1000, excluding: nil)
/// await store.close()
/// ```
public final class ServerStore: ServerStoring {
    /// The database file.
    public let path: String
    private let writer: ChangeWriter
    private let readers: ReaderPool
    /// Token checks run on connections of their own, so they never wait behind pulls and reports.
    private let tokenReaders: ReaderPool

    private init(path: String, writer: ChangeWriter, readers: ReaderPool) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.tokenReaders = ReaderPool(path: path, size: 2)
    }

    /// Opens (creating when missing) and migrates the database at `path`: WAL, `synchronous=FULL`,
    /// so that an acknowledged push survives a crash or a power loss.
    /// - Parameters:
    ///   - readerCount: read-only connections kept for pulls, records, logs and reports.
    /// - Throws: ``MigrationError`` for a file of another program or a newer version,
    ///   ``SQLiteError`` when the file cannot be opened.
    ///   - synchronous: `.full` always, but for in-process property tests whose histories need no durability.
    ///   - startsGeneration: start a new generation (``ReplicaStatus/generation``): `serve` does,
    ///     so that clients can tell a restart from a restore.
    public static func open(
        path: String, clock: ServerClock = .system, logger: Logger = .disabled, readerCount: Int = 4,
        startsGeneration: Bool = false, synchronous: DatabaseOptions.Synchronous = .full
    ) throws -> ServerStore {
        let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate, synchronous: synchronous))
        try ServerSchema.migrator().migrate(db)
        if startsGeneration { _ = try StoreIdentity.startGeneration(db, at: clock.iso8601()) }
        // A large push touches the feed, the field index and the reference index at random places:
        // 64 MiB of page cache keeps them in memory (the default is 2 MiB).
        try db.execute(sql: "PRAGMA cache_size = -65536")
        let writer = try ChangeWriter(db: db, clock: clock, logger: logger)
        return ServerStore(path: path, writer: writer, readers: ReaderPool(path: path, size: readerCount))
    }

    // MARK: Writes

    /// Applies a validated push in one transaction (grouped with concurrent ones) and returns
    /// once it is durable.
    /// - Throws: ``SQLiteError``; then nothing of the push was stored.
    public func push(_ push: ValidatedPush) async throws -> PushOutcome {
        try await writer.push(push)
    }

    /// Queues a session log row; it is written with the next write group.
    public func recordSession(_ entry: SessionEntry) {
        writer.record(entry)
    }

    /// Waits until every queued write (session rows included) is committed.
    public func flush() async {
        await writer.flush()
    }

    /// Writes what is queued, refuses further writes, closes the readers, then folds the WAL into
    /// the database file: a cleanly stopped server leaves no `-wal` file behind.
    public func close() async {
        await writer.close()
        readers.close()
        tokenReaders.close()
        await writer.foldWAL()
    }

    // MARK: Reads

    /// One page of the change feed after `since`; with a scope, only what it holds (``ScopedFeed``).
    /// - Throws: ``SQLiteError``.
    /// `keys` limits the page to those scope keys (of what the scope holds).
    public func feed(
        since: Int64, limit: Int, excluding replica: ReplicaID?, schema: SchemaWindow = .all, scope: TokenScope? = nil,
        keys: Set<String>? = nil
    ) async throws -> FeedPage {
        try await readers.read { db in
            if scope == nil, keys == nil {
                return try ChangeFeed.page(db, since: since, limit: limit, excluding: replica, schema: schema)
            }
            var holds = try scope.map { try ScopeHolds.expand(db, token: $0.token, scope: $0.keys) }
                ?? ScopeHolds(keys: keys ?? [])
            if let keys { holds.keys.formIntersection(keys) }
            return try ScopedFeed.page(db, holds: holds, since: since, limit: limit, excluding: replica, schema: schema)
        }
    }

    /// What a scope holds now (``ScopeHolds``).
    /// - Throws: ``SQLiteError``.
    public func holds(_ scope: TokenScope) async throws -> ScopeHolds {
        try await readers.read { db in try ScopeHolds.expand(db, token: scope.token, scope: scope.keys) }
    }

    /// The highest feed position (0 when empty).
    /// - Throws: ``SQLiteError``.
    public func feedHead() async throws -> Int64 {
        try await readers.read { db in try ChangeFeed.head(db) }
    }

    /// What a syncing replica learns of the store (``ReplicaStatus``).
    /// - Throws: ``SQLiteError``.
    public func status(replica: ReplicaID, lineage: [String]) async throws -> ReplicaStatus {
        try await readers.read { db in try StoreIdentity.status(db, replica: replica, lineage: lineage) }
    }

    /// The digest of every bucket, with the feed head of the same snapshot; with a scope, of what it holds.
    /// - Throws: ``SQLiteError``.
    public func bucketDigests(scope: TokenScope? = nil) async throws -> BucketDigests {
        try await readers.read { db in
            guard let scope else { return try DigestReader.buckets(db) }
            return try DigestReader.buckets(db, holds: try ScopeHolds.expand(db, token: scope.token, scope: scope.keys))
        }
    }

    /// The records of some buckets with their digests; with a scope, those it holds.
    /// - Throws: ``SQLiteError``.
    public func recordDigests(buckets: [Int], scope: TokenScope? = nil) async throws -> [RecordDigest] {
        try await readers.read { db in
            guard let scope else { return try DigestReader.records(db, buckets: buckets) }
            let holds = try ScopeHolds.expand(db, token: scope.token, scope: scope.keys)
            return try DigestReader.records(db, buckets: buckets, holds: holds)
        }
    }

    /// Every stored version of some records; with a scope, of those it holds (the others are left out,
    /// as if absent).
    /// - Throws: ``SQLiteError``.
    public func versions(of records: [RecordKey], scope: TokenScope? = nil) async throws -> [Change] {
        try await readers.read { db in
            guard let scope else { return try DigestReader.versions(db, records: records) }
            let holds = try ScopeHolds.expand(db, token: scope.token, scope: scope.keys)
            let held = try records.filter { holds.holds(try ScopeHolds.key(db, of: $0)) }
            return try DigestReader.versions(db, records: held)
        }
    }

    /// The current state of a record, nil when the server holds none of its fields (or, with a
    /// scope, when the scope does not hold it).
    /// - Throws: ``SQLiteError``.
    public func record(kind: RecordKind, id: RecordID, scope: TokenScope? = nil) async throws -> Record? {
        try await readers.read { db in
            if let scope {
                let holds = try ScopeHolds.expand(db, token: scope.token, scope: scope.keys)
                guard holds.holds(try ScopeHolds.key(db, of: RecordKey(kind: kind, id: id))) else { return nil }
            }
            return try RecordReader.record(db, kind: kind, id: id)
        }
    }

    /// The records the report of one test needs, read in one snapshot; with a scope that does not
    /// hold the test, nothing (the test is unknown), and only the districts and partners it holds.
    /// - Throws: ``SQLiteError``.
    public func reportInput(test: RecordID, scope: TokenScope? = nil) async throws -> ReportInput {
        try await readers.read { db in
            guard let scope else { return try RecordReader.reportInput(db, test: test) }
            let holds = try ScopeHolds.expand(db, token: scope.token, scope: scope.keys)
            guard holds.holds(ScopeKey.test(test)) else { return ReportInput() }
            var input = try RecordReader.reportInput(db, test: test)
            input.districts = input.districts.filter { holds.holds(ScopeKey.district($0.id)) }
            input.partners = input.partners.filter { holds.holds(ScopeKey.partner($0.id)) }
            return input
        }
    }

    /// The records the report of one district needs, read in one snapshot; with a scope that does
    /// not hold the district, nothing, and of its tests only those the scope holds.
    /// - Throws: ``SQLiteError``.
    public func reportInput(district: RecordID, scope: TokenScope? = nil) async throws -> ReportInput {
        try await readers.read { db in
            guard let scope else { return try RecordReader.reportInput(db, district: district) }
            let holds = try ScopeHolds.expand(db, token: scope.token, scope: scope.keys)
            guard holds.holds(ScopeKey.district(district)) else { return ReportInput() }
            var input = try RecordReader.reportInput(db, district: district)
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

    /// A page of the merge log.
    /// - Throws: ``SQLiteError``.
    public func merges(_ query: MergeQuery) async throws -> (entries: [MergeEntry], more: Bool) {
        try await readers.read { db in try MergeLog.entries(db, query) }
    }

    /// A page of the session log.
    /// - Throws: ``SQLiteError``.
    public func sessions(since: Int64, limit: Int) async throws -> (entries: [SessionEntry], more: Bool) {
        try await readers.read { db in try SessionLog.entries(db, since: since, limit: limit) }
    }

    /// The valid token with this digest; read from the table on every call, so a revocation
    /// made by another process applies at once.
    /// - Throws: ``SQLiteError``.
    public func validToken(digest: [UInt8]) async throws -> TokenInfo? {
        try await tokenReaders.read { db in try TokenStore.validToken(db, digest: digest) }
    }

    /// The name of a revoked token, for the log line of its refusal.
    /// - Throws: ``SQLiteError``.
    public func revokedTokenName(digest: [UInt8]) async throws -> String? {
        try await tokenReaders.read { db in try TokenStore.revokedName(db, digest: digest) }
    }

    /// Whether a valid admin token exists.
    /// - Throws: ``SQLiteError``.
    public func hasAdminToken() async throws -> Bool {
        try await tokenReaders.read { db in try TokenStore.hasAdmin(db) }
    }

    /// The database file and its WAL, in bytes.
    public func sizeInBytes() async -> Int {
        FileSize.bytes(path) + FileSize.bytes(path + "-wal")
    }

    /// Runs `body` on the write connection, between write groups (token commands in tests).
    /// - Throws: whatever `body` throws.
    public func withWriteConnection<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.withConnection(body)
    }
}
