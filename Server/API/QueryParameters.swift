import GisementHTTP
import GisementShared

/// Reads and checks query parameters, answering 400 with a sentence that says what to send.
struct QueryParameters {
    let request: HTTPRequest

    /// A feed or log position: a whole number ≥ 0; `fallback` when absent.
    func position(_ name: String, fallback: Int64 = 0) throws -> Int64 {
        guard let text = request.queryValue(name) else { return fallback }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.badParameter("\(name) must be a whole number of 0 or more, got '\(text.prefix(40))'")
        }
        return value
    }

    /// A page size between 1 and `maximum`; `fallback` when absent.
    func limit(fallback: Int = 1000, maximum: Int = 10_000) throws -> Int {
        guard let text = request.queryValue("limit") else { return fallback }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw APIError.badParameter("limit must be a whole number from 1 to \(maximum), got '\(text.prefix(40))'")
        }
        return value
    }

    /// An id-like parameter (`exclude_replica`, `id`), checked against the id syntax.
    func identifier(_ name: String) throws -> String? {
        guard let text = request.queryValue(name) else { return nil }
        if let problem = Identifier.problem(with: text) {
            throw APIError.badParameter("\(name) \(problem)")
        }
        return text
    }

    /// A record kind, singular or plural.
    func kind(_ name: String) throws -> RecordKind? {
        guard let text = request.queryValue(name) else { return nil }
        guard let kind = RecordKind(name: text) else {
            throw APIError.badParameter(
                "\(name) '\(text.prefix(40))' is not a kind; use one of "
                    + RecordKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return kind
    }

    /// Any other text parameter, at most 200 bytes.
    func text(_ name: String) throws -> String? {
        guard let text = request.queryValue(name) else { return nil }
        guard !text.isEmpty, text.utf8.count <= 200 else {
            throw APIError.badParameter("\(name) must be 1 to 200 characters long")
        }
        return text
    }
}
