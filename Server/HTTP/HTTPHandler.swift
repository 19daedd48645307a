/// Anything that answers requests: the router, a route's handler, a middleware chain.
public protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A handler made from a closure.
public struct ClosureHandler: HTTPHandler {
    private let body: @Sendable (HTTPRequest) async throws -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) { self.body = body }
    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse { try await body(request) }
}
