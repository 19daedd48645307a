/// Code that wraps a handler: it sees the request first and the response last.
///
/// A middleware receives the request and `next`, the rest of the chain. It may answer alone
/// (refuse without a token), change the request before passing it on, or change the response.
/// ```swift
/// struct RequestID: Middleware {
///     func handle(_ request: HTTPRequest, next: any HTTPHandler) async throws -> HTTPResponse {
///         var response = try await next.handle(request)
///         response.headers[.requestID] = request.headers[.requestID] ?? Identifier.random(prefix: "q")
///         return response
///     }
/// }
/// ```
/// Chains are built with ``MiddlewareChain``: the first middleware listed is the outermost.
public protocol Middleware: Sendable {
    /// Answers `request`, usually by calling `next.handle(_:)` once.
    /// - Throws: whatever the middleware or `next` throws; the server turns an uncaught error into
    ///   a 500 `internal` response.
    func handle(_ request: HTTPRequest, next: any HTTPHandler) async throws -> HTTPResponse
}

/// A middleware made from a closure, for small concerns and tests.
public struct ClosureMiddleware: Middleware {
    private let body: @Sendable (HTTPRequest, any HTTPHandler) async throws -> HTTPResponse

    /// Wraps `body(request, next)`.
    public init(_ body: @escaping @Sendable (HTTPRequest, any HTTPHandler) async throws -> HTTPResponse) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest, next: any HTTPHandler) async throws -> HTTPResponse {
        try await body(request, next)
    }
}
