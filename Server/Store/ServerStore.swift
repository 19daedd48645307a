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

    /// One page of the change feed after `since`; with a scope, only what it holds (``ScopedFeed``);
    /// `keys` limits the page to those scope keys (of what the scope holds).
    /// - Throws: ``SQLiteError``.
    public func feed(
        since: Int64, limit: Int, excluding replica: ReplicaID?, schema: SchemaWindow = .all, scope: TokenScope? = nil,
        keys: Set<String>? = nil
    ) async throws -> FeedPage {
        try await readers.read { db in
            try db.feed(since: since, limit: limit, excluding: replica, schema: schema, scope: scope, keys: keys)
        }
    }

    /// What a scope holds now (``ScopeHolds``).
    public func holds(_ scope: TokenScope) async throws -> ScopeHolds {
        try await readers.read { db in try db.holds(scope) }
    }

    /// The highest feed position (0 when empty).
    public func feedHead() async throws -> Int64 {
        try await readers.read { db in try db.feedHead() }
    }

    /// What a syncing replica learns of the store (``ReplicaStatus``).
    public func status(replica: ReplicaID, lineage: [String]) async throws -> ReplicaStatus {
        try await readers.read { db in try db.status(replica: replica, lineage: lineage) }
    }

    /// The digest of every bucket, with the feed head of the same snapshot; with a scope, of what it holds.
    public func bucketDigests(scope: TokenScope? = nil) async throws -> BucketDigests {
        try await readers.read { db in try db.bucketDigests(scope: scope) }
    }

    /// The records of some buckets with their digests; with a scope, those it holds.
    public func recordDigests(buckets: [Int], scope: TokenScope? = nil) async throws -> [RecordDigest] {
        try await readers.read { db in try db.recordDigests(buckets: buckets, scope: scope) }
    }

    /// Every stored version of some records; with a scope, of those it holds.
    public func versions(of records: [RecordKey], scope: TokenScope? = nil) async throws -> [Change] {
        try await readers.read { db in try db.versions(of: records, scope: scope) }
    }

    /// The current state of a record, nil when absent (or outside the scope).
    public func record(kind: RecordKind, id: RecordID, scope: TokenScope? = nil) async throws -> Record? {
        try await readers.read { db in try db.record(kind: kind, id: id, scope: scope) }
    }

    /// The records the report of one test needs, read in one snapshot.
    public func reportInput(test: RecordID, scope: TokenScope? = nil) async throws -> ReportInput {
        try await readers.read { db in try db.reportInput(test: test, scope: scope) }
    }

    /// The records the report of one district needs, read in one snapshot.
    public func reportInput(district: RecordID, scope: TokenScope? = nil) async throws -> ReportInput {
        try await readers.read { db in try db.reportInput(district: district, scope: scope) }
    }

    /// A page of the merge log.
    public func merges(_ query: MergeQuery) async throws -> (entries: [MergeEntry], more: Bool) {
        try await readers.read { db in try db.merges(query) }
    }

    /// A page of the session log.
    public func sessions(since: Int64, limit: Int) async throws -> (entries: [SessionEntry], more: Bool) {
        try await readers.read { db in try db.sessions(since: since, limit: limit) }
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
