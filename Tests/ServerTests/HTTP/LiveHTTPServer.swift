import Foundation
import Synchronization

@testable import GisementHTTP
@testable import GisementServer

/// A server on 127.0.0.1 port 0 with a small handler, for live tests.
struct LiveHTTPServer {
    let server: HTTPServer
    var port: Int { server.listeningAddress!.port }

    /// `/echo` echoes the body, `/slow?ms=N` sleeps, `/fail` throws, `/big` returns 8 KiB, `/token` sets a log field;
    /// anything else answers its path.
    static func makeHandler() -> Router {
        var router = Router()
        router.post("/echo") { request in HTTPResponse(body: request.body) }
        router.get("/slow") { request in
            let ms = Int(request.queryValue("ms") ?? "100") ?? 100
            try await Task.sleep(for: .milliseconds(ms))
            return HTTPResponse(body: Array("slow \(ms)".utf8))
        }
        router.get("/fail") { _ in throw CancellationError() }
        router.get("/big") { _ in HTTPResponse(body: Array(String(repeating: "gisement ", count: 1000).utf8)) }
        router.get("/token") { _ in
            var response = HTTPResponse(body: Array("ok".utf8))
            response.logFields["token"] = "field-team"
            return response
        }
        router.get("/:name") { request in HTTPResponse(body: Array(request.path.utf8)) }
        return router
    }

    static func start(
        host: String = "127.0.0.1", handler: any HTTPHandler = makeHandler(),
        _ configure: (inout HTTPServer.Configuration) -> Void = { _ in }
    ) throws -> LiveHTTPServer {
        var configuration = HTTPServer.Configuration(host: host, port: 0)
        configure(&configuration)
        let server = HTTPServer(configuration: configuration, handler: handler)
        try server.start()
        return LiveHTTPServer(server: server)
    }

    func client(timeout: Double = 5) throws -> RawHTTPClient { try RawHTTPClient(port: port, timeout: timeout) }

    func stop() async { await server.stop(timeout: .seconds(2)) }

    /// Waits (up to `seconds`) until the server holds at most `count` connections.
    func waitForConnections(atMost count: Int, seconds: Double = 3) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if server.openConnectionCount <= count { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return server.openConnectionCount <= count
    }
}

/// Collects log lines from the server's logger closure.
final class RequestLogSink: Sendable {
    private let lines = Mutex<[HTTPRequestLog]>([])
    var entries: [HTTPRequestLog] { lines.withLock { $0 } }
    func record(_ entry: HTTPRequestLog) { lines.withLock { $0.append(entry) } }
}
