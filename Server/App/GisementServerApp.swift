import Foundation
import GisementHTTP
import GisementSQLite
import GisementPostgres
import GisementShared
import Synchronization

/// Wires the server together: store, routes, HTTP server and request log.
///
/// ```swift
/// let server = try await GisementServerApp.start(ServerConfiguration(port: 0, databasePath: path))
/// print(server.baseURL)           // http://127.0.0.1:49152
/// await server.stop()
/// ```
public enum GisementServerApp {
    /// Opens (or creates) the database, binds the address and starts answering.
    /// - Throws: ``MigrationError`` or ``SQLiteError`` for the database, ``SocketError`` for the address.
    public static func start(_ configuration: ServerConfiguration) async throws -> RunningServer {
        let store: any ServerStoring
        var lock: FileLock?
        if let url = configuration.postgresURL {
            // Several servers may share one PostgreSQL database: no file lock.
            store = try PostgresStore.open(
                url: url, clock: configuration.clock, logger: configuration.logger,
                connections: configuration.readerCount + 2, startsGeneration: true,
                answerTimeout: configuration.databaseAnswerTimeout)
        } else {
            let directory = (configuration.databasePath as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            guard let acquired = try FileLock.tryAcquire(path: configuration.databasePath + ".lock") else {
                throw ServerStartError.databaseInUse(configuration.databasePath)
            }
            lock = acquired
            store = try ServerStore.open(
                path: configuration.databasePath, clock: configuration.clock, logger: configuration.logger,
                readerCount: configuration.readerCount, startsGeneration: true)
        }
        var context = APIContext(
            store: store, clock: configuration.clock, logger: configuration.logger,
            maxSkewMilliseconds: Int64(configuration.maxSkewSeconds) * 1000)
        var http = HTTPServer.Configuration(host: configuration.host, port: configuration.port)
        http.limits.maxBodyBytes = configuration.maxBodyBytes
        // Requests are counted by route pattern: the API's table (read from a router made for that)
        // and the scrape itself. The served router's endpoints count their changes through the context.
        let metrics = configuration.servesMetrics
            ? ServerMetrics(routes: APIRoutes.router(context: context).routes.map(\.pattern) + [RoutePattern(ServerMetrics.path)])
            : nil
        context.metrics = metrics
        var router = APIRoutes.router(context: context)
        var publicPaths = APIRoutes.publicPaths
        let serverSlot = HTTPServerSlot()
        if let metrics {
            router.add(.GET, ServerMetrics.path, MetricsEndpoint(metrics: metrics, store: store, server: serverSlot))
            publicPaths.insert(ServerMetrics.path)
        }
        let access = configuration.accessLogger
        if metrics != nil || access != nil {
            http.logger = { entry in
                metrics?.record(entry)
                access?.info(RequestLogLine.format(entry))
            }
        }
        let limiter = configuration.authFailurePolicy.map { AuthFailureLimiter(policy: $0) }
        let handler: any HTTPHandler = limiter.map { MiddlewareChain([$0], handler: router) } ?? router
        // The token is checked on the head, before a body is read (see docs/reliability.md, threat model).
        http.screen = TokenScreen(store: store, publicPaths: publicPaths, limiter: limiter)
        let server = HTTPServer(configuration: http, handler: handler)
        serverSlot.bind(server)
        do {
            try server.start()
        } catch {
            await store.close()
            throw error
        }
        guard let address = server.listeningAddress else {
            await server.stop()
            await store.close()
            throw SocketError.failed(operation: "listen", errno: 0, message: "the server has no address")
        }
        configuration.logger.info(
            "listening",
            metadata: ["http.address": address.url]
                .merging(configuration.postgresURL.map { ["db.url": $0.redacted] } ?? ["db.path": configuration.databasePath]) { a, _ in a })
        return RunningServer(http: server, store: store, address: address, lock: lock)
    }
}

/// A started server: where it listens, its store, and how to stop it.
public final class RunningServer: Sendable {
    /// The HTTP server.
    public let http: HTTPServer
    /// The store, for tests that look behind the API.
    public let store: any ServerStoring
    /// The bound address (the real port when 0 was asked).
    public let address: HTTPServer.Address

    /// Held until the server stops: `restore` refuses to replace a database that is served.
    private let lock: Mutex<FileLock?>

    init(http: HTTPServer, store: any ServerStoring, address: HTTPServer.Address, lock: FileLock?) {
        self.http = http
        self.store = store
        self.address = address
        self.lock = Mutex(lock)
    }

    /// The bound port.
    public var port: Int { address.port }

    /// `http://HOST:PORT`, as the `listening on` line prints it.
    public var baseURL: String { address.url }

    /// Stops accepting, finishes in-flight requests, writes what is queued and closes the store.
    public func stop(timeout: Duration = .seconds(10)) async {
        await http.stop(timeout: timeout)
        await store.close()
        lock.withLock { $0 = nil }
    }
}

/// Why a server could not start, besides the database and the address.
public enum ServerStartError: Error, CustomStringConvertible, Sendable {
    /// Another `gisement-server serve` (or a `restore`) holds the database's lock.
    case databaseInUse(String)

    public var description: String {
        switch self {
        case .databaseInUse(let path): localized("server.database.inUse", ["path": path])
        }
    }
}

/// The one line the request log writes per request.
enum RequestLogLine {
    /// `POST /v1/changes 200 12.3ms 85B token=tablet-3 remote=127.0.0.1`.
    static func format(_ entry: HTTPRequestLog) -> String {
        let duration = (entry.durationMilliseconds * 10).rounded() / 10
        return "\(entry.method) \(entry.path) \(entry.status) \(duration)ms \(entry.bytes)B "
            + "token=\(entry.token ?? "-") remote=\(entry.remoteAddress)"
    }
}
