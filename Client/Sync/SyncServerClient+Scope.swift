import GisementShared

extension SyncServerClient {
    /// `GET /v1/me`: the token's role and what its scope holds; nil from a server that has no such
    /// route (an older one: its tokens see everything) or answers it with something else (the
    /// sync then goes on as before scopes, refusing nothing locally).
    /// - Throws: ``SyncError``.
    public func me() throws(SyncError) -> TokenRights? {
        let request = SyncHTTPRequest(method: "GET", path: "/v1/me", token: token)
        let response = try exchange(request)
        if response.status == 404 { return nil }
        guard response.isSuccess else { throw failure(response, request: request.label) }
        guard let value = try? JSONParser.parse(response.body), let role = value["role"]?.stringValue,
            ["agent", "coordinator", "admin"].contains(role)
        else { return nil }
        var holds: Set<String>?
        if let held = value["holds"]?.objectValue {
            var keys = Set<String>()
            for (name, make) in [("tests", ScopeKey.test), ("districts", ScopeKey.district), ("partners", ScopeKey.partner)] {
                for id in held[name]?.arrayValue ?? [] { if let id = id.stringValue { keys.insert(make(id)) } }
            }
            holds = keys
        }
        return TokenRights(role: role, holds: holds)
    }

    /// `GET /v1/changes?since=…&keys=…`: one page of the feed of some scope keys only (what entered
    /// the scope, fetched from the start of the feed).
    /// - Throws: ``SyncError``.
    public func pull(since cursor: Int64, limit: Int, keys: [String]) throws(SyncError) -> PullPage {
        try page(since: cursor, limit: limit, [SyncQueryItem("keys", keys.joined(separator: ","))])
    }
}
