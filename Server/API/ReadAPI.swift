import GisementHTTP
import GisementShared

/// The read routes: health, replica high-water marks and records (reports: ``ReportAPI``).
enum ReadAPI {
    /// `GET /v1/health`: `{"status":"ok","version":…,"schema_version":…,"server_time":…}`; no token needed.
    static func health(context: APIContext) -> HTTPResponse {
        HTTPResponse(
            json: .object([
                "status": .string("ok"), "version": .string(context.version),
                "schema_version": .integer(Int64(SchemaVersion.current)),
                "server_time": .string(context.clock.iso8601()),
            ]))
    }

    /// `GET /v1/replicas/{replica}?lineage=g1,g2`: `{"replica","counter","relayed_counter","store",
    /// "generation","head","rewind"}`: what the replica learns at each sync to tell whether the
    /// server went back (docs/protocol.md, "Recovery").
    /// - Throws: ``APIError`` 400 for an invalid replica id or lineage.
    static func replica(_ request: HTTPRequest, counts: inout SyncCounts, context: APIContext) async throws
        -> HTTPResponse
    {
        let replica = request.pathParameters["replica"] ?? ""
        if let problem = Identifier.problem(with: replica) {
            throw APIError.badParameter("the replica id \(problem)")
        }
        counts.replica = replica
        let lineage = try lineage(request)
        let status = try await context.store.status(replica: replica, lineage: lineage)
        return HTTPResponse(
            json: .object([
                "replica": .string(replica), "counter": .integer(Int64(clamping: status.counter)),
                "relayed_counter": .integer(Int64(clamping: status.relayedCounter)),
                "store": .string(status.store), "generation": status.generation.map { .string($0) } ?? .null,
                "generation_base": status.generationBase.map { .integer($0) } ?? .null,
                "common": status.common.map { .string($0) } ?? .null,
                "head": .integer(status.head), "rewind": status.rewind.map { .integer($0) } ?? .null,
                "schema_version": .integer(Int64(SchemaVersion.current)), "version": .string(context.version),
            ]))
    }

    /// `GET /v1/me`: what the calling token is and may do: `{"token","role","scope","holds"}`.
    /// `scope` is null for a token that sees the whole network, else `{"districts":[…],"tests":[…]}`
    /// (ids); `holds` is null or what the scope holds now, `{"districts","tests","partners"}`. A
    /// replica reads it at each sync to follow scope changes and refuse locally what its token
    /// could not send (docs/protocol.md, "Scopes").
    static func me(caller: Caller, context: APIContext) async throws -> HTTPResponse {
        func ids(_ keys: Set<String>, _ letter: Character) -> JSONValue {
            .array(ScopeHolds(keys: keys).ids(letter).map { .string($0) })
        }
        var scope = JSONValue.null
        var holds = JSONValue.null
        if let tokenScope = caller.tokenScope {
            scope = .object(["districts": ids(tokenScope.keys, "d"), "tests": ids(tokenScope.keys, "t")])
            let held = try await context.store.holds(tokenScope).keys
            holds = .object(["districts": ids(held, "d"), "tests": ids(held, "t"), "partners": ids(held, "p")])
        }
        return HTTPResponse(
            json: .object([
                "token": .string(caller.name), "role": .string(caller.role.rawValue), "scope": scope, "holds": holds,
            ]))
    }

    /// The generations a client knew, comma-separated, at most 32.
    private static func lineage(_ request: HTTPRequest) throws -> [String] {
        guard let text = request.queryValue("lineage"), !text.isEmpty else { return [] }
        let ids = text.split(separator: ",").map(String.init)
        guard ids.count <= 32, ids.allSatisfy({ Identifier.problem(with: $0) == nil }) else {
            throw APIError.badParameter("lineage must be at most 32 generation ids separated by commas")
        }
        return ids
    }

    /// `GET /v1/records/{kind}/{id}`: `{"kind","id","fields":{…},"deleted":bool}`.
    ///
    /// `fields` holds every field the server has a value for, in schema order, `deleted` excepted.
    /// - Throws: ``APIError`` 404 for an unknown kind or record.
    static func record(_ request: HTTPRequest, caller: Caller, context: APIContext) async throws -> HTTPResponse {
        let kindName = request.pathParameters["kind"] ?? ""
        let id = request.pathParameters["id"] ?? ""
        guard let kind = RecordKind(name: kindName) else {
            throw APIError.notFound(
                "'\(kindName.prefix(40))' is not a kind; use one of "
                    + RecordKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard Identifier.isValid(id), let record = try await context.store.record(kind: kind, id: id, scope: caller.tokenScope) else {
            throw APIError.notFound("the server holds no \(kind) with id '\(id.prefix(200))'")
        }
        return HTTPResponse(json: json(record))
    }

    /// A record as the API shows it.
    static func json(_ record: Record) -> JSONValue {
        var fields = JSONObject()
        let schema = Schema.of(record.kind)
        for name in schema.fieldNames where name != Schema.deletedField {
            if let value = record.fields[name] { fields[name] = value.json }
        }
        for name in record.fields.keys.sorted() where schema.field(name) == nil {
            fields[name] = record.fields[name]!.json
        }
        return .object([
            "kind": .string(record.kind.rawValue), "id": .string(record.id), "fields": .object(fields),
            "deleted": .bool(record.isDeleted),
        ])
    }
}
