import Dispatch
import Foundation
import GisementPostgres
import GisementShared
import Synchronization

/// The server store in PostgreSQL: several `serve` processes may share one database.
///
/// - A push is one transaction. It first takes the `feed_counter` row `FOR UPDATE`, so pushes from
///   every process hand out feed positions one after the other and commit in that order: a reader
///   never sees position N+1 before N (docs/architecture.md, "Several servers on one PostgreSQL").
///   The push is then decided by the same ``PushApplier`` as SQLite's, over ``PostgresPushRows``.
/// - Reads run in one `REPEATABLE READ READ ONLY` transaction each (one snapshot per call), through
///   the shared ``StoreSnapshot`` extension over ``PostgresSnapshot``.
/// - Session rows are gathered and written together, at most ``sessionFlushDelay`` later.
/// - libpq runs on the threads of a ``PostgresPool``; while PostgreSQL is away every call throws
///   ``StoreUnavailable`` (503 to clients) and the pool reconnects when it is back.
public final class PostgresStore: ServerStoring {
    /// The database, as given (its password is never printed: see ``PostgresURL/redacted``).
    public let url: PostgresURL
    private let pool: PostgresPool
    /// The token lookups' own connections: every request's token check, never behind long pulls
    /// (as SQLite's token readers).
    private let tokenPool: PostgresPool
    private let logger: Logger
    private let clock: ServerClock
    private let pendingSessions = Mutex<(rows: [SessionEntry], scheduled: Bool, closed: Bool)>(([], false, false))
    /// The last session write started, which the next one waits for.
    private let sessionWrites = Mutex<Task<Void, Never>?>(nil)
    /// The default bound on a statement's wait (``open(url:clock:logger:connections:startsGeneration:answerTimeout:)``):
    /// far above the longest statement of a pull page or a push, far below a client's patience.
    public static let defaultAnswerTimeout: Double = 30
    /// How long session rows may wait to be written together.
    let sessionFlushDelay: DispatchTimeInterval = .milliseconds(50)

    private init(url: PostgresURL, pool: PostgresPool, tokenPool: PostgresPool, clock: ServerClock, logger: Logger) {
        self.url = url
        self.clock = clock
        self.pool = pool
        self.tokenPool = tokenPool
        self.logger = logger
    }

    /// Connects, creates the tables in an empty database or checks an existing one, and starts
    /// the pool.
    /// - Parameters:
    ///   - connections: the pool's size (each `serve` process holds this many connections, and two
    ///     more for the token checks).
    ///   - startsGeneration: start a new generation, as `serve` does.
    ///   - answerTimeout: how long a statement may take before the call throws ``StoreUnavailable``
    ///     (`serve --db-timeout`; ``PostgresConnection/answerTimeout``).
    /// - Throws: ``PostgresError`` (`.badURL`, `.unreachable`, `.refused`), ``PostgresSchema/Refusal``.
    public static func open(
        url: PostgresURL, clock: ServerClock = .system, logger: Logger = .disabled, connections: Int = 6,
        startsGeneration: Bool = false, answerTimeout: Double = PostgresStore.defaultAnswerTimeout
    ) throws -> PostgresStore {
        // Unbounded: a schema upgrade of a large database may rightly take minutes.
        let db = try PostgresConnection(url)
        try PostgresSchema.prepare(db, name: url.redacted)
        if startsGeneration {
            try db.execute("""
                INSERT INTO generations(id, base, started_at)
                VALUES ($1, (SELECT coalesce(max(seq), 0) FROM field_versions), $2)
                """, [UUID().uuidString.lowercased(), clock.iso8601()])
        }
        return PostgresStore(
            url: url, pool: PostgresPool(url: url, size: max(connections, 2), answerTimeout: answerTimeout),
            tokenPool: PostgresPool(url: url, size: 2, answerTimeout: answerTimeout, label: "gisement.store.postgres.tokens"),
            clock: clock, logger: logger)
    }

    // MARK: Writes

    public func push(_ push: ValidatedPush) async throws -> PushOutcome {
        let at = clock.iso8601()
        return try await pool.run { db in
            try db.transaction {
                let lastSeq = try db.execute("SELECT last_seq FROM feed_counter WHERE id = 1 FOR UPDATE").first?.int64(0) ?? 0
                let applier = PushApplier(rows: PostgresPushRows(db: db), lastSeq: lastSeq)
                let outcome = try applier.apply(push, at: at)
                if applier.lastSeq != lastSeq {
                    try db.execute("UPDATE feed_counter SET last_seq = $1 WHERE id = 1", [applier.lastSeq.parameter])
                }
                return outcome
            }
        }
    }

    public func recordSession(_ entry: SessionEntry) {
        let schedule = pendingSessions.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.rows.append(entry)
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard schedule else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + sessionFlushDelay) {
            Task { await self.writeSessions() }
        }
    }

    public func flush() async {
        await writeSessions()
    }

    public func close() async {
        await writeSessions()
        pendingSessions.withLock { $0.closed = true }
        pool.close()
        tokenPool.close()
    }

    /// Writes the gathered session rows, after the writes already under way: so ``flush()`` returns
    /// once every row recorded before it is committed, a batch the timer started included.
    private func writeSessions() async {
        let write = sessionWrites.withLock { last -> Task<Void, Never> in
            let previous = last
            let next = Task { await previous?.value; await self.writeGatheredSessions() }
            last = next
            return next
        }
        await write.value
    }

    /// Writes the gathered session rows in one transaction. Under a lock, so that session positions
    /// commit in order across processes (a reader paging the log never passes a later commit).
    private func writeGatheredSessions() async {
        let rows = pendingSessions.withLock { state -> [SessionEntry] in
            state.scheduled = false
            defer { state.rows.removeAll() }
            return state.rows
        }
        guard !rows.isEmpty else { return }
        do {
            try await pool.run { db in
                try db.transaction {
                    try db.execute("SELECT pg_advisory_xact_lock(4753525601)")
                    for entry in rows {
                        try db.execute("""
                            INSERT INTO sessions(at, token, replica, route, pushed, accepted, duplicates, conflicts,
                                pulled, status, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                            """,
                            [entry.at, entry.token, entry.replica, entry.route, String(entry.pushed), String(entry.accepted),
                             String(entry.duplicates), String(entry.conflicts), String(entry.pulled), String(entry.status),
                             String(entry.durationMilliseconds)])
                    }
                }
            }
        } catch {
            logger.error("could not write \(rows.count) session log rows: \(error)")
        }
    }

    // MARK: Reads

    /// Runs `body` on one snapshot.
    private func read<T: Sendable>(_ body: @escaping @Sendable (PostgresSnapshot) throws -> T) async throws -> T {
        try await pool.run { db in
            try db.transaction(isolation: "REPEATABLE READ READ ONLY") { try body(PostgresSnapshot(db: db)) }
        }
    }

    public func feed(
        since: Int64, limit: Int, excluding replica: ReplicaID?, schema: SchemaWindow = .all, scope: TokenScope? = nil,
        keys: Set<String>? = nil
    ) async throws -> FeedPage {
        try await read { try $0.feed(since: since, limit: limit, excluding: replica, schema: schema, scope: scope, keys: keys) }
    }

    public func holds(_ scope: TokenScope) async throws -> ScopeHolds { try await read { try $0.holds(scope) } }

    public func feedHead() async throws -> Int64 { try await read { try $0.feedHead() } }

    public func status(replica: ReplicaID, lineage: [String]) async throws -> ReplicaStatus {
        try await read { try $0.status(replica: replica, lineage: lineage) }
    }

    public func bucketDigests(scope: TokenScope? = nil) async throws -> BucketDigests {
        try await read { try $0.bucketDigests(scope: scope) }
    }

    public func recordDigests(buckets: [Int], scope: TokenScope? = nil) async throws -> [RecordDigest] {
        try await read { try $0.recordDigests(buckets: buckets, scope: scope) }
    }

    public func versions(of records: [RecordKey], scope: TokenScope? = nil) async throws -> [Change] {
        try await read { try $0.versions(of: records, scope: scope) }
    }

    public func record(kind: RecordKind, id: RecordID, scope: TokenScope? = nil) async throws -> Record? {
        try await read { try $0.record(kind: kind, id: id, scope: scope) }
    }

    public func reportInput(test: RecordID, scope: TokenScope? = nil) async throws -> ReportInput {
        try await read { try $0.reportInput(test: test, scope: scope) }
    }

    public func reportInput(district: RecordID, scope: TokenScope? = nil) async throws -> ReportInput {
        try await read { try $0.reportInput(district: district, scope: scope) }
    }

    public func merges(_ query: MergeQuery) async throws -> (entries: [MergeEntry], more: Bool) {
        try await read { try $0.merges(query) }
    }

    public func sessions(since: Int64, limit: Int) async throws -> (entries: [SessionEntry], more: Bool) {
        try await read { try $0.sessions(since: since, limit: limit) }
    }

    // MARK: Tokens

    public func validToken(digest: [UInt8]) async throws -> TokenInfo? {
        try await tokenPool.run { db in try PostgresTokens(db: db).validToken(digest: digest) }
    }

    public func revokedTokenName(digest: [UInt8]) async throws -> String? {
        try await tokenPool.run { db in try PostgresTokens(db: db).revokedName(digest: digest) }
    }

    public func hasAdminToken() async throws -> Bool {
        try await tokenPool.run { db in try PostgresTokens(db: db).hasAdmin() }
    }

    /// Runs `body` with one pooled connection (token commands, tests).
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await pool.run(body)
    }

    // MARK: Operations

    /// The database's size as PostgreSQL counts it; 0 when it cannot be asked.
    public func sizeInBytes() async -> Int {
        let size = try? await pool.run { db in
            try db.execute("SELECT pg_database_size(current_database())").first?.int64(0) ?? 0
        }
        return Int(size ?? 0)
    }
}
