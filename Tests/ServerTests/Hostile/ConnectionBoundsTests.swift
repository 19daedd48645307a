import Foundation
import Testing

@testable import GisementHTTP
@testable import GisementServer

/// Connections per address, the slots reserved for health and authenticated clients, and the
/// body deadline by minimum rate; on an in-process server with small bounds.
@Suite(.serialized) struct ConnectionBoundsTests {
    /// `/health` is public; `Authorization: ok` is a valid token; anything else is undecided.
    struct TestScreen: RequestScreen {
        func screen(_ head: HTTPRequest) async -> ScreenVerdict {
            if head.path == "/health" { return .publicRoute }
            if head.headers[.authorization] == "ok" { return .authenticated }
            if head.headers[.contentLength] != nil {
                return .refused(.jsonError(status: .unauthorized, code: "unauthorized", message: "no"))
            }
            return .undecided
        }
    }

    static func start(perAddress: Int, reserved: Int) throws -> LiveHTTPServer {
        try LiveHTTPServer.start {
            $0.maxConnectionsPerAddress = perAddress
            $0.reservedConnections = reserved
            $0.screen = TestScreen()
        }
    }

    @Test func addressBound_leavesReservedSlots_forHealthAndAuthenticatedOnly() async throws {
        let live = try Self.start(perAddress: 4, reserved: 2)
        let port = live.port
        let results = try await onOwnThread { () -> [String] in
            let held = try (0..<4).map { _ in try RawHTTPClient(port: port, timeout: 2) }
            for client in held { client.send("GET /x HTTP/1.1\r\nHost: t\r\nX-Slow: ") }
            Thread.sleep(forTimeInterval: 0.1)
            var results: [String] = []
            for (path, auth) in [("/other", ""), ("/health", ""), ("/mine", "Authorization: ok\r\n")] {
                let client = try RawHTTPClient(port: port, timeout: 2)
                client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\(auth)\r\n")
                let response = client.readResponse()
                results.append("\(path) \(response?.status ?? 0) \(response?.header("Connection") ?? "") \(client.isClosed())")
            }
            withExtendedLifetime(held) {}
            return results
        }
        #expect(results == ["/other 503 close true", "/health 200 close true", "/mine 200 close true"])
        await live.stop()
    }

    @Test func reservedSlotsHeldBySlowHeads_goToNewcomers() async throws {
        let live = try Self.start(perAddress: 2, reserved: 2)
        let port = live.port
        let (health, evicted) = try await onOwnThread { () -> ([Int], Int) in
            // Two connections take the address's slots, two more the reserved ones: all slow heads.
            let held = try (0..<4).map { index -> RawHTTPClient in
                let client = try RawHTTPClient(port: port, timeout: 2)
                client.send("GET /x HTTP/1.1\r\nHost: t\r\nX-Slow: ")
                Thread.sleep(forTimeInterval: 0.05)
                return client
            }
            var health: [Int] = []
            for _ in 0..<3 {
                let client = try RawHTTPClient(port: port, timeout: 2)
                client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                health.append(client.readResponse()?.status ?? 0)
            }
            // The oldest slow head in a reserved slot made room and was answered 503.
            return (health, held[2].readResponse()?.status ?? 0)
        }
        #expect(health == [200, 200, 200])
        #expect(evicted == 503)
        await live.stop()
    }

    @Test func bodyBelowTheMinimumRate_is408_afterOneWindow() async throws {
        let live = try LiveHTTPServer.start {
            $0.bodyRateWindow = .milliseconds(400)
            $0.minimumBodyBytesPerSecond = 1000
        }
        let port = live.port
        let (status, elapsed) = try await onOwnThread { () -> (Int, Double) in
            let client = try RawHTTPClient(port: port, timeout: 3)
            let start = Date()
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
            // 10 bytes every 100 ms: 100 B/s, a tenth of the rate.
            for _ in 0..<30 {
                guard client.send("0123456789") else { break }
                Thread.sleep(forTimeInterval: 0.1)
                if Date().timeIntervalSince(start) > 1 { break }
            }
            return (client.readResponse()?.status ?? 0, Date().timeIntervalSince(start))
        }
        #expect(status == 408)
        #expect(elapsed < 1.5)
        await live.stop()
    }

    @Test func bodyAtTheRate_passes_althoughItTakesManyWindows() async throws {
        let live = try LiveHTTPServer.start {
            $0.bodyRateWindow = .milliseconds(200)
            $0.minimumBodyBytesPerSecond = 1000
        }
        let port = live.port
        let (status, elapsed) = try await onOwnThread { () -> (Int, Double) in
            let client = try RawHTTPClient(port: port, timeout: 3)
            let start = Date()
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4000\r\n\r\n")
            // 100 bytes every 25 ms: 4,000 B/s for one second, five windows.
            for _ in 0..<40 {
                client.send(String(repeating: "x", count: 100))
                Thread.sleep(forTimeInterval: 0.025)
            }
            return (client.readResponse()?.status ?? 0, Date().timeIntervalSince(start))
        }
        #expect(status == 200)
        #expect(elapsed > 0.8)
        await live.stop()
    }
}
