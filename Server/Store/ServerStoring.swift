import GisementShared

/// What the routes and the server need of a server store, whatever engine holds it.
///
/// Two stores conform: ``ServerStore`` (one SQLite file, the default) and ``PostgresStore`` (a
/// PostgreSQL database that several `serve` processes may share). Both share everything above the
/// SQL: validation happens before a push reaches the store, and the merge of each record is
/// ``RecordMerger/plan(record:stored:incoming:)`` driven by ``PushApplier``.
///
/// Every call is async and never blocks the Swift concurrency pool: each store runs its blocking
/// database calls on threads of its own.
public protocol ServerStoring: AnyObject, Sendable {
    // MARK: Writes

    /// Applies a validated push all or nothing and returns once it is durable.
    /// - Throws: ``PushRefusal`` (nothing kept), or the engine's error (nothing kept).
    func push(_ push: ValidatedPush) async throws -> PushOutcome
    /// Queues a session log row (written soon, never waited for).
    func recordSession(_ entry: SessionEntry)
    /// Waits until every queued write (session rows included) is committed.
    func flush() async
    /// Writes what is queued, refuses further writes and releases the connections.
    func close() async

    // MARK: Reads

    /// One page of the change feed after `since`; with a scope or keys, only what they hold.
    func feed(
        since: Int64, limit: Int, excluding replica: ReplicaID?, schema: SchemaWindow, scope: TokenScope?,
        keys: Set<String>?
    ) async throws -> FeedPage
    /// What a scope holds now.
    func holds(_ scope: TokenScope) async throws -> ScopeHolds
    /// The highest feed position (0 when empty).
    func feedHead() async throws -> Int64
    /// What a syncing replica learns of the store.
    func status(replica: ReplicaID, lineage: [String]) async throws -> ReplicaStatus
    /// The digest of every bucket with the feed head of the same snapshot; with a scope, of what it holds.
    func bucketDigests(scope: TokenScope?) async throws -> BucketDigests
    /// The records of some buckets with their digests; with a scope, those it holds.
    func recordDigests(buckets: [Int], scope: TokenScope?) async throws -> [RecordDigest]
    /// Every stored version of some records; with a scope, of those it holds.
    func versions(of records: [RecordKey], scope: TokenScope?) async throws -> [Change]
    /// The current state of a record; nil when absent or outside the scope.
    func record(kind: RecordKind, id: RecordID, scope: TokenScope?) async throws -> Record?
    /// The records the report of one test needs, read in one snapshot.
    func reportInput(test: RecordID, scope: TokenScope?) async throws -> ReportInput
    /// The records the report of one district needs, read in one snapshot.
    func reportInput(district: RecordID, scope: TokenScope?) async throws -> ReportInput
    /// A page of the merge log.
    func merges(_ query: MergeQuery) async throws -> (entries: [MergeEntry], more: Bool)
    /// A page of the session log.
    func sessions(since: Int64, limit: Int) async throws -> (entries: [SessionEntry], more: Bool)

    // MARK: Tokens

    /// The valid token with this digest, read on every call (a revocation applies at once).
    func validToken(digest: [UInt8]) async throws -> TokenInfo?
    /// The name of a revoked token, for the log line of its refusal.
    func revokedTokenName(digest: [UInt8]) async throws -> String?
    /// Whether a valid admin token exists.
    func hasAdminToken() async throws -> Bool

    // MARK: Operations

    /// What the store occupies, for `/metrics`.
    func sizeInBytes() async -> Int
}

extension ServerStoring {
    /// The highest counter the server holds from `replica` (pushed by itself), 0 if none.
    public func highWater(replica: ReplicaID) async throws -> UInt64 {
        try await status(replica: replica, lineage: []).counter
    }
}
