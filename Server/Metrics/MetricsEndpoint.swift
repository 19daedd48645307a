import Foundation
import GisementHTTP
import Synchronization

/// `GET /metrics`: the Prometheus scrape, on the API's own listener and without a token.
///
/// Nothing in it is secret (counts, sizes, the version), but an operator who does not want it
/// public restricts `/metrics` at the proxy or serves with `--metrics off` (docs/operations.md).
/// The gauges are read here, at scrape time: open connections from the HTTP server, the file sizes
/// from the file system, the feed position from the feed's primary key (one index lookup, never a count).
struct MetricsEndpoint: HTTPHandler {
    let metrics: ServerMetrics
    let store: any ServerStoring
    /// The HTTP server, for its open connections; bound once it exists (it is made after the router).
    let server: HTTPServerSlot

    func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        var gauges = ServerMetrics.Gauges(openConnections: server.openConnections)
        gauges.storeBytes = await store.sizeInBytes()
        gauges.feedPosition = try? await store.feedHead()
        var response = HTTPResponse(body: Array(metrics.exposition(gauges).utf8))
        response.headers[.contentType] = MetricsText.contentType
        return response
    }

}

/// A weak hold on the HTTP server, filled in once it is made: the server holds the router that
/// holds the metrics endpoint, so a strong reference back would keep a stopped server alive.
final class HTTPServerSlot: Sendable {
    private struct Weak {
        weak var server: HTTPServer?
    }

    private let slot = Mutex(Weak())

    init() {}

    func bind(_ server: HTTPServer) { slot.withLock { $0.server = server } }

    /// The server's open connections, nil before it is bound.
    var openConnections: Int? { slot.withLock { $0.server?.openConnectionCount } }
}
