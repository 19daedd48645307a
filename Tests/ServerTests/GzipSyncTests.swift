import Foundation
@testable import GisementServer
import GisementGzip
import GisementShared
import TestSupport
import Testing

/// A client may send and accept gzip: a compressed push lands, a compressed pull reads back.
@Suite struct GzipSyncTests {
    @Test func gzipPush_andGzipPull_roundTrip() async throws {
        let live = try await LiveAPIServer.start()
        var maker = ChangeMaker(replica: "r-gz")
        let changes = maker.partners(200)
        let body = try #require(Gzip.compress(PushBody(replica: "r-gz", changes: changes).encoded()))
        let client = live.client(.agent)
        let push = try await client.send("POST", "/v1/changes", body: body, headers: ["Content-Encoding": "gzip"])
        #expect(push.status == 200, "\(push.text)")
        #expect(push.json["accepted"]?.integerValue == 200)
        let pulled = try await client.send("GET", "/v1/changes?since=0", headers: ["Accept-Encoding": "gzip"])
        #expect(pulled.status == 200)
        let page = try PullPage.decode([UInt8](pulled.body))
        #expect(page.changes.map(\.dot) == changes.map(\.dot))
        await live.stop()
    }
}
