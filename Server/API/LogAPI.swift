import GisementHTTP
import GisementShared

/// The admin routes: the merge log and the session log.
enum LogAPI {
    /// `GET /v1/merges?since&kind&id&field&limit`: `{"merges":[…],"cursor","more"}`, oldest first.
    /// - Throws: ``APIError`` 400 for a bad parameter.
    static func merges(_ request: HTTPRequest, context: APIContext) async throws -> HTTPResponse {
        let query = QueryParameters(request: request)
        let mergeQuery = MergeQuery(
            since: try query.position("since"), kind: try query.kind("kind"), id: try query.identifier("id"),
            field: try query.text("field"), pushedBy: try query.text("pushed_by"),
            limit: try query.limit(fallback: 1000, maximum: 10_000))
        let (entries, more) = try await context.store.merges(mergeQuery)
        return HTTPResponse(
            json: .object([
                "merges": .array(entries.map(json)), "cursor": .integer(entries.last?.seq ?? mergeQuery.since),
                "more": .bool(more),
            ]))
    }

    /// `GET /v1/sessions?since&limit`: `{"sessions":[…],"cursor","more"}`, oldest first.
    /// - Throws: ``APIError`` 400 for a bad parameter.
    static func sessions(_ request: HTTPRequest, context: APIContext) async throws -> HTTPResponse {
        let query = QueryParameters(request: request)
        let since = try query.position("since")
        let (entries, more) = try await context.store.sessions(
            since: since, limit: try query.limit(fallback: 1000, maximum: 10_000))
        return HTTPResponse(
            json: .object([
                "sessions": .array(entries.map(json)), "cursor": .integer(entries.last?.seq ?? since),
                "more": .bool(more),
            ]))
    }

    static func json(_ entry: MergeEntry) -> JSONValue {
        .object([
            "seq": .integer(entry.seq), "at": .string(entry.at), "kind": .string(entry.kind.rawValue),
            "id": .string(entry.id), "field": .string(entry.field), "winner": json(entry.winner),
            "loser": json(entry.loser), "pushed_by": .string(entry.pushedBy), "anomaly": .bool(entry.isAnomaly),
            "edit_vs_delete": .bool(entry.isEditVsDelete),
        ])
    }

    static func json(_ side: MergeSide) -> JSONValue {
        .object([
            "value": side.value.json, "hlc": .string(side.hlc.description),
            "replica": .string(side.replica), "counter": .integer(Int64(clamping: side.counter)),
        ])
    }

    static func json(_ entry: SessionEntry) -> JSONValue {
        .object([
            "seq": .integer(entry.seq), "at": .string(entry.at), "token": .string(entry.token),
            "replica": entry.replica.map { .string($0) } ?? .null, "route": .string(entry.route),
            "pushed": .integer(Int64(entry.pushed)), "accepted": .integer(Int64(entry.accepted)),
            "duplicates": .integer(Int64(entry.duplicates)), "conflicts": .integer(Int64(entry.conflicts)),
            "pulled": .integer(Int64(entry.pulled)), "status": .integer(Int64(entry.status)),
            "duration_ms": .number(entry.durationMilliseconds),
        ])
    }
}
