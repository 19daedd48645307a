/// Why a request could not be read. Every case maps to a status, a contract error code and a
/// sentence, and is answered once with `Connection: close`: the parser never closes silently, and
/// after an error it reads nothing more from the connection (so a smuggling probe gets one answer).
public enum HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request line is not `method SP target SP version` (RFC 9112 §3).
    case invalidRequestLine
    /// The method is not a token (RFC 9110 §9.1).
    case invalidMethod
    /// The target has bytes outside VCHAR, a bad percent escape, or is not origin/absolute/asterisk form
    /// (RFC 9112 §3.2).
    case invalidTarget
    /// The version is not `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3).
    case invalidVersion
    /// A well-formed version other than HTTP/1.0 and HTTP/1.1 → 505.
    case unsupportedVersion(String)
    /// The request line is longer than ``HTTPLimits/maxRequestLineBytes`` → 414.
    case requestLineTooLong
    /// The header section is larger than ``HTTPLimits/maxHeaderBytes`` → 431.
    case headersTooLarge
    /// More header fields than ``HTTPLimits/maxHeaderCount`` → 431.
    case tooManyHeaders
    /// A field name is empty, not a token, or followed by whitespace before the colon (RFC 9112 §5.1).
    case invalidHeaderName
    /// A field value holds a control character (RFC 9110 §5.5).
    case invalidHeaderValue(name: String)
    /// A field line starts with whitespace: obsolete line folding (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A line ends with LF alone; this server takes CRLF only (RFC 9112 §2.2).
    case bareLineFeed
    /// HTTP/1.1 without Host (RFC 9112 §3.2).
    case missingHost
    /// More than one Host field (RFC 9112 §3.2).
    case duplicateHost
    /// Content-Length is not one run of digits (RFC 9112 §6.3 ¶5).
    case invalidContentLength
    /// Content-Length is repeated or a list, equal or conflicting (RFC 9112 §6.3 ¶5).
    case duplicateContentLength
    /// Content-Length together with Transfer-Encoding: a smuggling vector (RFC 9112 §6.1 ¶15, §11.2).
    case contentLengthWithTransferEncoding
    /// Transfer-Encoding on HTTP/1.0: faulty framing (RFC 9112 §6.1 ¶16).
    case transferEncodingOnHTTP10
    /// A Transfer-Encoding other than `chunked` alone → 501 (RFC 9112 §6.1 ¶14).
    case unsupportedTransferEncoding
    /// A chunked body whose framing is broken: a bad chunk size, no CRLF after a chunk's data, a
    /// chunk-size line or trailer section too long (RFC 9112 §7.1).
    case invalidChunkedBody
    /// The declared or decompressed body is larger than ``HTTPLimits/maxBodyBytes`` → 413.
    case bodyTooLarge(limit: Int)
    /// A Content-Encoding other than gzip or identity → 415 (RFC 9110 §8.4).
    case unsupportedContentEncoding(String)
    /// A gzip body that does not inflate → 400.
    case invalidContentEncoding

    /// The status this error is answered with.
    public var status: HTTPStatus {
        switch self {
        case .unsupportedVersion: .httpVersionNotSupported
        case .requestLineTooLong: .uriTooLong
        case .headersTooLarge, .tooManyHeaders: .headerFieldsTooLarge
        case .unsupportedTransferEncoding: .notImplemented
        case .bodyTooLarge: .payloadTooLarge
        case .unsupportedContentEncoding: .unsupportedMediaType
        default: .badRequest
        }
    }

    /// The contract's error code for the JSON body.
    public var code: String {
        switch self {
        case .unsupportedVersion: "http_version_not_supported"
        case .requestLineTooLong: "uri_too_long"
        case .headersTooLarge, .tooManyHeaders: "header_fields_too_large"
        case .unsupportedTransferEncoding: "not_implemented"
        case .bodyTooLarge: "payload_too_large"
        case .unsupportedContentEncoding: "unsupported_media_type"
        default: "bad_request"
        }
    }

    public var description: String {
        switch self {
        case .invalidRequestLine: "The request line is malformed."
        case .invalidMethod: "The request method is not a valid token."
        case .invalidTarget: "The request target is malformed."
        case .invalidVersion: "The HTTP version is malformed."
        case .unsupportedVersion(let version): "\(version) is not supported; use HTTP/1.1."
        case .requestLineTooLong: "The request line is too long."
        case .headersTooLarge: "The request header section is too large."
        case .tooManyHeaders: "The request has too many header fields."
        case .invalidHeaderName: "A header field name is malformed."
        case .invalidHeaderValue(let name): "The value of header field \(name) holds a control character."
        case .obsoleteLineFolding: "Obsolete header line folding is not accepted."
        case .bareLineFeed: "Lines must end with CRLF."
        case .missingHost: "An HTTP/1.1 request needs a Host header field."
        case .duplicateHost: "The request has more than one Host header field."
        case .invalidContentLength: "Content-Length must be a non-negative decimal number."
        case .duplicateContentLength: "Content-Length must appear once, with one value."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding must not both be sent."
        case .transferEncodingOnHTTP10: "Transfer-Encoding is not allowed on HTTP/1.0."
        case .unsupportedTransferEncoding: "Only Transfer-Encoding: chunked is supported; send chunked or Content-Length."
        case .invalidChunkedBody: "The chunked body is malformed (RFC 9112 §7.1)."
        case .bodyTooLarge(let limit): "The request body is larger than the limit of \(limit) bytes."
        case .unsupportedContentEncoding(let coding): "Content-Encoding \(coding) is not supported; use gzip."
        case .invalidContentEncoding: "The gzip request body is corrupt."
        }
    }

    /// The response for this error: the contract's JSON error body and `Connection: close`.
    public var response: HTTPResponse {
        var response = HTTPResponse.jsonError(status: status, code: code, message: description)
        response.headers[.connection] = "close"
        return response
    }
}
