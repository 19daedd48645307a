import Testing
import GisementGzip

@testable import GisementHTTP
@testable import GisementServer

@Suite struct HTTPResponseSerializationTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    static func text(_ response: HTTPResponse, method: HTTPMethod = .GET, keepAlive: Bool = true) -> String {
        String(decoding: response.serialized(for: method, keepAlive: keepAlive, date: date), as: UTF8.self)
    }

    @Test func serializer_addsFramingHeaders() {
        let response = HTTPResponse(status: .ok, headers: [.contentType: "text/plain"], body: Array("hi".utf8))
        #expect(Self.text(response) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: \(Self.date)\r\n"
            + "Connection: keep-alive\r\nContent-Length: 2\r\n\r\nhi")
        #expect(Self.text(response, keepAlive: false).contains("Connection: close\r\n"))
    }

    @Test func serializer_replacesHandlerFramingHeaders_andStripsLineBreaks() {
        var response = HTTPResponse(body: Array("abc".utf8))
        response.headers[.contentLength] = "99"
        response.headers[.transferEncoding] = "chunked"
        response.headers.add("X-Evil", "a\r\nSet-Cookie: b")
        response.logFields["token"] = "secret-name"
        let text = Self.text(response)
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("Content-Length: 99"))
        #expect(!text.contains("chunked"))
        #expect(text.contains("X-Evil: a  Set-Cookie: b\r\n"))
        #expect(!text.contains("secret-name"))
    }

    @Test func serializer_omitsBodyForHEAD_butKeepsLength() {
        let text = Self.text(HTTPResponse(body: Array("hello".utf8)), method: .HEAD)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test func serializer_omitsLengthAndBodyFor204() {
        let text = Self.text(HTTPResponse(status: .noContent, body: Array("x".utf8)))
        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func httpDate_isIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == Self.date)
    }

    @Test func keepAlive_followsRFC9112() {
        func request(_ version: String, _ connection: String?) -> HTTPRequest {
            var request = HTTPRequest(method: .GET, target: "/", path: "/", version: version)
            if let connection { request.headers[.connection] = connection }
            return request
        }
        #expect(request("HTTP/1.1", nil).prefersKeepAlive)
        #expect(!request("HTTP/1.1", "close").prefersKeepAlive)
        #expect(!request("HTTP/1.1", "Upgrade, Close").prefersKeepAlive)
        #expect(!request("HTTP/1.0", nil).prefersKeepAlive)
        #expect(request("HTTP/1.0", "Keep-Alive").prefersKeepAlive)
    }

    @Test func acceptsGzip_honoursQZero() {
        func accepts(_ value: String) -> Bool {
            var request = HTTPRequest(method: .GET, target: "/", path: "/")
            request.headers[.acceptEncoding] = value
            return request.acceptsGzip
        }
        #expect(accepts("gzip"))
        #expect(accepts("br, gzip;q=0.5"))
        #expect(accepts("*"))
        #expect(!accepts("gzip;q=0"))
        #expect(!accepts("identity"))
    }

    @Test func compression_appliesOverThreshold_whenAccepted() throws {
        var request = HTTPRequest(method: .GET, target: "/", path: "/")
        request.headers[.acceptEncoding] = "gzip"
        let body = Array(String(repeating: "gisement ", count: 300).utf8)
        var response = HTTPResponse(body: body)
        response.compressIfAccepted(by: request, threshold: 1024)
        #expect(response.headers[.contentEncoding] == "gzip")
        #expect(response.headers[.vary] == "Accept-Encoding")
        #expect(try Gzip.decompress(response.body, limit: 1 << 20) == body)
        var small = HTTPResponse(body: Array("tiny".utf8))
        small.compressIfAccepted(by: request, threshold: 1024)
        #expect(small.headers[.contentEncoding] == nil)
    }
}
