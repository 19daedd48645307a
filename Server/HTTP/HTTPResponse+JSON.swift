import GisementShared

extension HTTPResponse {
    /// A response whose body is `value` as compact JSON, with `Content-Type: application/json`.
    ///
    /// ```swift
    /// return HTTPResponse(json: .object(["status": .string("ok")]))
    /// ```
    public init(json value: JSONValue, status: HTTPStatus = .ok) {
        self.init(status: status, headers: [.contentType: "application/json"], body: JSONWriter.encode(value))
    }

    /// The contract's error body `{"error":{"code":…,"message":…}}` with the given status.
    ///
    /// Used by the router (404 `not_found`, 405 `method_not_allowed`) and by the connection for
    /// protocol errors (400, 413, 415, …), so that every error the server writes has the same shape.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - code: the stable machine-readable code, e.g. `not_found`.
    ///   - message: one sentence for a person.
    public static func jsonError(status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        var error = JSONObject()
        error["code"] = .string(code)
        error["message"] = .string(message)
        return HTTPResponse(json: .object(["error": .object(error)]), status: status)
    }
}
