import Testing

@testable import GisementHTTP
@testable import GisementServer

/// The Prometheus text exposition format (0.0.4) as ``MetricsText`` writes it.
struct MetricsTextTests {
    @Test func labelValues_escapeBackslashQuoteAndLineFeed() {
        #expect(MetricsText.escapedLabelValue("plain /v1/x") == "plain /v1/x")
        #expect(MetricsText.escapedLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
        var text = MetricsText()
        text.sample("m", [("route", "say \"hi\"\n"), ("x", "1")], value: 3)
        #expect(text.output == "m{route=\"say \\\"hi\\\"\\n\",x=\"1\"} 3\n")
    }

    @Test func help_escapesBackslashAndLineFeed_butNotQuotes() {
        var text = MetricsText()
        text.family("m_total", type: .counter, help: "a \"b\" c\\d\ne")
        #expect(text.output == "# HELP m_total a \"b\" c\\\\d\\ne\n# TYPE m_total counter\n")
    }

    @Test func numbers_wholeWithoutFraction_infinitiesByName() {
        #expect(MetricsText.number(12) == "12")
        #expect(MetricsText.number(0) == "0")
        #expect(MetricsText.number(0.25) == "0.25")
        #expect(MetricsText.number(0.0025) == "0.0025")
        #expect(MetricsText.number(.infinity) == "+Inf")
        #expect(MetricsText.number(-.infinity) == "-Inf")
        #expect(MetricsText.number(.nan) == "NaN")
    }

    @Test func histogram_bucketsAreCumulative_endWithInf_thenSumAndCount() {
        var histogram = DurationHistogram(bounds: [0.01, 0.1, 1])
        // Binary fractions, so that the sum is exact.
        for seconds in [0.0078125, 0.0625, 0.0625, 2] { histogram.observe(seconds) }
        histogram.observe(0.1)  // on a bound: `le` is "less than or equal"
        var text = MetricsText()
        text.histogram("d_seconds", [("route", "/r")], histogram)
        #expect(
            text.output == """
                d_seconds_bucket{route="/r",le="0.01"} 1
                d_seconds_bucket{route="/r",le="0.1"} 4
                d_seconds_bucket{route="/r",le="1"} 4
                d_seconds_bucket{route="/r",le="+Inf"} 5
                d_seconds_sum{route="/r"} 2.2328125
                d_seconds_count{route="/r"} 5

                """)
    }

    @Test func requestBounds_ascend_fromAMillisecondToHalfAMinute() {
        let bounds = DurationHistogram.requestBounds
        #expect(bounds == bounds.sorted() && Set(bounds).count == bounds.count)
        #expect(bounds.first == 0.001 && bounds.last == 30)
    }
}

/// Requests are counted under their route pattern, never their raw path.
struct RouteLabelsTests {
    let routes = RouteLabels(
        ["/v1/health", "/v1/changes", "/v1/changes", "/v1/replicas/:replica", "/v1/records/:kind/:id", "/metrics"].map(
            RoutePattern.init))

    @Test func patterns_becomeLabels_inTheDocsSpelling_onceEach() {
        #expect(routes.labels == ["/v1/health", "/v1/changes", "/v1/replicas/{replica}", "/v1/records/{kind}/{id}", "/metrics", "other"])
    }

    @Test func paths_matchTheirPattern_asTheRouterSplitsThem() {
        func label(_ path: String) -> String { routes.label(at: routes.index(of: path)) }
        #expect(label("/v1/replicas/r-1") == "/v1/replicas/{replica}")
        #expect(label("/v1/replicas/r-2") == "/v1/replicas/{replica}")
        #expect(label("/v1/records/test/t-9") == "/v1/records/{kind}/{id}")
        #expect(label("//v1//health/") == "/v1/health")
        #expect(label("/metrics") == "/metrics")
        #expect(label("/v1/records/test") == "other")
        #expect(label("/v1/replicas/r-1/more") == "other")
        #expect(label("/V1/health") == "other")
        #expect(label("/wp-admin/setup.php") == "other")
        #expect(label("/") == "other")
        #expect(label("-") == "other", "requests refused before their path was read")
    }
}

/// ``ServerMetrics`` counts and renders; the binary test (MetricsEndpointTests) checks it live.
struct ServerMetricsTests {
    @Test func requests_countedByRouteMethodStatus_unknownMethodsAsOther() {
        let metrics = ServerMetrics(routes: ["/v1/replicas/:replica"].map(RoutePattern.init), version: "9.9.9", startTime: 1_700_000_000)
        for (method, path, status, milliseconds) in [
            ("GET", "/v1/replicas/a", 200, 3.0), ("GET", "/v1/replicas/b", 200, 40.0), ("BREW", "/v1/replicas/a", 405, 1.0),
            ("GET", "/nowhere", 404, 0.5),
        ] {
            metrics.record(HTTPRequestLog(method: method, path: path, status: status, durationMilliseconds: milliseconds, bytes: 0, remoteAddress: "127.0.0.1"))
        }
        var counts = SyncCounts()
        counts.accepted = 4
        counts.conflicts = 1
        metrics.record(counts)
        counts = SyncCounts()
        counts.pulled = 7
        metrics.record(counts)
        let text = metrics.exposition(.init(openConnections: 2, storeBytes: 4096, feedPosition: 11))
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            "gisement_build_info{version=\"9.9.9\"} 1",
            "process_start_time_seconds 1700000000",
            "gisement_http_requests_total{route=\"/v1/replicas/{replica}\",method=\"GET\",status=\"200\"} 2",
            "gisement_http_requests_total{route=\"/v1/replicas/{replica}\",method=\"other\",status=\"405\"} 1",
            "gisement_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"} 1",
            "gisement_http_request_duration_seconds_bucket{route=\"/v1/replicas/{replica}\",le=\"0.001\"} 1",
            "gisement_http_request_duration_seconds_bucket{route=\"/v1/replicas/{replica}\",le=\"0.005\"} 2",
            "gisement_http_request_duration_seconds_bucket{route=\"/v1/replicas/{replica}\",le=\"0.05\"} 3",
            "gisement_http_request_duration_seconds_bucket{route=\"/v1/replicas/{replica}\",le=\"+Inf\"} 3",
            "gisement_http_request_duration_seconds_count{route=\"/v1/replicas/{replica}\"} 3",
            "gisement_http_request_duration_seconds_count{route=\"other\"} 1",
            "gisement_http_open_connections 2",
            "gisement_changes_pushed_total 4",
            "gisement_changes_pulled_total 7",
            "gisement_conflicts_total 1",
            "gisement_store_size_bytes 4096",
            "gisement_store_feed_position 11",
        ] {
            #expect(lines.contains(expected), "\(expected) in\n\(text)")
        }
        #expect(!text.contains("/v1/replicas/a") && !text.contains("/v1/replicas/b") && !text.contains("BREW"))
    }

    @Test func everySample_followsItsFamilysHelpAndType() {
        let metrics = ServerMetrics(routes: [RoutePattern("/v1/health")])
        metrics.record(HTTPRequestLog(method: "GET", path: "/v1/health", status: 200, durationMilliseconds: 1, bytes: 2, remoteAddress: "::1"))
        let text = metrics.exposition(.init(openConnections: 1, storeBytes: 1, feedPosition: 0))
        var typed: [String: String] = [:]
        var helped: Set<String> = []
        for line in text.split(separator: "\n").map(String.init) {
            let words = line.split(separator: " ").map(String.init)
            if line.hasPrefix("# HELP ") { helped.insert(words[2]); continue }
            if line.hasPrefix("# TYPE ") { typed[words[2]] = words[3]; continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            var family: String? = typed[name] == nil ? nil : name
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if typed[base] == "histogram" { family = base }
            }
            #expect(family != nil, "\(line) has no # TYPE before it")
            #expect(family.map { helped.contains($0) } == true, "\(line) has no # HELP")
            #expect(Double(words.last!) != nil || words.last == "+Inf", "\(line)")
        }
        #expect(Set(typed.values).isSubset(of: ["counter", "gauge", "histogram"]))
        #expect(text.hasSuffix("\n"))
    }
}
