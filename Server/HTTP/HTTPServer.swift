import Foundation
import Synchronization

/// An HTTP/1.1 server on POSIX sockets: one epoll thread for all connections, one task per request.
///
/// The event loop thread accepts, reads and writes non-blocking sockets, so idle or slow connections
/// cost a descriptor and a few hundred bytes, never a thread. A complete request (head and body
/// within ``Configuration/limits``) is handed to `handler` in a `Task`; request bodies sent with
/// `Content-Encoding: gzip` are inflated there first (capped at the body limit → 413; any other
/// encoding → 415) and responses are gzip-compressed there when the client accepts it. So gzip lives
/// in the connection pipeline, not in a middleware: it needs the limits, and it runs off the loop thread.
/// Responses on one connection are written strictly in request order (RFC 9112 §9.3.2): the next
/// pipelined request is parsed only once the previous response is queued.
///
/// ```swift
/// var router = Router()
/// router.get("/v1/health") { _ in HTTPResponse(json: .object(["status": .string("ok")])) }
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: router)
/// try server.start()
/// print("listening on \(server.listeningAddress!.url)")
/// // … later, from a signal handler:
/// await server.stop(timeout: .seconds(10))
/// ```
public final class HTTPServer: Sendable {
    /// The configuration the server was made with.
    public let configuration: Configuration
    private let handler: any HTTPHandler
    private let shared = Mutex(Shared())
    private let connectionCount = ConnectionCounter()

    private struct Shared: ~Copyable {
        var state: State = .idle
        var address: Address?
        var loop: ServerLoop?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Makes a server; nothing is bound until ``start()``.
    /// - Parameters:
    ///   - configuration: address, limits, timeouts, connection bound and log hook.
    ///   - handler: answers every complete request (a ``Router`` or a ``MiddlewareChain``).
    public init(configuration: Configuration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Where the server life cycle is now.
    public var state: State { shared.withLock { $0.state } }

    /// The bound address once started (with the real port when 0 was asked), else nil.
    public var listeningAddress: Address? { shared.withLock { $0.address } }

    /// The connections open right now (for tests and metrics).
    public var openConnectionCount: Int { connectionCount.load() }

    /// Binds, listens and starts the event loop thread; returns once connections are accepted.
    ///
    /// Also makes the process ignore SIGPIPE (a second guard besides `MSG_NOSIGNAL`).
    /// Calling it twice is a programmer error.
    /// - Throws: ``SocketError`` when the address cannot be bound (EADDRINUSE, bad host).
    public func start() throws(SocketError) {
        try shared.withLock { (shared: inout Shared) throws(SocketError) in
            precondition(shared.state == .idle, "HTTPServer.start() called twice")
            SystemCall.ignoreBrokenPipe()
            let listener = try Socket.listening(host: configuration.host, port: configuration.port)
            let loop: ServerLoop
            do throws(SocketError) {
                let bound = try listener.localAddress()
                shared.address = Address(host: bound.host, port: bound.port)
                loop = try ServerLoop(
                    listener: listener, configuration: configuration, handler: handler,
                    connectionCount: connectionCount)
            } catch {
                listener.close()
                throw error
            }
            shared.loop = loop
            shared.state = .running
            let thread = Thread { [self] in
                loop.run()
                finish()
            }
            thread.name = "gisement-http"
            thread.start()
        }
    }

    /// Starts if needed, then waits until the server has stopped.
    /// - Throws: ``SocketError`` from ``start()``.
    public func run() async throws {
        if state == .idle { try start() }
        await waitUntilStopped()
    }

    /// Stops accepting, lets in-flight requests finish (their responses say `Connection: close`),
    /// closes idle and half-received connections, then returns.
    ///
    /// After `timeout`, whatever is still open is closed and unfinished handlers' responses are dropped.
    /// Safe to call more than once and from several tasks; each returns once the server has stopped.
    public func stop(timeout: Duration = .seconds(10)) async {
        let loop: ServerLoop? = shared.withLock { shared in
            switch shared.state {
            case .idle:
                shared.state = .stopped
                return nil
            case .running:
                shared.state = .stopping
                return shared.loop
            case .stopping, .stopped:
                return nil
            }
        }
        loop?.requestStop(timeout: timeout)
        await waitUntilStopped()
    }

    private func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = shared.withLock { shared -> Bool in
                if shared.state == .stopped { return true }
                shared.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Called on the loop thread once the loop has closed everything.
    private func finish() {
        let waiters = shared.withLock { shared -> [CheckedContinuation<Void, Never>] in
            shared.state = .stopped
            shared.loop = nil
            defer { shared.waiters = [] }
            return shared.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
