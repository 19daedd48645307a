import GisementHTTP
import GisementShared

/// `POST /v1/changes` (push) and `GET /v1/changes` (pull): the two halves of a sync.
enum ChangesAPI {
    /// The most changes one pull page may hold, and the default.
    static let maxLimit = PullPage.maxLimit
    static let defaultLimit = 1000

    /// Validates the whole push, then applies it in one transaction.
    ///
    /// Answer: `{"accepted","duplicates","conflicts","cursor","server_time"}`. A retried push
    /// finds every dot at or below its replica's high-water mark: `accepted` 0, `duplicates` n,
    /// nothing new in the feed.
    /// - Throws: ``APIError`` 415, 400 (`invalid_json`, `invalid_change`, `clock_ahead`).
    static func push(_ request: HTTPRequest, caller: Caller, counts: inout SyncCounts, context: APIContext)
        async throws -> HTTPResponse
    {
        guard isJSON(request.headers[.contentType]) else { throw APIError.unsupportedMediaType }
        let body = try PushValidator.validate(
            request.body, now: context.clock.nowMilliseconds(), maxSkew: context.maxSkewMilliseconds)
        counts.replica = body.replica
        counts.pushed = body.changes.count
        let outcome: PushOutcome
        do {
            outcome = try await context.store.push(
                ValidatedPush(
                    replica: body.replica, changes: body.changes, pushedBy: caller.name,
                    rights: WriteRights(role: caller.role, scope: caller.scope)))
        } catch let refusal as PushRefusal {
            throw APIError(refusal)
        }
        counts.accepted = outcome.accepted
        counts.duplicates = outcome.duplicates
        counts.conflicts = outcome.conflicts
        let result = PushResult(
            accepted: outcome.accepted, duplicates: outcome.duplicates, conflicts: outcome.conflicts,
            cursor: outcome.cursor, serverTime: context.clock.iso8601())
        return .json(bytes: result.encoded())
    }

    /// One page of the feed: `GET /v1/changes?since=N&limit=M&exclude_replica=R`.
    /// - Throws: ``APIError`` 400 for a bad parameter.
    static func pull(_ request: HTTPRequest, caller: Caller, counts: inout SyncCounts, context: APIContext) async throws
        -> HTTPResponse
    {
        let query = QueryParameters(request: request)
        let since = try query.position("since")
        let limit = try query.limit(fallback: defaultLimit, maximum: maxLimit)
        let excluded = try query.identifier("exclude_replica")
        let schema = try SchemaAnnouncement.window(request, query)
        let keys = try scopeKeys(request)
        counts.replica = excluded
        let page = try await context.store.feed(
            since: since, limit: limit, excluding: excluded, schema: schema, scope: caller.tokenScope, keys: keys)
        counts.pulled = page.changes.count
        return .json(bytes: PullPage(changes: page.changes, cursor: page.cursor, more: page.more).encoded())
    }

    /// `keys=t:T1,d:D2,p:P3`: the scope keys a pull is limited to (what entered a replica's scope).
    static func scopeKeys(_ request: HTTPRequest) throws -> Set<String>? {
        guard let text = request.queryValue("keys") else { return nil }
        let keys = text.split(separator: ",").map(String.init)
        let valid = keys.count <= 1000 && keys.allSatisfy { key in
            guard let (letter, id) = ScopeKey.split(key) else { return false }
            return "tdp".contains(letter) && Identifier.isValid(id)
        }
        guard valid else {
            throw APIError.badParameter("keys must be at most 1000 scope keys (t:TEST, d:DISTRICT, p:PARTNER) separated by commas")
        }
        return Set(keys)
    }

    /// Whether a Content-Type names JSON (`application/json`, parameters such as charset allowed).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return mediaType.trimmingSpaces.lowercased() == "application/json"
    }
}
