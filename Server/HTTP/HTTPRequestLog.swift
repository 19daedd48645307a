/// One line of the server's request log: what the ``HTTPServer/Configuration/logger`` receives,
/// once per answered request (including requests refused by the parser).
///
/// The server builds no logger itself: the application passes a closure and decides the format and level.
public struct HTTPRequestLog: Sendable {
    /// The request method, or `-` when the request line could not be parsed.
    public var method: String
    /// The percent-decoded path, or `-` when unknown.
    public var path: String
    /// The status written.
    public var status: Int
    /// From the complete request (or the first byte of it) to the response being queued, in milliseconds.
    public var durationMilliseconds: Double
    /// Body bytes written (after compression), not counting the head.
    public var bytes: Int
    /// The peer address (`127.0.0.1`).
    public var remoteAddress: String
    /// The handler's ``HTTPResponse/logFields`` (e.g. `token`), never sent to the client.
    public var fields: [String: String]

    /// The name of the token the handler authenticated, from `fields["token"]`.
    public var token: String? { fields["token"] }

    /// Makes a log entry; the server does this, tests may too.
    public init(
        method: String, path: String, status: Int, durationMilliseconds: Double, bytes: Int,
        remoteAddress: String, fields: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.bytes = bytes
        self.remoteAddress = remoteAddress
        self.fields = fields
    }
}
