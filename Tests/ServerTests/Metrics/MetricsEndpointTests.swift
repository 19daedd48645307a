import Foundation
import GisementShared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import GisementServer

/// `GET /metrics` through the built `gisement-server serve`: what a Prometheus scrape reads after
/// real pushes, pulls and refusals.
@Suite(.serialized) struct MetricsEndpointTests {
    @Test func scrape_countsPushesPullsConflictsAndRefusals_byRoutePattern() async throws {
        let folder = TemporaryFolder("metrics")
        let db = try StoreEngine.current.database(in: folder)
        var tokens: [String] = []
        for name in ["agent-a", "agent-b"] {
            let add = try await ServerBinary.run(["token", "add", name, "--role", "coordinator", "--db", db])  // it pushes districts
            #expect(add.status == 0, "\(add.stderr)")
            tokens.append(add.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("serve.err"))
        defer { _ = kill(server.pid, SIGKILL) }
        let a = APIClient(baseURL: server.baseURL, token: tokens[0])
        let b = APIClient(baseURL: server.baseURL, token: tokens[1])
        let anonymous = APIClient(baseURL: server.baseURL)

        // Three pushes: five new districts, the same again (duplicates), and a concurrent rename from b.
        var makerA = ChangeMaker(replica: "r-metrics-a")
        var makerB = ChangeMaker(replica: "r-metrics-b")
        let districts = makerA.districts(5)
        let rename = makerB.write(.district, districts[0].id, "name", .text("Renamed by b"))
        var accepted = 0
        var conflicts = 0
        for (client, changes, replica) in [(a, districts, "r-metrics-a"), (a, districts, "r-metrics-a"), (b, [rename], "r-metrics-b")] {
            let reply = try await client.push(changes, replica: replica)
            #expect(reply.status == 200, "\(reply.text)")
            accepted += reply.json["accepted"]?.integerValue.map { Int($0) } ?? -100
            conflicts += reply.json["conflicts"]?.integerValue.map { Int($0) } ?? -100
        }
        #expect(accepted == 6 && conflicts == 1, "five districts and one rename stored, the rename concurrent")

        // Pull the feed two changes a page.
        var cursor: Int64 = 0
        var pages = 0
        var pulled = 0
        while true {
            let page = try await b.pull(since: cursor, limit: 2)
            pages += 1
            pulled += page.changes.count
            cursor = page.cursor
            if !page.more { break }
        }
        #expect(pulled == 5 && pages == 3, "one row per field: the rename replaced or lost to district 0's name")

        // Refusals: a bad token on a push (refused on its head) and on a replica read; an unknown path.
        let badToken = ["Authorization": "Bearer gis_notATokenThisServerIssued"]
        let badPush = try await anonymous.send(
            "POST", "/v1/changes", body: PushBody(replica: "r-metrics-a", changes: districts).encoded(), headers: badToken)
        #expect(badPush.status == 401)
        #expect(try await anonymous.send("GET", "/v1/replicas/r-metrics-a", headers: badToken).status == 401)
        #expect(try await anonymous.get("/v1/replicas/r-metrics-secret-\(UUID())/extra").status == 404)

        // Measured before the scrapes: the session rows written meanwhile only make the store bigger.
        let onDisk = try StoreEngine.current.bytes(of: db)
        let first = try await anonymous.get("/metrics")
        #expect(first.status == 200)
        #expect(first.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let second = try await anonymous.get("/metrics")
        let samples = Self.samples(second.text)

        func requests(_ route: String, _ method: String, _ status: Int) -> Double? {
            samples["gisement_http_requests_total{route=\"\(route)\",method=\"\(method)\",status=\"\(status)\"}"]
        }
        #expect(requests("/v1/changes", "POST", 200) == 3)
        #expect(requests("/v1/changes", "GET", 200) == Double(pages))
        #expect(requests("/v1/changes", "POST", 401) == 1, "the 401 answered on the head is counted under its route")
        #expect(requests("/v1/replicas/{replica}", "GET", 401) == 1)
        #expect(requests("other", "GET", 404) == 1)
        #expect(requests("/metrics", "GET", 200) == 1, "the scrape before this one")
        #expect(!second.text.contains("r-metrics"), "no raw path or replica id in a label")

        #expect(samples["gisement_changes_pushed_total"] == Double(accepted))
        #expect(samples["gisement_changes_pulled_total"] == Double(pulled))
        #expect(samples["gisement_conflicts_total"] == Double(conflicts))
        #expect(samples["gisement_store_feed_position"] == Double(cursor))
        #expect(samples["gisement_build_info{version=\"\(ServerVersion.current)\"}"] == 1)

        let changesCount = samples["gisement_http_request_duration_seconds_count{route=\"/v1/changes\"}"]
        #expect(changesCount == Double(3 + pages + 1))
        #expect(samples["gisement_http_request_duration_seconds_bucket{route=\"/v1/changes\",le=\"+Inf\"}"] == changesCount)
        #expect((samples["gisement_http_request_duration_seconds_sum{route=\"/v1/changes\"}"] ?? 0) > 0)
        #expect((samples["gisement_http_open_connections"] ?? 0) >= 1, "the scrape's own connection at least")
        #expect((samples["gisement_store_size_bytes"] ?? 0) >= Double(onDisk) && onDisk > 0)
        let started = samples["process_start_time_seconds"] ?? 0
        #expect(abs(started - Date().timeIntervalSince1970) < 600)
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(server.stderr.contains("POST /v1/changes 401 "), "the request log names the refused head's route too")
    }

    @Test func metricsOff_leavesTheRouteUnserved() async throws {
        let folder = TemporaryFolder("metrics-off")
        let server = try await ServerProcess.start(
            database: try StoreEngine.current.database(in: folder), stderrPath: folder.file("serve.err"),
            extra: ["--metrics", "off"])
        defer { _ = kill(server.pid, SIGKILL) }
        let anonymous = APIClient(baseURL: server.baseURL)
        #expect(try await anonymous.get("/metrics").status == 404)
        #expect(try await anonymous.get("/v1/health").status == 200)
        #expect(await server.stop(signal: SIGTERM) == 0)
        let refused = try await ServerBinary.run(["serve", "--metrics", "maybe", "--db", folder.file("other.sqlite")])
        #expect(refused.status == 64, "\(refused.stderr)")
    }

    /// `name{labels} value` lines by their `name{labels}`; comments skipped.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let value = line[line.index(after: space)...]
            samples[String(line[..<space])] = value == "+Inf" ? .infinity : Double(value)
        }
        return samples
    }
}
