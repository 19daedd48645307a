/// A parsed HTTP/1.1 request: a value, with its body fully read (and decompressed if it was gzip).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target as sent, e.g. `/v1/changes?since=10&limit=500`.
    public var target: String
    /// The target's path, percent-decoded, without the query.
    public var path: String
    /// Query parameters in order, percent-decoded (`+` is a space).
    public var query: [(name: String, value: String)]
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Path parameters filled in by the router (`:kind`, `:id`).
    public var pathParameters: [String: String] = [:]
    /// The peer's address, for logs and rate limits (`127.0.0.1`).
    public var remoteAddress: String = ""

    public init(
        method: HTTPMethod, target: String, path: String, query: [(name: String, value: String)] = [],
        version: String = "HTTP/1.1", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
}
