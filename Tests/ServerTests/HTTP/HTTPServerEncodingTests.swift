import Foundation
import GisementGzip
import Testing

@testable import GisementHTTP
@testable import GisementServer

/// gzip in and out, the log hook, IPv6, on a live server.
@Suite struct HTTPServerEncodingTests {
    @Test func server_inflatesGzipRequestBody() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let body = Array(String(repeating: "change ", count: 500).utf8)
        let compressed = try #require(Gzip.compress(body))
        let echoed = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: \(compressed.count)\r\n\r\n")
            client.send(compressed)
            return client.readResponse()?.body
        }
        #expect(echoed == body)
        await live.stop()
    }

    @Test func server_refusesGzipBomb_with413_andOtherEncodings_with415() async throws {
        let live = try LiveHTTPServer.start { $0.limits.maxBodyBytes = 1 << 20 }
        let port = live.port
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0, count: 8 << 20), level: 9))
        let statuses = try await onOwnThread {
            let first = try RawHTTPClient(port: port)
            first.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n")
            first.send(bomb)
            let second = try RawHTTPClient(port: port)
            second.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc")
            return [first.readResponse()?.status, second.readResponse()?.status]
        }
        #expect(statuses == [413, 415])
        await live.stop()
    }

    @Test func server_gzipsLargeResponses_forClientsThatAcceptIt() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let (zipped, plain) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip, deflate\r\n\r\n")
            let zipped = client.readResponse()
            client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            return (zipped, client.readResponse())
        }
        #expect(zipped?.header("Content-Encoding") == "gzip")
        #expect(try Gzip.decompress(zipped?.body ?? [], limit: 1 << 20) == plain?.body)
        #expect(plain?.header("Content-Encoding") == nil)
        #expect(plain?.body.count == 9000)
        await live.stop()
    }

    @Test func server_logsOneLinePerRequest_withTokenFromLogFields() async throws {
        let logs = RequestLogSink()
        let live = try LiveHTTPServer.start { $0.logger = { logs.record($0) } }
        let port = live.port
        let wire = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("GET /token HTTP/1.1\r\nHost: t\r\n\r\nGET /missing/path HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = client.readResponse()
            _ = client.readResponse()
            return first?.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") ?? ""
        }
        #expect(!wire.contains("field-team"))
        await live.stop()
        let entries = logs.entries
        #expect(entries.count == 2)
        #expect(entries.first?.method == "GET")
        #expect(entries.first?.path == "/token")
        #expect(entries.first?.status == 200)
        #expect(entries.first?.token == "field-team")
        #expect(entries.first?.bytes == 2)
        #expect(entries.first?.remoteAddress == "127.0.0.1")
        #expect(entries.last?.status == 404)
        #expect((entries.first?.durationMilliseconds ?? -1) >= 0)
    }

    @Test func server_listensOnIPv6Loopback() async throws {
        let live: LiveHTTPServer
        do {
            live = try LiveHTTPServer.start(host: "::1")
        } catch {
            return  // no IPv6 on this machine
        }
        #expect(live.server.listeningAddress?.url == "http://[::1]:\(live.port)")
        let port = live.port
        let body = try await onOwnThread {
            let client = try RawHTTPClient(port: port, host: "::1")
            client.send("GET /six HTTP/1.1\r\nHost: t\r\n\r\n")
            return client.readResponse()?.text
        }
        #expect(body == "/six")
        await live.stop()
    }

    @Test func server_reportsBindFailure_asSocketError() throws {
        let live = try LiveHTTPServer.start()
        defer { Task { await live.stop() } }
        let second = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: live.port), handler: LiveHTTPServer.makeHandler())
        #expect {
            try second.start()
        } throws: { error in
            guard case SocketError.failed(let operation, let code, _) = error else { return false }
            return operation == "bind" && code == EADDRINUSE
        }
        #expect(second.state == .idle)
    }
}
