import Foundation
import GisementHTTP
import Synchronization

/// What `GET /metrics` reports, counted as the server runs: requests by route, method and status,
/// their durations, and the changes pushed, pulled and in conflict.
///
/// The hot path is cheap: a request costs one route match over the path (no allocation) and one
/// lock held for two increments; a sync request adds three atomic adds. Rendering (``exposition``)
/// takes the lock once to copy the tallies.
/// ```swift
/// let metrics = ServerMetrics(routes: router.routes.map(\.pattern))
/// http.logger = { entry in metrics.record(entry) }
/// metrics.record(counts)                       // from a sync endpoint
/// let text = metrics.exposition(gauges: …)     // the body of GET /metrics
/// ```
public final class ServerMetrics: Sendable {
    /// The methods counted by name; any other is counted as `other` (methods are client input).
    static let countedMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

    let routes: RouteLabels
    /// When the server started, in seconds since 1970.
    let startTime: Double
    let version: String
    private let tally: Mutex<RequestTally>
    private let pushed = Atomic<Int>(0)
    private let pulled = Atomic<Int>(0)
    private let conflicts = Atomic<Int>(0)

    /// One counter per (route, method, status) seen, one histogram per route.
    struct RequestTally {
        var counts: [RequestKey: Int] = [:]
        var durations: [DurationHistogram]
    }

    struct RequestKey: Hashable {
        var route: Int
        var method: Int
        var status: Int
    }

    /// Metrics for a server whose router has `routes`.
    public init(routes: [RoutePattern], version: String = ServerVersion.current, startTime: Double = Date().timeIntervalSince1970) {
        let labels = RouteLabels(routes)
        self.routes = labels
        self.version = version
        self.startTime = startTime
        self.tally = Mutex(RequestTally(durations: Array(repeating: DurationHistogram(), count: labels.labels.count)))
    }

    /// Counts one answered request; the server's request log hook calls it.
    public func record(_ entry: HTTPRequestLog) {
        let route = routes.index(of: entry.path)
        let method = Self.countedMethods.firstIndex(of: entry.method) ?? Self.countedMethods.count
        let key = RequestKey(route: route, method: method, status: entry.status)
        let seconds = entry.durationMilliseconds / 1000
        tally.withLock { tally in
            tally.counts[key, default: 0] += 1
            tally.durations[route].observe(seconds)
        }
    }

    /// Counts what a sync request did: changes accepted by a push, served by a pull, conflicts recorded.
    public func record(_ counts: SyncCounts) {
        if counts.accepted > 0 { pushed.add(counts.accepted, ordering: .relaxed) }
        if counts.pulled > 0 { pulled.add(counts.pulled, ordering: .relaxed) }
        if counts.conflicts > 0 { conflicts.add(counts.conflicts, ordering: .relaxed) }
    }

    /// What is read at scrape time rather than counted.
    public struct Gauges: Sendable {
        /// Connections open now.
        public var openConnections: Int?
        /// The database file and its WAL, in bytes.
        public var storeBytes: Int?
        /// The highest position in the change feed.
        public var feedPosition: Int64?

        public init(openConnections: Int? = nil, storeBytes: Int? = nil, feedPosition: Int64? = nil) {
            self.openConnections = openConnections
            self.storeBytes = storeBytes
            self.feedPosition = feedPosition
        }
    }

    /// The whole scrape, in the text exposition format (``MetricsText``); a gauge left nil is left out.
    public func exposition(_ gauges: Gauges) -> String {
        let snapshot = tally.withLock { $0 }
        var text = MetricsText()
        text.family("gisement_build_info", type: .gauge, help: "The server's version, as a label; the value is always 1.")
        text.sample("gisement_build_info", [("version", version)], value: 1)
        text.family("process_start_time_seconds", type: .gauge, help: "When the server started, in seconds since 1970.")
        text.sample("process_start_time_seconds", value: startTime.rounded())

        text.family(
            "gisement_http_requests_total", type: .counter,
            help: "Answered requests by route pattern (other when none matched), method and status.")
        let methods = Self.countedMethods + ["other"]
        let keys = snapshot.counts.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in keys {
            text.sample(
                "gisement_http_requests_total",
                [("route", routes.label(at: key.route)), ("method", methods[key.method]), ("status", String(key.status))],
                value: Double(snapshot.counts[key] ?? 0))
        }
        text.family(
            "gisement_http_request_duration_seconds", type: .histogram,
            help: "From the complete request to the response queued, by route pattern.")
        for (index, histogram) in snapshot.durations.enumerated() where histogram.count > 0 {
            text.histogram("gisement_http_request_duration_seconds", [("route", routes.label(at: index))], histogram)
        }
        if let open = gauges.openConnections {
            text.family("gisement_http_open_connections", type: .gauge, help: "Client connections open now.")
            text.sample("gisement_http_open_connections", value: Double(open))
        }

        text.family("gisement_changes_pushed_total", type: .counter, help: "Changes accepted by pushes (duplicates not counted).")
        text.sample("gisement_changes_pushed_total", value: Double(pushed.load(ordering: .relaxed)))
        text.family("gisement_changes_pulled_total", type: .counter, help: "Changes served by pull pages.")
        text.sample("gisement_changes_pulled_total", value: Double(pulled.load(ordering: .relaxed)))
        text.family("gisement_conflicts_total", type: .counter, help: "Merge conflicts recorded by pushes.")
        text.sample("gisement_conflicts_total", value: Double(conflicts.load(ordering: .relaxed)))

        if let bytes = gauges.storeBytes {
            text.family("gisement_store_size_bytes", type: .gauge, help: "The database file and its write-ahead log, in bytes.")
            text.sample("gisement_store_size_bytes", value: Double(bytes))
        }
        if let position = gauges.feedPosition {
            text.family(
                "gisement_store_feed_position", type: .gauge,
                help: "The highest position in the change feed (grows with every change stored).")
            text.sample("gisement_store_feed_position", value: Double(position))
        }
        return text.output
    }
}

extension ServerMetrics {
    /// Where the scrape is served; outside `/v1` because it is no part of the sync API.
    public static let path = "/metrics"
}
