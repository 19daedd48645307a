import Foundation
import GisementServer
import GisementShared
import Testing

/// Small HTTP guarantees of contract 1.1 (scopes section): a 401 names its scheme, and no request
/// can put a control character or a line break into a server log line.
@Suite struct HTTPSecurityTests {
    @Test func unauthorized_carriesWWWAuthenticateBearer() async throws {
        let live = try await LiveAPIServer.start()
        let reply = try await live.client(nil).get("/v1/changes?since=0")
        #expect(reply.status == 401)
        #expect(reply.headers["WWW-Authenticate"] == "Bearer" || reply.headers["www-authenticate"] == "Bearer", "\(reply.headers)")
        let bad = try await live.client(nil).with(token: "gis_wrong").get("/v1/changes?since=0")
        #expect(bad.status == 401)
        await live.stop()
    }

    @Test func aRequestCannotBreakOrColourALogLine() async throws {
        let live = try await LiveAPIServer.start()
        // A percent-encoded line break, escape and C1 control in the path.
        _ = try await live.client(.agent).get("/v1/records/partner/x%0Aforged%20line%1B%5B2J%C2%9B")
        try await Task.sleep(for: .milliseconds(100))
        let lines = live.accessLog.all.map { $0.line(timestamp: Date()) }
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line.debugDescription)")
        }
        #expect(lines.contains { $0.contains("x\\u{a}forged line\\u{1b}[2J") }, "\(lines)")
        await live.stop()
    }
}
