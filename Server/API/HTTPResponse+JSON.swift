import GisementHTTP
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
}
