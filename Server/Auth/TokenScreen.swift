import GisementHTTP
import GisementShared

/// The API's ``RequestScreen``: checks the bearer token on the request head, before the server
/// reads or inflates a byte of the body.
///
/// - A head that announces a body must carry a valid token (any role; the route checks the role
///   later): otherwise it is answered at once with the one 401 (or the limiter's 429) and its
///   connection closed, so a client without a token never makes the server buffer a body.
/// - `GET`/`HEAD` of a public route (`/v1/health`) is ``ScreenVerdict/publicRoute``.
/// - A body-less request with a valid token is ``ScreenVerdict/authenticated``; without one it is
///   left ``ScreenVerdict/undecided`` for the route to answer as usual (401, 404, 405).
///
/// Tokens are looked up through ``ServerStore/validToken(digest:)``, which uses connections of its
/// own: a token check never waits behind pulls or reports.
///
/// ```swift
/// http.screen = TokenScreen(store: store, publicPaths: ["/v1/health"], limiter: limiter)
/// ```
public struct TokenScreen: RequestScreen {
    let lookup: @Sendable ([UInt8]) async throws -> TokenInfo?
    let publicPaths: Set<String>
    let limiter: AuthFailureLimiter?

    /// A screen over the store's token table.
    /// - Parameters:
    ///   - publicPaths: the routes anyone may `GET` without a token.
    ///   - limiter: counts the 401s it answers, like the middleware does for the routes' own 401s.
    public init(store: any ServerStoring, publicPaths: Set<String>, limiter: AuthFailureLimiter? = nil) {
        self.init(publicPaths: publicPaths, limiter: limiter) { digest in try await store.validToken(digest: digest) }
    }

    init(
        publicPaths: Set<String>, limiter: AuthFailureLimiter?,
        lookup: @escaping @Sendable ([UInt8]) async throws -> TokenInfo?
    ) {
        self.lookup = lookup
        self.publicPaths = publicPaths
        self.limiter = limiter
    }

    public func screen(_ head: HTTPRequest) async -> ScreenVerdict {
        let announcesBody = (head.headers[.contentLength].flatMap { Int($0) } ?? 0) > 0
        if !announcesBody, head.method == .GET || head.method == .HEAD, publicPaths.contains(head.path) {
            return .publicRoute
        }
        let headers = head.headers.values(.authorization)
        if headers.count == 1, let token = BearerCredentials.token(from: headers[0]) {
            do {
                if try await lookup(AccessToken.digest(of: token)) != nil { return .authenticated }
            } catch is StoreUnavailable {
                var response = APIError.unavailable.response
                response.headers[.retryAfter] = "1"
                return .refused(response)
            } catch {
                return announcesBody ? .refused(APIError.internal.response) : .undecided
            }
        }
        guard announcesBody else { return .undecided }
        var response = APIError.unauthorized.response
        if let wait = limiter?.recordFailure(from: head.remoteAddress) {
            response = AuthFailureLimiter.limitedError.response
            response.headers[.retryAfter] = String(wait)
        }
        response.logFields["auth"] = "refused before the body"
        return .refused(response)
    }
}
