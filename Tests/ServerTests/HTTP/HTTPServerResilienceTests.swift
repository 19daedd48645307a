import Foundation
import Synchronization
import Testing

@testable import GisementServer

/// Slow clients, deadlines, the connection bound, descriptor hygiene and draining stop.
/// Serialized: these tests measure time and descriptors.
@Suite(.serialized) struct HTTPServerResilienceTests {
    @Test func server_keepsAnswering_while200ClientsNeverFinishTheirHeaders() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let slowest = try await onOwnThread { () -> Double in
            let stalled = try (0..<200).map { _ in try RawHTTPClient(port: port) }
            for client in stalled { client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ") }
            let client = try RawHTTPClient(port: port)
            var slowest = 0.0
            for index in 0..<10 {
                let start = Date()
                client.send("GET /q\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                guard client.readResponse()?.status == 200 else { return 99 }
                slowest = max(slowest, Date().timeIntervalSince(start))
            }
            withExtendedLifetime(stalled) {}
            return slowest
        }
        #expect(slowest < 0.5)
        await live.stop()
    }

    @Test func server_sends408AndCloses_whenTheHeadIsTooSlow() async throws {
        let logs = RequestLogSink()
        let live = try LiveHTTPServer.start {
            $0.headerTimeout = .milliseconds(300)
            $0.logger = { logs.record($0) }
        }
        let port = live.port
        let (status, closed, elapsed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            let start = Date()
            client.send("GET / HTTP/1.1\r\nHost: t\r\n")
            let response = client.readResponse()
            return (response?.status, client.isClosed(), Date().timeIntervalSince(start))
        }
        #expect(status == 408)
        #expect(closed)
        #expect(elapsed >= 0.25 && elapsed < 2)
        #expect(logs.entries.map(\.status) == [408])
        await live.stop()
    }

    @Test func server_sends408_whenTheBodyIsTooSlow() async throws {
        let live = try LiveHTTPServer.start { $0.bodyRateWindow = .milliseconds(300) }
        let port = live.port
        let status = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            return client.readResponse()?.status
        }
        #expect(status == 408)
        await live.stop()
    }

    @Test func server_closesIdleKeepAliveConnection_quietly() async throws {
        let live = try LiveHTTPServer.start { $0.idleTimeout = .milliseconds(300) }
        let port = live.port
        let (first, extra, closed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = client.readResponse()?.status
            let (responses, closed) = client.readAllUntilClosed()
            return (first, responses.count, closed)
        }
        #expect(first == 200)
        #expect(extra == 0)
        #expect(closed)
        await live.stop()
    }

    @Test func server_closesOldestIdleConnection_atTheBound_thenRefusesWith503() async throws {
        let live = try LiveHTTPServer.start {
            $0.maxConnections = 3
            $0.reservedConnections = 0
        }
        let port = live.port
        let results = try await onOwnThread { () -> [String] in
            var results: [String] = []
            let idle = try (0..<3).map { _ in try RawHTTPClient(port: port, timeout: 1) }
            for client in idle {
                client.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n")
                results.append("\(client.readResponse()?.status ?? 0)")
                Thread.sleep(forTimeInterval: 0.02)
            }
            let newcomer = try RawHTTPClient(port: port, timeout: 1)
            newcomer.send("GET /new HTTP/1.1\r\nHost: t\r\n\r\n")
            results.append("new \(newcomer.readResponse()?.status ?? 0)")
            results.append("oldest closed \(idle[0].isClosed())")
            // Now fill every slot with a half-received head: nothing is idle, so the next gets 503.
            for client in idle.dropFirst() + [newcomer] { client.send("GET /y HTTP/1.1\r\nHost: t\r\n") }
            Thread.sleep(forTimeInterval: 0.1)
            let refused = try RawHTTPClient(port: port, timeout: 1)
            let response = refused.readResponse()
            results.append("refused \(response?.status ?? 0) \(response?.header("Connection") ?? "") \(refused.isClosed())")
            return results
        }
        #expect(results == ["200", "200", "200", "new 200", "oldest closed true", "refused 503 close true"])
        await live.stop()
    }

    @Test func server_returnsDescriptorsToBaseline_afterAStorm() async throws {
        // Not while a storm of another suite runs: it counts this process's descriptors / needs the cores.
        try await StormGate.run { try await server_returnsDescriptorsToBaseline_afterAStorm_body() }
    }

    private func server_returnsDescriptorsToBaseline_afterAStorm_body() async throws {
        let baseline = processDescriptorCount()
        let live = try LiveHTTPServer.start()
        let port = live.port
        try await onOwnThread {
            for round in 0..<300 {
                guard let client = try? RawHTTPClient(port: port, timeout: 2) else { continue }
                switch round % 3 {
                case 0:
                    client.send("GET /s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    _ = client.readAllUntilClosed()
                case 1: client.send("GARBAGE\r\n\r\n")
                default: client.send("GET /s HTTP/1.1\r\nHost: t\r\n\r\n")  // then hang up without reading
                }
            }
        }
        #expect(await live.waitForConnections(atMost: 0))
        await live.stop()
        // Other suites may open descriptors meanwhile; a leak here would be hundreds.
        var after = processDescriptorCount()
        for _ in 0..<50 where after > baseline {
            try await Task.sleep(for: .milliseconds(20))
            after = processDescriptorCount()
        }
        #expect(after <= baseline + 4, "baseline \(baseline), after \(after)")
    }

    @Test func stop_drainsInFlightRequest_thenRefusesNewConnections() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let idle = try live.client()
        idle.send("GET /i HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try await onOwnThread { idle.readResponse() }
        let pending = Task {
            try await onOwnThread { () -> (String, Date) in
                let client = try RawHTTPClient(port: port)
                let sent = Date()
                client.send("GET /slow?ms=400 HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = client.readResponse()
                let text = "\(response?.status ?? 0) \(response?.text ?? "") \(response?.header("Connection") ?? "") \(client.isClosed())"
                return (text, sent)
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        let started = Date()
        await live.server.stop(timeout: .seconds(5))
        let stopped = Date()
        #expect(live.server.state == .stopped)
        let (drained, sent) = try await pending.value
        #expect(drained == "200 slow 400 close true")
        // The stop waited for the 400 ms handler (measured from the request, not from the sleep,
        // which a loaded machine stretches), and did not wait for its own timeout.
        #expect(stopped.timeIntervalSince(sent) > 0.35, "stop returned \(stopped.timeIntervalSince(sent)) s after the request")
        #expect(stopped.timeIntervalSince(started) < 3)
        #expect(try await onOwnThread { idle.isClosed() })
        #expect(throws: (any Error).self) { try RawHTTPClient(port: port) }
    }

    @Test func stop_givesUpOnHandlers_afterTheTimeout() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let client = try live.client()
        client.send("GET /slow?ms=3000 HTTP/1.1\r\nHost: t\r\n\r\n")
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        await live.server.stop(timeout: .milliseconds(200))
        #expect(Date().timeIntervalSince(started) < 1.5)
        #expect(try await onOwnThread { client.readResponse() == nil })
        _ = port
    }
}
