import Synchronization

/// The event loop behind ``HTTPServer``: one thread that polls the listener and every connection.
///
/// Everything but ``requestStop(timeout:)`` and the completion inbox runs on the loop thread, which
/// owns the connections; request tasks hand their responses back through the `inbox` mutex and wake
/// the poll. That is why the class is `@unchecked Sendable`: its mutable fields are confined to one
/// thread, and the only shared state is behind `Mutex` (or is the kernel's).
final class ServerLoop: @unchecked Sendable {
    /// A response ready to go back on a connection, posted by a request task.
    struct Completion: Sendable {
        let connectionID: UInt64
        let response: HTTPResponse
        let method: HTTPMethod
        let keepAlive: Bool
    }

    /// A screen's verdict on a request head, posted by the screening task.
    struct Verdict: Sendable {
        let connectionID: UInt64
        let verdict: ScreenVerdict
        /// The screened request's method and path, for the log line of a refusal.
        var method = "-"
        var path = "-"
    }

    private struct Inbox: ~Copyable {
        var completions: [Completion] = []
        var verdicts: [Verdict] = []
        var stopTimeout: Duration?
    }

    static let listenerToken: UInt64 = 0

    let configuration: HTTPServer.Configuration
    let pipeline: RequestPipeline
    /// The body bytes held at once, shared with the request tasks that inflate and then drop them.
    let bodyBudget: BodyMemoryBudget
    /// Where handler tasks run (see ``HandlerExecutor``).
    let handlerExecutor = HandlerExecutor(label: "gisement.http.handlers")
    let poll: PollSet
    private let inbox = Mutex(Inbox())
    private let publishedCount: ConnectionCounter

    var listener: Socket?
    var connections: [UInt64: HTTPConnection] = [:]
    var nextID: UInt64 = 1
    var inFlight = 0
    var stopDeadline: UInt64?
    var acceptPausedUntil: UInt64 = 0
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    let sweepInterval: UInt64
    var nextSweep: UInt64 = 0
    private var cachedDate: (second: UInt64, text: String) = (.max, "")

    let headerTimeout: UInt64
    /// The body rate window: each one must bring `bodyBytesPerWindow` bytes (or the rest of the body).
    let bodyWindow: UInt64
    let bodyBytesPerWindow: Int
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    /// How long a closing connection's unread input is drained before the descriptor is released.
    let lingerTimeout: UInt64

    init(listener: Socket, configuration: HTTPServer.Configuration, handler: any HTTPHandler,
         connectionCount: ConnectionCounter) throws(SocketError)
    {
        self.listener = listener
        self.configuration = configuration
        self.bodyBudget = BodyMemoryBudget(capacity: configuration.bodyMemoryBudget)
        self.pipeline = RequestPipeline(handler: handler, configuration: configuration, bodyBudget: bodyBudget)
        self.publishedCount = connectionCount
        poll = try PollSet()
        headerTimeout = MonotonicClock.nanoseconds(configuration.headerTimeout)
        bodyWindow = max(1_000_000, MonotonicClock.nanoseconds(configuration.bodyRateWindow))
        bodyBytesPerWindow = Int(
            (Double(configuration.minimumBodyBytesPerSecond) * Double(bodyWindow) / 1_000_000_000).rounded(.up))
        idleTimeout = MonotonicClock.nanoseconds(configuration.idleTimeout)
        writeTimeout = MonotonicClock.nanoseconds(configuration.writeTimeout)
        lingerTimeout = min(1_000_000_000, idleTimeout)
        // Deadlines are checked by a sweep a few times per shortest timeout, between 5 ms and 100 ms.
        let shortest = [headerTimeout, bodyWindow, idleTimeout, writeTimeout].min() ?? 1_000_000_000
        sweepInterval = min(100_000_000, max(5_000_000, shortest / 8))
        poll.register(listener.descriptor, token: Self.listenerToken, interest: .readable)
    }

    /// The `Date` header value, formatted once per second.
    func currentDate(now: UInt64) -> String {
        let second = now / 1_000_000_000
        if second != cachedDate.second { cachedDate = (second, HTTPDate.now()) }
        return cachedDate.text
    }

    /// Asks the loop to stop; safe from any thread.
    func requestStop(timeout: Duration) {
        inbox.withLock { $0.stopTimeout = timeout }
        poll.wake()
    }

    /// Posts a screen's verdict; safe from any thread.
    func post(_ verdict: Verdict) {
        inbox.withLock { $0.verdicts.append(verdict) }
        poll.wake()
    }

    /// Posts a finished response; safe from any thread.
    func post(_ completion: Completion) {
        inbox.withLock { $0.completions.append(completion) }
        poll.wake()
    }

    /// Runs until stopped and drained; closes every descriptor it opened before returning.
    func run() {
        while true {
            let events = poll.wait(timeoutMilliseconds: Int32(sweepInterval / 1_000_000))
            var now = MonotonicClock.now()
            for event in events {
                switch event.token {
                case PollSet.wakeToken: continue
                case Self.listenerToken: acceptConnections(now: now)
                default: handle(event, now: now)
                }
            }
            let (completions, verdicts, stopTimeout) = inbox.withLock { inbox in
                defer {
                    inbox.completions.removeAll(keepingCapacity: true)
                    inbox.verdicts.removeAll(keepingCapacity: true)
                }
                return (inbox.completions, inbox.verdicts, inbox.stopTimeout)
            }
            now = MonotonicClock.now()
            for verdict in verdicts { conclude(verdict, now: now) }
            for completion in completions { complete(completion, now: now) }
            if stopDeadline == nil, let stopTimeout { beginStop(timeout: stopTimeout, now: now) }
            if now >= nextSweep {
                sweepDeadlines(now: now)
                nextSweep = now + sweepInterval
            }
            publishedCount.store(connections.count)
            if let stopDeadline, isDrained || now >= stopDeadline { break }
        }
        for connection in Array(connections.values) { close(connection) }
        publishedCount.store(0)
    }

    private var isDrained: Bool {
        inFlight == 0 && connections.values.allSatisfy { $0.state == .lingering }
    }

    /// Stops accepting and closes every connection that has no request in flight or being written.
    private func beginStop(timeout: Duration, now: UInt64) {
        stopDeadline = now + MonotonicClock.nanoseconds(timeout)
        if let listener {
            poll.unregister(listener.descriptor)
            listener.close()
            self.listener = nil
        }
        for connection in Array(connections.values) {
            switch connection.state {
            case .reading: close(connection)
            case .writing: connection.closesAfterWrite = true
            case .handling, .screening, .lingering: break
            }
        }
    }
}

/// The open-connection count the loop publishes for ``HTTPServer/openConnectionCount``.
final class ConnectionCounter: Sendable {
    private let value = Atomic<Int>(0)
    func store(_ newValue: Int) { value.store(newValue, ordering: .relaxed) }
    func load() -> Int { value.load(ordering: .relaxed) }
}
