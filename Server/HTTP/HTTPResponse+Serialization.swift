import GisementGzip
extension HTTPResponse {
    /// Whether a response with this status carries no body at all (RFC 9110 §6.4.1: 1xx, 204, 304).
    var hasNoContent: Bool { status.code < 200 || status.code == 204 || status.code == 304 }

    /// The response as bytes on the wire (RFC 9112 §4, §6).
    ///
    /// The server owns the framing headers: any `Content-Length`, `Transfer-Encoding`, `Connection` or
    /// `Date` set by a handler is replaced. `Content-Length` is the body's size (also for HEAD, whose body
    /// is then left out), `Connection` is `keep-alive` or `close`, `Date` is `date`.
    /// CR, LF and NUL in handler-set header values are replaced by spaces, so no handler can split a response.
    /// ``logFields`` are never written.
    /// - Parameters:
    ///   - method: the request's method; HEAD drops the body.
    ///   - keepAlive: whether the connection stays open after this response.
    ///   - date: the IMF-fixdate for the `Date` header.
    public func serialized(for method: HTTPMethod = .GET, keepAlive: Bool, date: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + headers.count * 40 + body.count)
        out.append(contentsOf: "HTTP/1.1 \(status.code) \(status.reason)\r\n".utf8)
        for (name, value) in headers {
            if name == .contentLength || name == .transferEncoding || name == .connection || name == .date {
                continue
            }
            Self.appendField(name.rawValue, value, to: &out)
        }
        Self.appendField("Date", date, to: &out)
        Self.appendField("Connection", keepAlive ? "keep-alive" : "close", to: &out)
        if !hasNoContent {
            Self.appendField("Content-Length", String(body.count), to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        if method != .HEAD && !hasNoContent {
            out.append(contentsOf: body)
        }
        return out
    }

    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        for byte in name.utf8 where HTTPParser.isTokenByte(byte) { out.append(byte) }
        out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        for byte in value.utf8 { out.append(byte == 0x0D || byte == 0x0A || byte == 0 ? 0x20 : byte) }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Gzip-compresses the body when the client accepts it and it is worth it: at least `threshold`
    /// bytes, no `Content-Encoding` already, a status with a body. Adds `Content-Encoding: gzip` and
    /// `Vary: Accept-Encoding` (RFC 9110 §8.4, §12.5.5) to every response that could have been
    /// compressed, whether or not this one was: a cache must not serve one client's form to another.
    mutating func compressIfAccepted(by request: HTTPRequest, threshold: Int) {
        guard body.count >= threshold, !hasNoContent, !headers.contains(.contentEncoding) else { return }
        headers.add(.vary, "Accept-Encoding")
        guard request.acceptsGzip, let compressed = Gzip.compress(body), compressed.count < body.count else { return }
        body = compressed
        headers[.contentEncoding] = "gzip"
    }
}
