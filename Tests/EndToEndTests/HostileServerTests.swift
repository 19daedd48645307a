import Foundation
import GisementGzip
import GisementClient
import GisementShared
import Testing

/// What `gisement sync` believes of a broken or hostile server (issue 18, "From a hostile or
/// broken server"): each test runs the built binary against a ``HostileServer``.
@Suite(.serialized) struct HostileServerTests {
    /// A replica with no pending change, set up for `server`.
    static func replica(for server: HostileServer, in folder: TemporaryFolder) throws -> Agent {
        let agent = try Agent("field", folder: folder)
        try agent.ok(["init", "--server", server.url, "--token", "gis_field-token"])
        return agent
    }

    /// One change of the wire format, as a server sends it.
    static func change(_ id: String, name: String, hlc: String, counter: Int, seq: Int) -> String {
        #"{"kind":"district","id":"\#(id)","field":"name","value":"\#(name)","hlc":"\#(hlc)","#
            + #""replica":"r-other","counter":\#(counter),"clock":{"r-other":\#(counter)},"seq":\#(seq)}"#
    }

    static var nowMilliseconds: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    @Test func redirect_isNotFollowed_andTheTokenGoesNowhereElse() throws {
        let folder = TemporaryFolder()
        let elsewhere = try HostileServer { request in
            request.path == "/v1/health" ? HostileServer.health() : HostileServer.replicaCounter(request)
        }
        defer { elsewhere.stop() }
        let moved = elsewhere.url
        let server = try HostileServer { request in
            if request.path == "/v1/health" { return HostileServer.health() }
            return HostileServer.Response(status: 307, headers: [("Location", moved + request.target)])
        }
        defer { server.stop() }
        let agent = try Self.replica(for: server, in: folder)

        let result = try agent.run(["sync"], timeout: 60)

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("redirected") && result.stderr.contains(moved), "\(result)")
        #expect(elsewhere.requests.isEmpty, "the token went to \(moved): \(elsewhere.requests.map(\.headers))")
        #expect(server.requests.contains { $0.headers["authorization"] == "Bearer gis_field-token" })
    }

    /// A pull answer that is a gzip bomb (sent without `Content-Encoding`, so URLSession leaves it
    /// compressed): the client inflates it only up to its bound and says what it got.
    @Test func gzipBombAnswer_isRefusedAtTheBound_notInflated() throws {
        let folder = TemporaryFolder()
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0x20, count: 200 << 20), level: 9))
        let server = try HostileServer { request in
            switch request.path {
            case "/v1/health": return HostileServer.health()
            case "/v1/changes": return HostileServer.Response(status: 200, bytes: bomb)
            default: return HostileServer.replicaCounter(request)
            }
        }
        defer { server.stop() }
        let agent = try Self.replica(for: server, in: folder)

        let result = try agent.run(["sync", "--timeout", "20"], timeout: 60)

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("inflates beyond 64 MiB"), "\(result)")
    }

    @Test func pageSayingMoreWithoutMoving_endsThePullWithAnError() throws {
        let folder = TemporaryFolder()
        let stamp = "\(Self.nowMilliseconds - 60_000):0"
        let server = try HostileServer { request in
            switch request.path {
            case "/v1/health": return HostileServer.health()
            case "/v1/changes":
                // Always the same page, claiming more, at the position asked for.
                let since = request.query("since") ?? "0"
                let change = HostileServerTests.change("d-loop", name: "Loop", hlc: stamp, counter: 1, seq: 1)
                return .json(#"{"changes":[\#(change)],"cursor":\#(since),"more":true}"#)
            default: return HostileServer.replicaCounter(request)
            }
        }
        defer { server.stop() }
        let agent = try Self.replica(for: server, in: folder)
        let start = Date()

        let result = try agent.run(["sync", "--timeout", "20"], timeout: 60)

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("did not move past it"), "\(result)")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(server.requests.filter { $0.path == "/v1/changes" }.count <= 2)
    }

    @Test func changeStampedFarInTheFuture_isNotApplied_andTheClockStaysRight() throws {
        let folder = TemporaryFolder()
        let now = Self.nowMilliseconds
        let server = try HostileServer { request in
            switch request.path {
            case "/v1/health": return HostileServer.health()
            case "/v1/changes":
                let good = HostileServerTests.change("d-good", name: "Good", hlc: "\(now - 1000):0", counter: 1, seq: 1)
                let evil = HostileServerTests.change("d-evil", name: "Evil", hlc: "253402300799999:4294967295", counter: 2, seq: 2)
                return .json(#"{"changes":[\#(good),\#(evil)],"cursor":2,"more":false}"#)
            default: return HostileServer.replicaCounter(request)
            }
        }
        defer { server.stop() }
        let agent = try Self.replica(for: server, in: folder)

        let result = try agent.run(["sync"], timeout: 60)

        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("1 change from the server was stamped more than"), "\(result)")
        #expect(try agent.run(["show", "d-good"]).status == 0)
        #expect(try agent.run(["show", "d-evil"]).status != 0)
        // A local edit after the sync is stamped with the device's time, not beyond year 9999.
        let local = try agent.ok(["district", "add", "Local"])
        let store = try ReplicaStore(path: agent.database)
        let stamp = try #require(try store.fieldVersions(kind: .district, id: local)["name"]?.hlc)
        #expect(abs(stamp.wall - Self.nowMilliseconds) < 600_000, "stamped \(stamp)")
    }

    @Test func anotherServer_neverGetsTheRememberedToken() throws {
        let folder = TemporaryFolder()
        let home = try HostileServer { request in
            request.path == "/v1/health" ? HostileServer.health() : HostileServer.replicaCounter(request)
        }
        defer { home.stop() }
        let other = try HostileServer { request in
            request.path == "/v1/health" ? HostileServer.health() : HostileServer.replicaCounter(request)
        }
        defer { other.stop() }
        let agent = try Self.replica(for: home, in: folder)

        let result = try agent.run(["sync", "--server", other.url], timeout: 60)

        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("was given for \(home.url)"), "\(result)")
        #expect(other.requests.allSatisfy { $0.headers["authorization"] == nil })
        // With a token given for it, the other server is fine.
        let confirmed = try agent.run(["sync", "--server", other.url, "--token", "gis_other-token"], timeout: 60)
        #expect(confirmed.status != 64, "\(confirmed)")
        #expect(other.requests.contains { $0.headers["authorization"] == "Bearer gis_other-token" })
        #expect(!other.requests.contains { $0.headers["authorization"] == "Bearer gis_field-token" })
    }

    @Test func pulledValuesTheSchemaRefuses_areNotApplied_andTold() throws {
        let folder = TemporaryFolder()
        let stamp = "\(Self.nowMilliseconds - 60_000):0"
        let server = try HostileServer { request in
            switch request.path {
            case "/v1/health": return HostileServer.health()
            case "/v1/changes":
                let good = HostileServerTests.change("d-good", name: "Good", hlc: stamp, counter: 1, seq: 1)
                let weight = #"{"kind":"collection","id":"c-bad","field":"weight_kg","value":"heavy","hlc":"\#(stamp)","#
                    + #""replica":"r-other","counter":2,"clock":{"r-other":2},"seq":2}"#
                let items = #"{"kind":"collection","id":"c-bad","field":"items","value":-5,"hlc":"\#(stamp)","#
                    + #""replica":"r-other","counter":3,"clock":{"r-other":3},"seq":3}"#
                let notes = #"{"kind":"collection","id":"c-bad","field":"notes","value":"\#(String(repeating: "n", count: 200_000))","#
                    + #""hlc":"\#(stamp)","replica":"r-other","counter":4,"clock":{"r-other":4},"seq":4}"#
                let future = #"{"kind":"collection","id":"c-new","field":"colour","value":"red","hlc":"\#(stamp)","#
                    + #""replica":"r-other","counter":5,"clock":{"r-other":5},"seq":5}"#
                return .json(#"{"changes":[\#(good),\#(weight),\#(items),\#(notes),\#(future)],"cursor":5,"more":false}"#)
            default:
                let replica = request.path.split(separator: "/").last.map(String.init) ?? ""
                return .json(#"{"replica":"\#(replica)","counter":0,"head":5}"#)
            }
        }
        defer { server.stop() }
        let agent = try Self.replica(for: server, in: folder)

        let result = try agent.run(["sync"], timeout: 60)

        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("3 changes from the server were refused"), "\(result)")
        #expect(try agent.run(["show", "d-good"]).status == 0)
        let store = try ReplicaStore(path: agent.database)
        #expect(try store.fieldVersions(kind: .collection, id: "c-bad").isEmpty)
        // A field of a newer version is kept as it came, not refused.
        #expect(try store.fieldVersions(kind: .collection, id: "c-new")["colour"]?.value == .text("red"))
    }

    @Test func cursorBeyondEverythingStated_isNotStored() throws {
        let folder = TemporaryFolder()
        let stamp = "\(Self.nowMilliseconds - 60_000):0"
        let server = try HostileServer { request in
            switch request.path {
            case "/v1/health": return HostileServer.health()
            case "/v1/changes":
                let change = HostileServerTests.change("d-one", name: "One", hlc: stamp, counter: 1, seq: 3)
                return .json(#"{"changes":[\#(change)],"cursor":9223372036854775807,"more":false}"#)
            default:
                let replica = request.path.split(separator: "/").last.map(String.init) ?? ""
                return .json(#"{"replica":"\#(replica)","counter":0,"head":5}"#)
            }
        }
        defer { server.stop() }
        let agent = try Self.replica(for: server, in: folder)

        let result = try agent.run(["sync"], timeout: 60)

        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("beyond anything it stated"), "\(result)")
        #expect(try agent.run(["show", "d-one"]).status == 0)
        #expect(try ReplicaStore(path: agent.database).syncStatus().cursor == 5)
    }
}
