/// One HTTP request of the sync protocol, independent of the HTTP library that sends it.
///
/// The path is relative to the server's base URL (`/v1/changes`); query items are encoded by
/// the transport. `body` is the JSON to send as it is; `isCompressible` lets the transport
/// gzip it (`Content-Encoding: gzip`) when it is big enough to be worth it.
public struct SyncHTTPRequest: Sendable, Hashable {
    public var method: String
    public var path: String
    public var query: [SyncQueryItem]
    public var body: [UInt8]?
    /// The bearer token, sent as `Authorization: Bearer <token>`; nil for `GET /v1/health`.
    public var token: String?
    public var isCompressible: Bool

    public init(
        method: String, path: String, query: [SyncQueryItem] = [], body: [UInt8]? = nil, token: String? = nil,
        isCompressible: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.token = token
        self.isCompressible = isCompressible
    }

    /// A short label for messages: `POST /v1/changes`.
    public var label: String { "\(method) \(path)" }
}

/// One `name=value` pair of a query string.
public struct SyncQueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The answer to a ``SyncHTTPRequest``: the status and the (already decompressed) body.
public struct SyncHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]
    /// `Retry-After` in seconds, when the server sent one (429, 503).
    public var retryAfter: Double?
    /// `Location` of a redirect (3xx), which the transport never follows.
    public var location: String?

    public init(status: Int, body: [UInt8], retryAfter: Double? = nil, location: String? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
        self.location = location
    }

    /// 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
