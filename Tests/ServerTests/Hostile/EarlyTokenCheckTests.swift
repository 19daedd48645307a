import Foundation
import Testing

@testable import GisementServer

/// The token is checked as soon as a request head is complete, before a body byte is read, inflated
/// or invited with `100 Continue`, against the spawned `gisement-server`.
@Suite(.serialized) struct EarlyTokenCheckTests {
    static func pushHead(token: String?, length: Int, extra: String = "") -> String {
        "POST /v1/changes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n"
            + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "") + extra + "\r\n"
    }

    @Test func badToken_with30MiBBody_isAnswered401_withoutReadingTheBody_andClosed() async throws {
        let server = try await HostileServer.start()
        let port = server.port
        let (status, code, closed, elapsed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port, timeout: 3)
            let start = Date()
            client.send(Self.pushHead(token: "gis_not-a-token", length: 30 << 20))
            client.send([UInt8](repeating: 0x20, count: 64 * 1024))  // the start of the body; the rest never comes
            let response = client.readResponse()
            return (response?.status, response?.text.contains("\"unauthorized\""), client.isClosed(), Date().timeIntervalSince(start))
        }
        #expect(status == 401)
        #expect(code == true)
        #expect(closed)
        #expect(elapsed < 1, "answered in \(elapsed) s, not after a body deadline")
        await server.stop()
    }

    @Test func expect100Continue_withoutToken_gets401_andNever100() async throws {
        let server = try await HostileServer.start()
        let port = server.port
        let (first, closed) = try await onOwnThread {
            let client = try RawHTTPClient(port: port, timeout: 3)
            client.send(Self.pushHead(token: nil, length: 1 << 20, extra: "Expect: 100-continue\r\n"))
            return (client.readResponse()?.status, client.isClosed())
        }
        #expect(first == 401)
        #expect(closed)
        await server.stop()
    }

    @Test func validToken_expect100Continue_getsContinue_thenTheBodyIsServed() async throws {
        let server = try await HostileServer.start()
        let port = server.port
        let token = server.agentToken
        let statuses = try await onOwnThread { () -> [Int] in
            let client = try RawHTTPClient(port: port, timeout: 3)
            let body = #"{"replica":"r-early","changes":[]}"#
            client.send(Self.pushHead(token: token, length: body.utf8.count, extra: "Expect: 100-continue\r\n"))
            var statuses = [client.readResponse()?.status ?? 0]
            client.send(body)
            statuses.append(client.readResponse()?.status ?? 0)
            return statuses
        }
        #expect(statuses == [100, 200])
        await server.stop()
    }

    @Test func validToken_bodyAndResponseOnTheSameKeepAliveConnection_twice() async throws {
        let server = try await HostileServer.start()
        let port = server.port
        let token = server.agentToken
        let statuses = try await onOwnThread { () -> [Int] in
            let client = try RawHTTPClient(port: port, timeout: 3)
            let body = #"{"replica":"r-early","changes":[]}"#
            var statuses: [Int] = []
            for _ in 0..<2 {
                client.send(Self.pushHead(token: token, length: body.utf8.count) + body)
                statuses.append(client.readResponse()?.status ?? 0)
            }
            return statuses
        }
        #expect(statuses == [200, 200])
        await server.stop()
    }
}
