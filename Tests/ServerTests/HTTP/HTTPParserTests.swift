import Testing

@testable import GisementHTTP
@testable import GisementServer

/// Parser tests from raw `"…\r\n"` strings: no socket.
@Suite struct HTTPParserTests {
    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) -> [HTTPRequest] {
        var parser = HTTPParser(limits: limits)
        parser.append(Array(text.utf8))
        var requests: [HTTPRequest] = []
        while let request = try parser.nextRequest() { requests.append(request) }
        return requests
    }

    static func error(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPParseError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func parser_readsRequestLineHeadersAndQuery() throws {
        let requests = try Self.parse(
            "GET /v1/changes?since=10&limit=5&q=a+b%21 HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a:  2 \r\n\r\n")
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.method == .GET)
        #expect(request.target == "/v1/changes?since=10&limit=5&q=a+b%21")
        #expect(request.path == "/v1/changes")
        #expect(request.queryValue("since") == "10")
        #expect(request.queryValue("q") == "a b!")
        #expect(request.headers.values("X-A") == ["1", "2"])
        #expect(request.version == "HTTP/1.1")
        #expect(request.body.isEmpty)
    }

    @Test func parser_readsContentLengthBody() throws {
        let request = try #require(try Self.parse("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").first)
        #expect(request.body == Array("hello".utf8))
    }

    @Test func parser_decodesPathAndAcceptsAbsoluteForm() throws {
        let request = try #require(try Self.parse("GET http://h:8/a%20b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n").first)
        #expect(request.path == "/a b")
        #expect(request.queryValue("x") == "1")
    }

    @Test func parser_acceptsHTTP10WithoutHostAndIgnoresLeadingEmptyLine() throws {
        let request = try #require(try Self.parse("\r\nGET / HTTP/1.0\r\n\r\n").first)
        #expect(request.version == "HTTP/1.0")
    }

    @Test func parser_waitsForMoreBytes_whenHeadIncomplete() throws {
        var parser = HTTPParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
        #expect(try parser.nextRequest() == nil)
        #expect(parser.phase == .head)
        parser.append(Array("\r\n".utf8))
        #expect(try parser.nextRequest() != nil)
        #expect(parser.phase == .idle)
    }

    @Test func parser_reportsBodyPhaseWithExpectContinue() throws {
        var parser = HTTPParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        #expect(try parser.nextRequest() == nil)
        #expect(parser.phase == .body(expectsContinue: true))
        parser.append(Array("abc".utf8))
        #expect(try parser.nextRequest()?.body == Array("abc".utf8))
    }

    @Test func parser_readsAChunkedBody_byteByByte_withExtensionsAndTrailers() throws {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;name=value\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        var parser = HTTPParser()
        var requests: [HTTPRequest] = []
        for byte in Array(text.utf8) {
            parser.append([byte])
            while let request = try parser.nextRequest() { requests.append(request) }
        }
        #expect(requests.count == 2)
        #expect(requests.first?.body == Array("Wikipedia in \r\n\r\nchunks.".utf8))
        #expect(requests.last?.path == "/next")
    }

    @Test func parser_refusesAChunkedBody_overTheBodyLimit() throws {
        var parser = HTTPParser(limits: HTTPLimits(maxBodyBytes: 8))
        parser.append(Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n5\r\n".utf8))
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 8)) { _ = try parser.nextRequest() }
    }

    static let rejections: [(String, HTTPParseError)] = [
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         .contentLengthWithTransferEncoding),
        ("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", .contentLengthWithTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
         .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunkedBody),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", .invalidChunkedBody),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n123456789\r\n", .invalidChunkedBody),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: "5", count: 40) + "\r\n",
         .invalidChunkedBody),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", .invalidChunkedBody),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n", .bareLineFeed),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingOnHTTP10),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3a\r\n\r\nabc", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", .invalidContentLength),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\tfolded\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\nHost: x\r\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\r\n\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
        ("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", .duplicateHost),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidMethod),
        ("GET /a\u{7F}b HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET * HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET / HTTX/1.1\r\nHost: x\r\n\r\n", .invalidVersion),
        ("GET / HTTP/11\r\nHost: x\r\n\r\n", .invalidVersion),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", .unsupportedVersion("HTTP/2.0")),
        ("GET / HTTP/1.2\r\nHost: x\r\n\r\n", .unsupportedVersion("HTTP/1.2")),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET /\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\n: x\r\nHost: x\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nNo colon here\r\nHost: x\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{01}b\r\n\r\n", .invalidHeaderValue(name: "X-A")),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .invalidHeaderValue(name: "X-A")),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{00}b\r\n\r\n", .invalidHeaderValue(name: "X-A")),
    ]

    @Test(arguments: rejections)
    func parser_rejects_malformedOrAmbiguousRequest(_ text: String, _ expected: HTTPParseError) {
        #expect(Self.error(text) == expected)
    }

    @Test func parseErrors_mapToStatusesAndCloseTheConnection() {
        #expect(HTTPParseError.contentLengthWithTransferEncoding.status.code == 400)
        #expect(HTTPParseError.unsupportedTransferEncoding.status.code == 501)
        #expect(HTTPParseError.unsupportedVersion("HTTP/2.0").status.code == 505)
        #expect(HTTPParseError.requestLineTooLong.status.code == 414)
        #expect(HTTPParseError.headersTooLarge.status.code == 431)
        #expect(HTTPParseError.tooManyHeaders.status.code == 431)
        #expect(HTTPParseError.bodyTooLarge(limit: 1).status.code == 413)
        #expect(HTTPParseError.unsupportedContentEncoding("br").status.code == 415)
        let response = HTTPParseError.bodyTooLarge(limit: 1).response
        #expect(response.headers[.connection] == "close")
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix(#"{"error":{"code":"payload_too_large""#))
    }

    @Test func parser_staysFailed_afterAnError() {
        var parser = HTTPParser()
        parser.append(Array("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.missingHost) { try parser.nextRequest() }
        #expect(throws: HTTPParseError.missingHost) { try parser.nextRequest() }
    }
}
