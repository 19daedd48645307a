import Testing

@testable import GisementHTTP
@testable import GisementServer

/// The explicit bounds of ``HTTPLimits`` and byte-by-byte feeding.
@Suite struct HTTPParserLimitsTests {
    @Test func parser_refusesLongTarget_with414_beforeTheLineEnds() {
        var parser = HTTPParser()
        parser.append(Array("GET /\(String(repeating: "a", count: 9000))".utf8))
        #expect(throws: HTTPParseError.requestLineTooLong) { try parser.nextRequest() }
        #expect(HTTPParseError.requestLineTooLong.status == .uriTooLong)
    }

    @Test func parser_acceptsTargetAtTheLimit() throws {
        let limits = HTTPLimits(maxRequestLineBytes: 100)
        let target = "/" + String(repeating: "a", count: 100 - "GET  HTTP/1.1".count - 1)
        let line = "GET \(target) HTTP/1.1"
        #expect(line.utf8.count == 100)
        #expect(try HTTPParserTests.parse("\(line)\r\nHost: x\r\n\r\n", limits: limits).count == 1)
        #expect(HTTPParserTests.error("GET \(target)a HTTP/1.1\r\nHost: x\r\n\r\n", limits: limits) == .requestLineTooLong)
    }

    @Test func parser_refusesLargeHeaderSection_with431() {
        let big = "X-Big: \(String(repeating: "b", count: 33 * 1024))\r\n"
        #expect(HTTPParserTests.error("GET / HTTP/1.1\r\nHost: x\r\n\(big)\r\n") == .headersTooLarge)
        var parser = HTTPParser()  // also without the end of the head
        parser.append(Array("GET / HTTP/1.1\r\n\(big)".utf8))
        #expect(throws: HTTPParseError.headersTooLarge) { try parser.nextRequest() }
    }

    @Test func parser_refusesTooManyHeaders_with431() throws {
        let fields = (0..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(HTTPParserTests.error("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n") == .tooManyHeaders)
        let fewer = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(try HTTPParserTests.parse("GET / HTTP/1.1\r\nHost: x\r\n\(fewer)\r\n").count == 1)
    }

    @Test func parser_refusesBodyOverLimit_fromContentLengthAlone() {
        var parser = HTTPParser(limits: HTTPLimits(maxBodyBytes: 10))
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 10)) { try parser.nextRequest() }
        #expect(HTTPParserTests.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
            == .bodyTooLarge(limit: 32 << 20))
    }

    static let pipelined =
        "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
        + "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
        + "\r\nGET /three?x=%41 HTTP/1.0\r\n\r\n"

    @Test func parser_splitsPipelinedRequests_atEverySplitOffset() throws {
        let bytes = Array(Self.pipelined.utf8)
        for split in 0...bytes.count {
            var parser = HTTPParser()
            var paths: [String] = []
            var bodies: [[UInt8]] = []
            for chunk in [bytes[..<split], bytes[split...]] {
                parser.append(chunk)
                while let request = try parser.nextRequest() {
                    paths.append(request.path)
                    bodies.append(request.body)
                }
            }
            #expect(paths == ["/one", "/two", "/three"], "split at \(split)")
            #expect(bodies[1] == Array("body".utf8))
        }
    }

    @Test func parser_handlesByteByByteFeeding() throws {
        var parser = HTTPParser()
        var paths: [String] = []
        for byte in Self.pipelined.utf8 {
            parser.append([byte])
            while let request = try parser.nextRequest() { paths.append(request.path) }
        }
        #expect(paths == ["/one", "/two", "/three"])
        #expect(parser.bufferedByteCount == 0)
    }
}
