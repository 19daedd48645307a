extension HTTPServer {
    /// Everything that tunes a server: where it listens, its limits, its deadlines and its log hook.
    ///
    /// ```swift
    /// var config = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
    /// config.limits.maxBodyBytes = 8 << 20
    /// config.logger = { entry in log.debug("\(entry.method) \(entry.path) \(entry.status)") }
    /// ```
    public struct Configuration: Sendable {
        /// The address to bind: an IPv4 or IPv6 literal or a name (`127.0.0.1`, `::1`, `0.0.0.0`, `::`).
        public var host: String
        /// The TCP port; 0 lets the system pick one, read back from ``HTTPServer/listeningAddress``.
        public var port: Int
        /// The parser's bounds (request line, headers, body).
        public var limits: HTTPLimits
        /// How long a request head may take to arrive, from its first byte (or from accept); then 408 and close.
        public var headerTimeout: Duration
        /// The body rate window: once a body is admitted, every window must bring at least
        /// ``minimumBodyBytesPerSecond`` × the window (the first window is the grace); else 408 and close.
        /// A deadline by rate, not one timeout: a large body on a slow link passes, a stalled sender
        /// is cut after one window.
        public var bodyRateWindow: Duration
        /// The slowest body accepted, in bytes per second (default 1 KiB/s, a tenth of a poor GPRS link).
        public var minimumBodyBytesPerSecond: Int
        /// How long a keep-alive connection may wait for its next request; then it is closed quietly
        /// (RFC 9112 §9.5 lets a server close an idle connection at any time).
        public var idleTimeout: Duration
        /// How long a response may take to be written to a client that stops reading; then close.
        public var writeTimeout: Duration
        /// The most open connections. At the bound, the oldest idle connection is closed to make room;
        /// when none is idle, a new connection gets a reserved slot or 503 (see ``reservedConnections``).
        public var maxConnections: Int
        /// The most open connections from one client address, under the same rule as ``maxConnections``:
        /// one address cannot take every slot.
        public var maxConnectionsPerAddress: Int
        /// Slots beyond the bounds for clients that prove at once they are welcome: a request to a
        /// public route (`/v1/health`) or with a valid token, as judged by ``screen``. Such a
        /// connection serves one request, then closes. 0 disables them.
        public var reservedConnections: Int
        /// Judges each request head before its body is read (the API's token check); nil admits every head.
        public var screen: (any RequestScreen)?
        /// The most bytes of request bodies held at once, received and inflated, across all
        /// connections; a request that would pass it gets 503 with `Retry-After`.
        public var bodyMemoryBudget: Int
        /// Whether responses over ``compressionThreshold`` bytes are gzip-compressed for clients that send
        /// `Accept-Encoding: gzip`.
        public var compressesResponses: Bool
        /// The smallest body worth compressing, in bytes.
        public var compressionThreshold: Int
        /// Called once per answered request with one log line's worth of data; nil logs nothing.
        ///
        /// Runs on the request's task or on the event loop thread: keep it quick and non-blocking.
        public var logger: (@Sendable (HTTPRequestLog) -> Void)?

        /// A configuration with the documented defaults: 10 s header timeout, bodies at 1 KiB/s at least
        /// over 10 s windows, 30 s idle and write timeouts, 1024 connections (256 per address, 16
        /// reserved), 128 MiB of bodies in flight, gzip over 1 KiB.
        public init(host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits()) {
            self.host = host
            self.port = port
            self.limits = limits
            self.headerTimeout = .seconds(10)
            self.bodyRateWindow = .seconds(10)
            self.minimumBodyBytesPerSecond = 1024
            self.idleTimeout = .seconds(30)
            self.writeTimeout = .seconds(30)
            self.maxConnections = 1024
            self.maxConnectionsPerAddress = 256
            self.reservedConnections = 16
            self.screen = nil
            self.bodyMemoryBudget = 128 * 1024 * 1024
            self.compressesResponses = true
            self.compressionThreshold = 1024
            self.logger = nil
        }
    }

    /// The life cycle of a server; it only moves forward.
    public enum State: Sendable, Hashable {
        /// Made, not started.
        case idle
        /// Accepting and answering.
        case running
        /// ``HTTPServer/stop(timeout:)`` was called: no longer accepting, finishing in-flight requests.
        case stopping
        /// Every connection is closed and the event loop has ended.
        case stopped
    }

    /// Where the server listens, as bound (the real port when 0 was asked).
    public struct Address: Sendable, Hashable, CustomStringConvertible {
        /// The numeric host (`127.0.0.1`, `::1`).
        public var host: String
        /// The bound port.
        public var port: Int

        /// Makes an address.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `http://HOST:PORT`, with an IPv6 host in brackets: the form of the `listening on` line.
        public var url: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }

        public var description: String { url }
    }
}
