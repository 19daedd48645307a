/// A handler wrapped in middleware, folded in reverse so that the first listed runs first.
///
/// ```swift
/// let app = MiddlewareChain([auth, requestID, sessionLog], handler: router)
/// // auth sees the request first, then requestID, then sessionLog, then router.
/// let server = HTTPServer(configuration: config, handler: app)
/// ```
/// The fold happens once, at init, so a request pays one call per middleware and nothing more.
public struct MiddlewareChain: HTTPHandler {
    private let entry: any HTTPHandler

    /// Wraps `handler` in `middlewares`; `middlewares[0]` is the outermost.
    public init(_ middlewares: [any Middleware], handler: any HTTPHandler) {
        var next: any HTTPHandler = handler
        for middleware in middlewares.reversed() {
            next = Link(middleware: middleware, next: next)
        }
        entry = next
    }

    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await entry.handle(request)
    }

    /// One middleware bound to the rest of the chain.
    private struct Link: HTTPHandler {
        let middleware: any Middleware
        let next: any HTTPHandler

        func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
            try await middleware.handle(request, next: next)
        }
    }
}
