/// The request line and header fields: tokens, field values and framing checks.
extension HTTPParser {
    /// A request head under construction.
    struct PartialHead: Sendable {
        var method = HTTPMethod.GET
        var target = ""
        var path = ""
        var query: [(name: String, value: String)] = []
        var version = "HTTP/1.1"
        var headers = HTTPHeaders()
        var expectsContinue = false
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    func parseRequestLine(_ line: Range<Int>) throws(HTTPParseError) -> PartialHead {
        let bytes = buffer[line]
        let parts = bytes.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { throw .invalidRequestLine }
        guard parts[0].allSatisfy(HTTPParser.isTokenByte) else { throw .invalidMethod }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidTarget }
        var head = PartialHead()
        head.method = HTTPMethod(String(decoding: parts[0], as: UTF8.self))
        head.version = try Self.parseVersion(parts[2])
        head.target = String(decoding: parts[1], as: UTF8.self)
        guard let (path, query) = Self.splitTarget(head.target, method: head.method) else { throw .invalidTarget }
        head.path = path
        head.query = query
        return head
    }

    /// `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3); 1.0 and 1.1 are served, any other → 505.
    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let digits = Array(bytes.dropFirst(5))
        guard text.hasPrefix("HTTP/"), digits.count == 3, digits[1] == UInt8(ascii: "."),
            isDigit(digits[0]), isDigit(digits[2])
        else { throw .invalidVersion }
        guard text == "HTTP/1.1" || text == "HTTP/1.0" else { throw .unsupportedVersion(text) }
        return text
    }

    /// The decoded path and query of a target: origin-form, absolute-form, or `*` for OPTIONS
    /// (RFC 9112 §3.2). Nil when it is none of these or has a malformed percent escape.
    static func splitTarget(_ target: String, method: HTTPMethod) -> (String, [(name: String, value: String)])? {
        if target == "*" { return method == .OPTIONS ? ("*", []) : nil }
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            // absolute-form: scheme "://" authority path-abempty [ "?" query ]
            let lowered = rest.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
                let schemeEnd = rest.range(of: "://")
            else { return nil }
            rest = rest[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = rest[slash...]
            } else {
                rest = "/"
            }
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        let rawPath = rest.prefix { $0 != "?" }
        guard let path = PercentEncoding.decode(rawPath) else { return nil }
        var query: [(name: String, value: String)] = []
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let name = pair.prefix { $0 != "=" }
                let value = pair.dropFirst(name.count + 1)
                guard let decodedName = PercentEncoding.decode(name, plusAsSpace: true),
                    let decodedValue = PercentEncoding.decode(value, plusAsSpace: true)
                else { return nil }
                query.append((decodedName, decodedValue))
            }
        }
        return (path, query)
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    mutating func parseHeaderLine(_ line: Range<Int>) throws(HTTPParseError) {
        let first = buffer[line.lowerBound]
        // RFC 9112 §5.2: obs-fold is refused with 400 (a server MAY reject it).
        if first == 0x20 || first == 0x09 { throw .obsoleteLineFolding }
        guard let colon = buffer[line].firstIndex(of: UInt8(ascii: ":")), colon > line.lowerBound else {
            throw .invalidHeaderName
        }
        // RFC 9112 §5.1: no whitespace between the name and the colon; a name is a token.
        guard buffer[line.lowerBound..<colon].allSatisfy(HTTPParser.isTokenByte) else { throw .invalidHeaderName }
        if head.headers.count >= limits.maxHeaderCount { throw .tooManyHeaders }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let name = String(decoding: buffer[line.lowerBound..<colon], as: UTF8.self)
        // RFC 9110 §5.5: field-vchar = VCHAR / obs-text, with SP and HTAB inside; no other control byte.
        for byte in buffer[valueStart..<valueEnd] where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw .invalidHeaderValue(name: name)
        }
        head.headers.add(HTTPHeaderName(name), String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self))
    }

    /// The framing of the body a complete head announces.
    enum Framing {
        case length(Int)
        case chunked
    }

    /// Host and framing checks once the head is complete; returns how the body is framed.
    mutating func validateHead() throws(HTTPParseError) -> Framing {
        let hosts = head.headers.values(.host)
        // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without Host or with more than one.
        if hosts.count > 1 { throw .duplicateHost }
        if hosts.isEmpty, head.version == "HTTP/1.1" { throw .missingHost }
        let lengths = head.headers.values(.contentLength)
        if head.headers.contains(.transferEncoding) {
            // RFC 9112 §6.1 ¶15: both present may be smuggling; reject and close.
            if !lengths.isEmpty { throw .contentLengthWithTransferEncoding }
            // RFC 9112 §6.1 ¶16: Transfer-Encoding on HTTP/1.0 means the framing is faulty.
            if head.version == "HTTP/1.0" { throw .transferEncodingOnHTTP10 }
            // RFC 9112 §7.1: chunked, alone (this server applies no other transfer coding).
            let codings = head.headers.values(.transferEncoding).flatMap { $0.split(separator: ",") }
                .map { String($0).trimmingSpaces.lowercased() }
            guard codings == ["chunked"] else { throw .unsupportedTransferEncoding }
            if let expect = head.headers[.expect], expect.lowercased() == "100-continue" { head.expectsContinue = true }
            return .chunked
        }
        var length = 0
        if let value = lengths.first {
            // RFC 9112 §6.3 ¶5: several or list-valued lengths are invalid framing; we refuse even equal ones.
            if lengths.count > 1 || value.contains(",") { throw .duplicateContentLength }
            let digits = value.utf8
            guard !digits.isEmpty, digits.allSatisfy(HTTPParser.isDigit) else { throw .invalidContentLength }
            guard digits.count <= 15, let parsed = Int(value), parsed <= limits.maxBodyBytes else {
                throw .bodyTooLarge(limit: limits.maxBodyBytes)
            }
            length = parsed
        }
        if length > 0, let expect = head.headers[.expect], expect.lowercased() == "100-continue" {
            head.expectsContinue = true
        }
        return .length(length)
    }

    /// tchar (RFC 9110 §5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
            UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
