/// An HTTP response as a value; the connection adds `Content-Length`, `Date` and `Connection`.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Values for the server's one-line request log (for example `logFields["token"] = "field-team-3"`).
    ///
    /// A side channel from handlers to ``HTTPServer/Configuration/logger``: never written to the wire,
    /// so a handler can name the authenticated token without leaking it in a header.
    public var logFields: [String: String] = [:]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
