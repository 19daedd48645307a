/// The body of every API error: `{"error": {"code": "...", "message": "..."}}`, plus `index`
/// and `field` for `invalid_change` (the first bad change of a push).
///
/// The server encodes it; the client decodes it to tell the user what the server refused.
public struct APIErrorBody: Hashable, Sendable, Error, CustomStringConvertible {
    /// A stable machine code: `invalid_json`, `invalid_change`, `clock_ahead`, `unauthorized`…
    public var code: String
    /// One sentence for people.
    public var message: String
    /// The position of the offending change in the pushed `changes` array.
    public var index: Int?
    /// The offending field of that change.
    public var field: String?

    public init(code: String, message: String, index: Int? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.index = index
        self.field = field
    }

    /// The body for a ``WireError``: its API code, message, index and field.
    public init(_ error: WireError) {
        self.init(code: error.apiCode, message: error.message, index: error.index, field: error.field)
    }

    /// The body as compact JSON; `index` and `field` only when set.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 96 + message.utf8.count)
        writer.raw("{\"error\":{\"code\":")
        writer.string(code)
        writer.raw(",\"message\":")
        writer.string(message)
        if let index {
            writer.raw(",\"index\":")
            writer.integer(Int64(index))
        }
        if let field {
            writer.raw(",\"field\":")
            writer.string(field)
        }
        writer.raw("}}")
        return writer.bytes
    }

    /// Reads an error body; unknown keys are skipped.
    ///
    /// - Throws: ``WireError`` when the bytes are not an error body.
    public static func decode(_ bytes: [UInt8], limits: JSONParser.Limits = JSONParser.Limits()) throws(WireError)
        -> APIErrorBody
    {
        try ChangeDecoder.run(bytes, limits: limits) { decoder throws -> APIErrorBody in
            var body: APIErrorBody?
            try decoder.decodeObject(what: "The error body") { decoder, name in
                guard name == "error" else { return false }
                var code: String?
                var message: String?
                var index: Int64?
                var field: String?
                try decoder.decodeObject(what: "error") { decoder, name in
                    switch name {
                    case "code": code = try decoder.bodyString(name)
                    case "message": message = try decoder.bodyString(name)
                    case "index": index = try decoder.bodyInteger(name)
                    case "field": field = try decoder.bodyString(name)
                    default: return false
                    }
                    return true
                }
                guard let code else { throw decoder.bodyError("code", "The error body has no \"code\".") }
                body = APIErrorBody(
                    code: code, message: message ?? "", index: index.flatMap { Int(exactly: $0) }, field: field)
                return true
            }
            guard let body else { throw decoder.bodyError("error", "The body has no \"error\" object.") }
            return body
        }
    }

    /// `invalid_change: value must be… (change 3, field value)`.
    public var description: String {
        var text = "\(code): \(message)"
        var where_: [String] = []
        if let index { where_.append("change \(index)") }
        if let field { where_.append("field \(field)") }
        if !where_.isEmpty { text += " (" + where_.joined(separator: ", ") + ")" }
        return text
    }
}
