import GisementHTTP
import GisementShared

/// The one error type of the API layer: an HTTP status, a stable machine code and one sentence.
///
/// Rendered as `{"error":{"code":"…","message":"…"}}`, plus `index` and `field` for
/// `invalid_change` (the first bad change of a push). Any other error a handler throws
/// becomes ``internal`` and is logged once; its details never reach the client.
///
/// ```swift
/// throw APIError.notFound("no collection with id c-7f3a")
/// ```
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: HTTPStatus
    /// `invalid_json`, `invalid_change`, `clock_ahead`, `unauthorized`, … (see docs/protocol.md).
    public var code: String
    public var message: String
    /// Position of the first bad change in a push (from 0).
    public var index: Int?
    /// The field of that change that is wrong (`value`, `hlc`, `clock`, …).
    public var field: String?

    public init(status: HTTPStatus, code: String, message: String, index: Int? = nil, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.index = index
        self.field = field
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body.
    public var json: JSONValue {
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        if let index { error["index"] = .integer(Int64(index)) }
        if let field { error["field"] = .string(field) }
        return .object(["error": .object(error)])
    }

    /// The whole response.
    /// A 401 says which scheme to use (RFC 9110 §11.6.1: a 401 carries `WWW-Authenticate`).
    public var response: HTTPResponse {
        var response = HTTPResponse(json: json, status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    // MARK: The codes of the contract

    public static func invalidJSON(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_json", message: message)
    }

    public static func invalidChange(_ message: String, index: Int, field: String?) -> APIError {
        APIError(status: .badRequest, code: "invalid_change", message: message, index: index, field: field)
    }

    public static func clockAhead(_ message: String, index: Int) -> APIError {
        APIError(status: .badRequest, code: "clock_ahead", message: message, index: index, field: "hlc")
    }

    /// A query parameter or path segment that makes no sense (`since=-1`, `limit=abc`).
    public static func badParameter(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_request", message: message)
    }

    /// The one 401 body, whatever the reason (missing, malformed, unknown or revoked token),
    /// so that a caller learns nothing about which tokens exist.
    public static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized",
        message: "a valid token is required: send 'Authorization: Bearer <token>' with a token from 'gisement-server token add'")

    public static func forbidden(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "forbidden", message: message)
    }

    /// Two copies of one replica file pushed different changes under one dot (409).
    public static func replicaConflict(_ message: String, index: Int) -> APIError {
        APIError(status: .conflict, code: "replica_conflict", message: message, index: index, field: "counter")
    }

    /// A push under a replica id that another token owns (403).
    public static func replicaOwned(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "replica_owned", message: message)
    }

    /// A change that is not relayed but names another replica than the push (403).
    public static func replicaMismatch(_ message: String, index: Int) -> APIError {
        APIError(status: .forbidden, code: "replica_mismatch", message: message, index: index, field: "replica")
    }

    public static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    public static func methodNotAllowed(_ message: String) -> APIError {
        APIError(status: .methodNotAllowed, code: "method_not_allowed", message: message)
    }

    public static func payloadTooLarge(_ message: String) -> APIError {
        APIError(status: .payloadTooLarge, code: "payload_too_large", message: message)
    }

    public static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "unsupported_media_type",
        message: "send the body as JSON with 'Content-Type: application/json'")

    /// The store's database cannot be reached now (PostgreSQL restarting): nothing of the request
    /// was stored; send it again.
    public static let unavailable = APIError(
        status: .serviceUnavailable, code: "unavailable",
        message: "the server's database is unavailable for a moment; nothing of this request was stored, try again shortly")

    /// What a client sees of an unexpected failure: nothing but that it happened.
    public static let `internal` = APIError(
        status: .internalServerError, code: "internal",
        message: "the server failed to handle this request; it was logged, try again later")
}

extension HTTPResponse {
    /// A response whose body is already JSON text (the change codec's output).
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: [.contentType: "application/json"], body: bytes)
    }
}
