/// One entry of the router's table: a method, a path pattern and the handler that answers it.
public struct Route: Sendable {
    /// The method this route answers (HEAD is answered by the GET route when none is given).
    public let method: HTTPMethod
    /// The path pattern, e.g. `/v1/records/:kind/:id`.
    public let pattern: RoutePattern
    /// The handler called with `pathParameters` filled in.
    public let handler: any HTTPHandler

    /// Makes a route.
    public init(_ method: HTTPMethod, _ pattern: String, handler: any HTTPHandler) {
        self.method = method
        self.pattern = RoutePattern(pattern)
        self.handler = handler
    }
}
