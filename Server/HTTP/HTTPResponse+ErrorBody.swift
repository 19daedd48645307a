extension HTTPResponse {
    /// The contract's error body `{"error":{"code":…,"message":…}}` with the given status.
    ///
    /// Used by the router (404 `not_found`, 405 `method_not_allowed`), by the connection for
    /// protocol errors (400, 413, 415, …) and by the API, so that every error the server writes has
    /// the same shape. Written here, without the domain's JSON codec, so that this layer stands alone.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - code: the stable machine-readable code, e.g. `not_found`.
    ///   - message: one sentence for a person.
    public static func jsonError(status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        var body = "{\"error\":{\"code\":"
        appendJSONString(code, to: &body)
        body += ",\"message\":"
        appendJSONString(message, to: &body)
        body += "}}"
        return HTTPResponse(status: status, headers: [.contentType: "application/json"], body: Array(body.utf8))
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    private static func appendJSONString(_ text: String, to body: inout String) {
        body += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": body += "\\\""
            case "\\": body += "\\\\"
            case "\n": body += "\\n"
            case "\r": body += "\\r"
            case "\t": body += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                body += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: body.unicodeScalars.append(scalar)
            }
        }
        body += "\""
    }
}
