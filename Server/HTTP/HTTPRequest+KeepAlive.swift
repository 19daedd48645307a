extension HTTPRequest {
    /// Whether the client wants the connection kept open after this request (RFC 9112 §9.3):
    /// `Connection: close` closes; otherwise HTTP/1.1 persists by default, and HTTP/1.0 persists
    /// only with `Connection: keep-alive`.
    public var prefersKeepAlive: Bool {
        let options = headers.values(.connection)
            .flatMap { $0.split(separator: ",") }
            .map { $0.httpTrimmed().lowercased() }
        if options.contains("close") { return false }
        if version == "HTTP/1.1" { return true }
        return options.contains("keep-alive")
    }

    /// Whether the client accepts a gzip response (`Accept-Encoding: gzip` or `*`, without `q=0`;
    /// RFC 9110 §12.5.3).
    public var acceptsGzip: Bool {
        for item in headers.values(.acceptEncoding).flatMap({ $0.split(separator: ",") }) {
            let parts = item.split(separator: ";").map { $0.httpTrimmed().lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            // q=0, q=0.0, q=0.000 refuse the coding; any other weight accepts it.
            let refused = parts.dropFirst().contains { parameter in
                let compact = parameter.filter { $0 != " " }
                return compact.hasPrefix("q=0") && !compact.contains(where: { "123456789".contains($0) })
            }
            if !refused { return true }
        }
        return false
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (OWS, RFC 9110 §5.6.3).
    func httpTrimmed() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
