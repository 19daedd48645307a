import GisementShared

/// The sync API of a Gisement server (version 1), spoken over a ``SyncTransport``.
///
/// Each call is one logical request: it is retried with ``RetryPolicy`` on a transient failure
/// (no answer, 5xx, 429), which is safe because every route the sync uses is idempotent (`GET`s,
/// and `POST /v1/changes`, which the server deduplicates by dot). Answers that the user must act
/// on become a ``SyncError``: 401/403 `.refused`, `clock_ahead` `.clockAhead`, no answer at all
/// `.unreachable`. See `docs/sync.md`.
public final class SyncServerClient {
    public let transport: any SyncTransport
    /// A label for the server in messages (its URL).
    public let serverLabel: String
    public let token: String?
    public let retry: RetryPolicy
    public let sleeper: RetrySleeper
    /// The longest a single request may take, in seconds.
    public let requestTimeout: Double
    public let deadline: SyncDeadline
    var rng = SystemRandomNumberGenerator()
    /// Requests sent so far, retries included (for the summary and tests).
    public internal(set) var requestCount = 0
    /// Retries made so far.
    public internal(set) var retryCount = 0
    /// The highest feed position the server stated in this sync: its head (`GET /v1/replicas`) and
    /// the cursor of each push answer. The pull never stores a cursor beyond it and what it received.
    public internal(set) var statedFeedHead: Int64?

    /// Notes a feed position the server stated.
    func noteFeedHead(_ position: Int64?) {
        guard let position else { return }
        statedFeedHead = max(statedFeedHead ?? position, position)
    }

    public init(
        transport: any SyncTransport, serverLabel: String, token: String?, retry: RetryPolicy = .standard,
        sleeper: RetrySleeper = .system, requestTimeout: Double = 60, deadline: SyncDeadline = SyncDeadline(seconds: nil)
    ) {
        self.transport = transport
        self.serverLabel = serverLabel
        self.token = token
        self.retry = retry
        self.sleeper = sleeper
        self.requestTimeout = requestTimeout
        self.deadline = deadline
    }

    /// `GET /v1/health`: the server's version and clock.
    /// - Throws: ``SyncError``.
    public func health() throws(SyncError) -> ServerHealth {
        let response = try exchange(SyncHTTPRequest(method: "GET", path: "/v1/health"))
        guard response.isSuccess else { throw failure(response, request: "GET /v1/health") }
        return try ServerHealth.decode(response.body, server: serverLabel)
    }

    /// `POST /v1/changes`: pushes one batch.
    ///
    /// - Returns: `.accepted` with the server's counts, or `.rejected` when the server refused one
    ///   change of the batch (`400 invalid_change` with its `index`): nothing of the batch was stored.
    /// - Throws: ``SyncError``; `clock_ahead` is `.clockAhead`.
    public func push(_ batch: OutgoingBatch) throws(SyncError) -> PushAnswer {
        let body = batch.body
        let request = SyncHTTPRequest(
            method: "POST", path: "/v1/changes", body: batch.bytes, token: token, isCompressible: true)
        let response = try exchange(request)
        if response.isSuccess {
            do {
                let result = try PushResult.decode(response.body)
                noteFeedHead(result.cursor)
                return .accepted(result)
            } catch {
                throw unreadable(request.label, error)
            }
        }
        if response.status == 413 { return .tooLarge }
        if response.status == 409, let api = try? APIErrorBody.decode(response.body), api.code == "replica_conflict" {
            return .replicaConflict(api)
        }
        if response.status == 400 || response.status == 403, let api = try? APIErrorBody.decode(response.body),
            api.code == "invalid_change" || api.code == "forbidden_change",
            let index = api.index, body.changes.indices.contains(index)
        {
            return .rejected(api)
        }
        throw failure(response, request: request.label)
    }

    /// `GET /v1/changes?since=…&limit=…&exclude_replica=…`: one page of the change feed.
    /// - Throws: ``SyncError``.
    /// `schemaAbove` asks only for the fields added after that schema version (the catch-up pull);
    /// every pull announces the schema version this client holds (docs/protocol.md).
    public func pull(
        since cursor: Int64, limit: Int, excluding replica: ReplicaID?, schemaAbove: Int? = nil
    ) throws(SyncError) -> PullPage {
        var query: [SyncQueryItem] = []
        if let replica { query.append(SyncQueryItem("exclude_replica", replica)) }
        if let schemaAbove { query.append(SyncQueryItem("schema_above", String(schemaAbove))) }
        return try page(since: cursor, limit: limit, query)
    }

    /// `GET /v1/changes` with `since`, `limit`, the schema version this client holds, and `extra`.
    func page(since cursor: Int64, limit: Int, _ extra: [SyncQueryItem]) throws(SyncError) -> PullPage {
        let query = [
            SyncQueryItem("since", String(cursor)), SyncQueryItem("limit", String(limit)),
            SyncQueryItem("schema", String(SchemaVersion.current)),
        ] + extra
        let request = SyncHTTPRequest(method: "GET", path: "/v1/changes", query: query, token: token)
        let response = try exchange(request)
        guard response.isSuccess else { throw failure(response, request: request.label) }
        do {
            return try PullPage.decode(response.body)
        } catch {
            throw unreadable(request.label, error)
        }
    }
}

/// The server's answer to one pushed batch.
public enum PushAnswer: Sendable, Hashable {
    /// Stored (or recognised as duplicates): the batch can leave the outbox.
    case accepted(PushResult)
    /// One change was refused (`400 invalid_change`, its `index` within the batch); nothing was stored.
    case rejected(APIErrorBody)
    /// The body was too big for the server (413); send smaller batches.
    case tooLarge
    /// The server holds other content under one of the batch's dots, pushed under this replica id
    /// (409 `replica_conflict`): this file is a copy of another replica's; nothing was stored.
    case replicaConflict(APIErrorBody)
}
