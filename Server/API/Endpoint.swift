import Foundation
import GisementHTTP
import GisementShared

/// One route's handler wrapped in what every route shares: authentication, the role check,
/// error rendering, the token name for the request log, and the session log for sync routes.
///
/// ```swift
/// router.add(.GET, "/v1/records/:kind/:id", Endpoint(role: .coordinator, context: context) { request, caller, _ in
///     try await RecordsAPI.record(request, context)
/// })
/// ```
/// An ``APIError`` thrown by the body becomes its response; any other error becomes
/// 500 `internal`, logged once with the route, and its details never reach the client.
public struct Endpoint: HTTPHandler {
    public typealias Body = @Sendable (HTTPRequest, Caller?, inout SyncCounts) async throws -> HTTPResponse

    /// The least role allowed; nil for a public route (health).
    let role: Role?
    /// Set for sync routes, which write one session log row per authenticated request.
    let syncRoute: SyncRoute?
    let context: APIContext
    let body: Body

    public init(role: Role?, syncRoute: SyncRoute? = nil, context: APIContext, body: @escaping Body) {
        self.role = role
        self.syncRoute = syncRoute
        self.context = context
        self.body = body
    }

    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        var caller: Caller?
        var counts = SyncCounts()
        var response: HTTPResponse
        do {
            if let role {
                let authenticated = try await Authenticator.authenticate(request, store: context.store)
                caller = authenticated
                guard authenticated.role.allows(role) else {
                    throw APIError.forbidden(
                        "the token '\(authenticated.name)' has the role \(authenticated.role); this route needs \(role) or above")
                }
            }
            response = try await body(request, caller, &counts)
        } catch let error as APIError {
            response = error.response
            if error.status == .unauthorized, let name = await Authenticator.revokedName(request, store: context.store) {
                response.logFields["token"] = name + " (revoked)"
            }
        } catch let error as StoreUnavailable {
            context.logger.warning(
                "\(error)", metadata: ["http.method": request.method.rawValue, "http.path": request.path])
            response = APIError.unavailable.response
            response.headers[.retryAfter] = "1"
        } catch {
            context.logger.error(
                "request failed: \(error)",
                metadata: ["http.method": request.method.rawValue, "http.path": request.path])
            response = APIError.internal.response
        }
        // API answers are per token and change with every write: no cache may keep them.
        response.headers[.cacheControl] = "no-store"
        if syncRoute != nil { context.metrics?.record(counts) }
        if let caller {
            response.logFields["token"] = caller.name
            if let syncRoute {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                context.store.recordSession(
                    SessionEntry(
                        at: context.clock.iso8601(), token: caller.name, replica: counts.replica,
                        route: syncRoute.rawValue, pushed: counts.pushed, accepted: counts.accepted,
                        duplicates: counts.duplicates, conflicts: counts.conflicts, pulled: counts.pulled,
                        status: response.status.code, durationMilliseconds: (elapsed * 1000).rounded() / 1000))
            }
        }
        return response
    }
}
