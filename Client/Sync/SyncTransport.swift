/// Sends one HTTP request and waits for its answer: what the sync needs from the network.
///
/// ``URLSessionTransport`` is the real one; tests give a fake that serves from memory, so the
/// sync algorithm is tested without sockets. A transport does not retry: ``SyncServerClient``
/// decides what to retry.
public protocol SyncTransport {
    /// Sends `request`; fails after `timeout` seconds without an answer.
    ///
    /// - Throws: ``TransportError`` when no HTTP answer came back. Any HTTP status, 5xx included,
    ///   is an answer and returns normally.
    func send(_ request: SyncHTTPRequest, timeout: Double) throws(TransportError) -> SyncHTTPResponse
}

/// Why no HTTP answer came back.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Nothing listens there, or the host cannot be resolved or reached.
        case cannotConnect
        /// The connection was made but the answer did not come in time.
        case timedOut
        /// The connection broke during the exchange.
        case connectionLost
        /// The URL or request could not be built.
        case badRequest
        /// An answer came but cannot be read (a gzip body past the client's bound, or not gzip).
        case unreadableAnswer
        /// Anything else the HTTP library reported.
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether trying again later may succeed.
    public var isTransient: Bool { kind != .badRequest && kind != .unreadableAnswer }

    public var description: String { message }
}
