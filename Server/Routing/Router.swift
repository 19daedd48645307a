/// The table of routes: `(method, "/v1/records/:kind/:id") → handler`.
///
/// An unknown path gets 404 `not_found`; a known path with another method gets 405
/// `method_not_allowed` with an `Allow` header listing the methods that path takes (RFC 9110 §15.5.6),
/// HEAD included wherever GET is. Both bodies are the contract's `{"error":{"code","message"}}`.
/// HEAD is answered by the GET route when no HEAD route exists; the connection drops the body.
///
/// ```swift
/// var router = Router()
/// router.get("/v1/health") { _ in HTTPResponse(json: .object(["status": .string("ok")])) }
/// router.add(.GET, "/v1/records/:kind/:id", RecordHandler(store: store))
/// let kind = request.pathParameters["kind"]   // inside the handler, percent-decoded
/// ```
/// Routes are tried in the order added; the first match wins.
public struct Router: HTTPHandler {
    /// The routes in registration order.
    public private(set) var routes: [Route] = []

    /// An empty router: every request gets 404.
    public init() {}

    /// Adds a route answered by `handler`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: any HTTPHandler) {
        routes.append(Route(method, pattern, handler: handler))
    }

    /// Adds a route answered by a closure.
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String,
        _ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) {
        add(method, pattern, ClosureHandler(body))
    }

    /// Adds a GET route (which also answers HEAD).
    public mutating func get(
        _ pattern: String, _ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) {
        add(.GET, pattern, body)
    }

    /// Adds a POST route.
    public mutating func post(
        _ pattern: String, _ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) {
        add(.POST, pattern, body)
    }

    /// Finds the route, fills `pathParameters` and calls its handler; 404/405 otherwise.
    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let segments = Self.pathSegments(of: request) else {
            return .jsonError(status: .badRequest, code: "bad_request", message: "The request path is malformed.")
        }
        var allowed: [HTTPMethod] = []
        var headFallback: (Route, [String: String])?
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == request.method {
                return try await call(route, parameters, request)
            }
            if request.method == .HEAD, route.method == .GET, headFallback == nil {
                headFallback = (route, parameters)
            }
            allowed.append(route.method)
        }
        if let (route, parameters) = headFallback {
            return try await call(route, parameters, request)
        }
        if allowed.isEmpty {
            return .jsonError(
                status: .notFound, code: "not_found", message: "No route for \(request.method) \(request.path).")
        }
        if allowed.contains(.GET), !allowed.contains(.HEAD) { allowed.append(.HEAD) }
        var unique: [String] = []
        for method in allowed where !unique.contains(method.rawValue) { unique.append(method.rawValue) }
        var response = HTTPResponse.jsonError(
            status: .methodNotAllowed, code: "method_not_allowed",
            message: "\(request.method) is not allowed on \(request.path); use \(unique.joined(separator: ", ")).")
        response.headers[.allow] = unique.joined(separator: ", ")
        return response
    }

    private func call(_ route: Route, _ parameters: [String: String], _ request: HTTPRequest) async throws
        -> HTTPResponse
    {
        var request = request
        request.pathParameters = parameters
        return try await route.handler.handle(request)
    }

    /// The request path split on `/` and percent-decoded segment by segment, so that an encoded
    /// `%2F` stays inside its segment. Nil for a malformed escape.
    static func pathSegments(of request: HTTPRequest) -> [String]? {
        var raw = Substring(request.target)
        if let query = raw.firstIndex(of: "?") { raw = raw[..<query] }
        if !raw.hasPrefix("/") { raw = Substring(request.path) }  // absolute-form or `*`: use the parsed path
        var segments: [String] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentEncoding.decode(part) else { return nil }
            segments.append(decoded)
        }
        return segments
    }
}
