import Foundation
import Testing

@testable import GisementServer

/// A live server on 127.0.0.1 port 0, reached with raw sockets.
@Suite struct HTTPServerLiveTests {
    @Test func server_keepsConnectionAlive_acrossRequests() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let statuses = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            return (0..<3).map { index -> String in
                client.send("GET /n\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = client.readResponse()
                return "\(response?.status ?? 0) \(response?.text ?? "") \(response?.header("Connection") ?? "")"
            }
        }
        #expect(statuses == ["200 /n0 keep-alive", "200 /n1 keep-alive", "200 /n2 keep-alive"])
        await live.stop()
        #expect(live.server.state == .stopped)
    }

    @Test func server_answersPipelinedRequests_inOrder() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let bodies = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send(
                "GET /slow?ms=150 HTTP/1.1\r\nHost: t\r\n\r\nGET /fast HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabcGET /slow?ms=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            return (0..<4).map { _ in client.readResponse()?.text ?? "-" }
        }
        #expect(bodies == ["slow 150", "/fast", "abc", "slow 1"])
        await live.stop()
    }

    @Test func server_answersGarbage_with400Once_thenCloses() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let (statuses, closed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("\u{16}\u{03}\u{01} garbage that is not HTTP\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let (responses, closed) = client.readAllUntilClosed()
            return (responses.map(\.status), closed)
        }
        #expect(statuses == [400])
        #expect(closed)
        await live.stop()
    }

    @Test func server_answersSmugglingProbe_withExactlyOne400_thenCloses() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let (responses, closed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: t\r\n\r\n")
            return client.readAllUntilClosed()
        }
        #expect(responses.map(\.status) == [400])
        #expect(responses.first?.header("Connection") == "close")
        #expect(responses.first?.text.contains("\"code\":\"bad_request\"") == true)
        #expect(closed)
        await live.stop()
    }

    @Test func server_refusesOversizeLineAndHeaders_with414And431() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let statuses = try await onOwnThread {
            let long = try RawHTTPClient(port: port)
            long.send("GET /\(String(repeating: "a", count: 10_000)) HTTP/1.1\r\nHost: t\r\n\r\n")
            let headers = try RawHTTPClient(port: port)
            headers.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\n\r\n")
            let many = try RawHTTPClient(port: port)
            many.send("GET / HTTP/1.1\r\nHost: t\r\n" + (0..<150).map { "X-\($0): 1\r\n" }.joined() + "\r\n")
            return [long, headers, many].map { client in
                let (responses, closed) = client.readAllUntilClosed()
                return "\(responses.map(\.status)) \(closed)"
            }
        }
        #expect(statuses == ["[414] true", "[431] true", "[431] true"])
        await live.stop()
    }

    @Test func server_refuses40MiBBody_with413_beforeReadingIt() async throws {
        let logs = RequestLogSink()
        let live = try LiveHTTPServer.start { $0.logger = { logs.record($0) } }
        let port = live.port
        let (status, closed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(40 << 20)\r\n\r\n")
            client.send([UInt8](repeating: 0x61, count: 64 * 1024))  // a little of the body, not 40 MiB
            let response = client.readResponse()
            return (response?.status, client.isClosed())
        }
        #expect(status == 413)
        #expect(closed)
        #expect(logs.entries.map(\.status) == [413])
        await live.stop()
    }

    @Test func server_answers100Continue_thenReadsTheBody() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let (interim, final) = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            let interim = client.readResponse()?.status
            client.send("hello")
            return (interim, client.readResponse()?.text)
        }
        #expect(interim == 100)
        #expect(final == "hello")
        await live.stop()
    }

    @Test func server_closesHTTP10_unlessKeepAliveAsked() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let (plain, kept) = try await onOwnThread {
            let plain = try RawHTTPClient(port: port)
            plain.send("GET /a HTTP/1.0\r\n\r\n")
            let first = "\(plain.readResponse()?.header("Connection") ?? "") \(plain.isClosed())"
            // The timeout is how long "still open" is watched for; a loaded CI machine needs room to answer first.
            let kept = try RawHTTPClient(port: port, timeout: 1.5)
            kept.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let second = "\(kept.readResponse()?.header("Connection") ?? "") \(kept.isClosed())"
            return (first, second)
        }
        #expect(plain == "close true")
        #expect(kept == "keep-alive false")
        await live.stop()
    }

    @Test func server_turnsHandlerError_into500_andKeepsServing() async throws {
        let live = try LiveHTTPServer.start()
        let port = live.port
        let results = try await onOwnThread {
            let client = try RawHTTPClient(port: port)
            client.send("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n")
            let failed = client.readResponse()
            client.send("HEAD /after HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = client.readResponse(forHEAD: true)
            return [
                "\(failed?.status ?? 0) \(failed?.text ?? "")",
                "\(head?.status ?? 0) \(head?.header("Content-Length") ?? "") \(head?.body.count ?? -1)",
            ]
        }
        #expect(results[0].hasPrefix(#"500 {"error":{"code":"internal""#))
        #expect(results[1] == "200 6 0")  // HEAD /after: the GET body's length, and no body
        await live.stop()
    }
}
