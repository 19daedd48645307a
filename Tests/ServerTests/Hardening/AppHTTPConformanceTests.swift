import Foundation
import GisementGzip
import GisementShared
import TestSupport
import Testing

@testable import GisementServer

/// Framing abuse and smuggling probes sent over raw sockets to the real application (the API
/// router behind the real HTTP server, with tokens and a database), not to a toy handler.
///
/// Every probe carries a valid admin token and, where it has a body, a valid push: so a probe
/// that slipped through the parser would store something. Each must get exactly one JSON error
/// with `Connection: close`, then the connection closes; afterwards the feed is still empty and
/// health still answers.
@Suite(.serialized) struct AppHTTPConformanceTests {
    struct Probe: CustomStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var status: Int
        var description: String { name }
    }

    /// A valid push body, so that only the framing can be at fault.
    static let push: [UInt8] = {
        var maker = ChangeMaker(replica: "r-probe")
        return PushBody(replica: "r-probe", changes: [maker.write(.district, "d-probe", "name", .text("Probe"))]).encoded()
    }()

    static func probes(token: String) -> [Probe] {
        let auth = "Authorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
        let body = String(decoding: push, as: UTF8.self)
        let n = push.count
        let smuggled = "GET /v1/changes?since=0 HTTP/1.1\r\nHost: x\r\n\(auth)\r\n"
        func post(_ headers: String, _ rest: String = body) -> [UInt8] {
            Array("POST /v1/changes HTTP/1.1\r\n\(headers)\(auth)\r\n\(rest)".utf8)
        }
        return [
            Probe(name: "CL then TE", bytes: post("Host: x\r\nContent-Length: \(n)\r\nTransfer-Encoding: chunked\r\n",
                "0\r\n\r\n" + smuggled), status: 400),
            Probe(name: "TE then CL", bytes: post("Host: x\r\nTransfer-Encoding: chunked\r\nContent-Length: \(n)\r\n",
                "0\r\n\r\n" + smuggled), status: 400),
            Probe(name: "chunked, bad chunk size", bytes: post("Host: x\r\nTransfer-Encoding: chunked\r\n",
                "zz\r\n" + body + "\r\n0\r\n\r\n"), status: 400),
            Probe(name: "chunked (tab), no CRLF after the data", bytes: post("Host: x\r\nTransfer-Encoding:\tchunked\r\n",
                "5\r\nabcdeXY0\r\n\r\n"), status: 400),
            Probe(name: "chunked, size too large", bytes: post("Host: x\r\nTransfer-Encoding: chunked\r\n",
                "7fffffff\r\n" + body), status: 413),
            Probe(name: "TE gzip, chunked", bytes: post("Host: x\r\nTransfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"), status: 501),
            Probe(name: "TE xchunked", bytes: post("Host: x\r\nTransfer-Encoding: xchunked\r\n", "0\r\n\r\n"), status: 501),
            Probe(name: "TE name with space", bytes: post("Host: x\r\nTransfer-Encoding : chunked\r\nContent-Length: \(n)\r\n"),
                status: 400),
            Probe(name: "TE on HTTP/1.0", bytes: Array("POST /v1/changes HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\(auth)\r\n0\r\n\r\n".utf8),
                status: 400),
            Probe(name: "duplicate equal CL", bytes: post("Host: x\r\nContent-Length: \(n)\r\nContent-Length: \(n)\r\n"), status: 400),
            Probe(name: "conflicting CL", bytes: post("Host: x\r\nContent-Length: 0\r\nContent-Length: \(n)\r\n", body + smuggled),
                status: 400),
            Probe(name: "CL list", bytes: post("Host: x\r\nContent-Length: \(n), \(n)\r\n"), status: 400),
            Probe(name: "CL hex", bytes: post("Host: x\r\nContent-Length: 0x\(String(n, radix: 16))\r\n"), status: 400),
            Probe(name: "CL signed", bytes: post("Host: x\r\nContent-Length: +\(n)\r\n"), status: 400),
            Probe(name: "obs-fold", bytes: post("Host: x\r\nContent-Length: \(n)\r\nX-Folded: a\r\n b\r\n"), status: 400),
            Probe(name: "obs-fold of CL", bytes: post("Host: x\r\nContent-Length:\r\n \(n)\r\n"), status: 400),
            Probe(name: "bare LF", bytes: Array("POST /v1/changes HTTP/1.1\nHost: x\nContent-Length: \(n)\n\n\(body)".utf8),
                status: 400),
            Probe(name: "bare LF in a header", bytes: post("Host: x\nContent-Length: \(n)\r\n"), status: 400),
            Probe(name: "missing Host", bytes: post("Content-Length: \(n)\r\n"), status: 400),
            Probe(name: "duplicate Host", bytes: post("Host: x\r\nHost: y\r\nContent-Length: \(n)\r\n"), status: 400),
            Probe(name: "414 target", bytes: Array("GET /v1/changes?since=0&x=\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\(auth)\r\n".utf8),
                status: 414),
            Probe(name: "431 header bytes", bytes: post("Host: x\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\nContent-Length: \(n)\r\n"),
                status: 431),
            Probe(name: "431 header count", bytes: post("Host: x\r\n" + (0..<101).map { "X-H\($0): v\r\n" }.joined() + "Content-Length: \(n)\r\n"),
                status: 431),
            Probe(name: "413 declared body", bytes: post("Host: x\r\nContent-Length: \(64 * 1024 * 1024)\r\n"), status: 413),
            Probe(name: "HTTP/2 preface", bytes: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), status: 505),
            Probe(name: "NUL in a header", bytes: post("Host: x\r\nX-A: a\u{0}b\r\nContent-Length: \(n)\r\n"), status: 400),
        ]
    }

    @Test func app_answersEveryFramingProbe_once_thenCloses_andStoresNothing() async throws {
        let live = try await LiveAPIServer.start()
        let port = live.server.port
        let probes = Self.probes(token: live.tokens[.admin]!)
        let results = try await onOwnThread { () -> [String] in
            probes.map { probe in
                guard let client = try? RawHTTPClient(port: port, timeout: 3) else { return "\(probe): no connection" }
                client.send(probe.bytes)
                let (responses, closed) = client.readAllUntilClosed()
                let statuses = responses.map(\.status)
                let response = responses.first
                let isJSONError = response?.header("Content-Type") == "application/json"
                    && response?.text.hasPrefix("{\"error\":{\"code\":") == true
                return "\(probe): \(statuses) close=\(response?.header("Connection") ?? "-") closed=\(closed) json=\(isJSONError)"
            }
        }
        for (probe, result) in zip(probes, results) {
            #expect(result == "\(probe): [\(probe.status)] close=close closed=true json=true")
        }
        let agent = live.client(.admin)
        #expect(try await agent.get("/v1/health").status == 200)
        // A smuggled pull would have written a session row; a smuggled push, a change.
        await live.server.store.flush()
        let sessions = try await agent.get("/v1/sessions")
        #expect(sessions.json["sessions"]?.arrayValue?.isEmpty == true, "a smuggled request reached a route: \(sessions.text)")
        #expect(try await agent.pullAll().isEmpty, "a refused request stored something")
        await live.stop()
    }

    /// The same valid push, framed correctly, is accepted: the probes fail for their framing alone.
    @Test func app_acceptsTheProbePush_whenFramedCorrectly() async throws {
        let live = try await LiveAPIServer.start()
        let port = live.server.port
        let token = live.tokens[.admin]!
        let statuses = try await onOwnThread { () -> [Int] in
            let client = try RawHTTPClient(port: port, timeout: 3)
            client.send(
                "POST /v1/changes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(Self.push.count)\r\n\r\n")
            client.send(Self.push)
            client.send("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return client.readAllUntilClosed().responses.map(\.status)
        }
        #expect(statuses == [200, 200])
        #expect(try await live.client(.admin).pullAll().count == 1)
        await live.stop()
    }

    /// RFC 9112 §7.1: a chunked push (an extension, a trailer field, sent in small pieces) is read
    /// like one framed by Content-Length (contract 1.1).
    @Test func app_acceptsAChunkedPush() async throws {
        let live = try await LiveAPIServer.start()
        let port = live.server.port
        let token = live.tokens[.admin]!
        let body = Self.push
        let statuses = try await onOwnThread { () -> [Int] in
            let client = try RawHTTPClient(port: port, timeout: 3)
            client.send(
                "POST /v1/changes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n")
            let half = body.count / 2
            client.send(String(half, radix: 16) + ";note=first\r\n")
            client.send(Array(body[..<half]))
            client.send("\r\n" + String(body.count - half, radix: 16).uppercased() + "\r\n")
            for byte in body[half...] { client.send([byte]) }
            client.send("\r\n0\r\nX-Trailer: ignored\r\n\r\n")
            client.send("GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return client.readAllUntilClosed().responses.map(\.status)
        }
        #expect(statuses == [200, 200])
        #expect(try await live.client(.admin).pullAll().count == 1)
        await live.stop()
    }

    /// A gzip body that inflates past the body limit is a 413, however small it is on the wire.
    @Test func app_refusesGzipBomb_with413() async throws {
        let live = try await LiveAPIServer.start { $0.maxBodyBytes = 256 * 1024 }
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0x20, count: 8 * 1024 * 1024), level: 9))
        #expect(bomb.count < 64 * 1024)
        let reply = try await live.client(.admin).send(
            "POST", "/v1/changes", body: bomb, headers: ["Content-Encoding": "gzip"])
        #expect(reply.status == 413)
        #expect(reply.errorCode == "payload_too_large")
        #expect(try await live.client(nil).get("/v1/health").status == 200)
        await live.stop()
    }
}
