import Testing

@testable import GisementHTTP
@testable import GisementServer

/// A keep-alive connection that received a large body must not keep the body's capacity while it
/// waits for its next request.
struct HTTPParserBufferReleaseTests {
    @Test func parser_releasesItsBuffer_afterALargeBody() throws {
        var parser = HTTPParser(limits: HTTPLimits())
        let length = 4 << 20
        parser.append(Array("POST /v1/changes HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n".utf8))
        #expect(try parser.nextRequest() == nil)
        parser.append([UInt8](repeating: 0x20, count: length))
        let request = try parser.nextRequest()
        #expect(request?.body.count == length)
        #expect(parser.buffer.capacity <= 64 * 1024, "the parser kept \(parser.buffer.capacity) bytes")
        // And the connection still parses its next request.
        parser.append(Array("GET /v1/health HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
        #expect(try parser.nextRequest()?.path == "/v1/health")
    }

    @Test func parser_handsOverTheBodyWithoutACopy_onceReserved() throws {
        var parser = HTTPParser(limits: HTTPLimits())
        parser.append(Array("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nabc".utf8))
        #expect(try parser.nextRequest() == nil)
        #expect(parser.awaitedBodyLength == 100_000)
        #expect(parser.awaitedHead?.path == "/x")
        parser.reserveBodyCapacity()
        #expect(parser.receivedBodyByteCount == 3)
        parser.append([UInt8](repeating: 0x61, count: 100_000 - 3))
        let body = try #require(try parser.nextRequest()).body
        #expect(body.count == 100_000 && body.prefix(3) == [0x61, 0x62, 0x63])
        #expect(parser.buffer.isEmpty && parser.awaitedBodyLength == nil)
    }
}
