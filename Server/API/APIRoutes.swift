import GisementHTTP

/// The route table of API version 1, exactly as the contract lists it.
///
/// ```swift
/// let router = APIRoutes.router(context: APIContext(store: store))
/// let server = HTTPServer(configuration: config, handler: router)
/// ```
public enum APIRoutes {
    /// The routes anyone may call without a token.
    public static let publicPaths: Set<String> = ["/v1/health"]

    /// Every route with its role: health (none), sync (agent), records and reports (coordinator),
    /// merge and session logs (admin).
    public static func router(context: APIContext) -> Router {
        var router = Router()
        router.add(.GET, "/v1/health", Endpoint(role: nil, context: context) { _, _, _ in
            ReadAPI.health(context: context)
        })
        router.add(.POST, "/v1/changes", Endpoint(role: .agent, syncRoute: .push, context: context) { request, caller, counts in
            try await ChangesAPI.push(request, caller: caller!, counts: &counts, context: context)
        })
        router.add(.GET, "/v1/changes", Endpoint(role: .agent, syncRoute: .pull, context: context) { request, caller, counts in
            try await ChangesAPI.pull(request, caller: caller!, counts: &counts, context: context)
        })
        router.add(.GET, "/v1/replicas/:replica", Endpoint(role: .agent, syncRoute: .replica, context: context) {
            request, _, counts in
            try await ReadAPI.replica(request, counts: &counts, context: context)
        })
        router.add(.GET, "/v1/me", Endpoint(role: .agent, context: context) { _, caller, _ in
            try await ReadAPI.me(caller: caller!, context: context)
        })
        router.add(.GET, "/v1/verify/buckets", Endpoint(role: .agent, context: context) { _, caller, _ in
            try await VerifyAPI.buckets(caller: caller!, context: context)
        })
        router.add(.POST, "/v1/verify/records", Endpoint(role: .agent, context: context) { request, caller, _ in
            try await VerifyAPI.records(request, caller: caller!, context: context)
        })
        router.add(.POST, "/v1/verify/versions", Endpoint(role: .agent, context: context) { request, caller, _ in
            try await VerifyAPI.versions(request, caller: caller!, context: context)
        })
        router.add(.GET, "/v1/records/:kind/:id", Endpoint(role: .coordinator, context: context) { request, caller, _ in
            try await ReadAPI.record(request, caller: caller!, context: context)
        })
        router.add(.GET, "/v1/reports/tests/:id", Endpoint(role: .coordinator, context: context) { request, caller, _ in
            try await ReportAPI.report(request, kind: .pilotTest, caller: caller!, context: context)
        })
        router.add(.GET, "/v1/reports/districts/:id", Endpoint(role: .coordinator, context: context) { request, caller, _ in
            try await ReportAPI.report(request, kind: .district, caller: caller!, context: context)
        })
        router.add(.GET, "/v1/merges", Endpoint(role: .admin, context: context) { request, _, _ in
            try await LogAPI.merges(request, context: context)
        })
        router.add(.GET, "/v1/sessions", Endpoint(role: .admin, context: context) { request, _, _ in
            try await LogAPI.sessions(request, context: context)
        })
        return router
    }
}
