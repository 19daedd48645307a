import GisementHTTP
import GisementShared

/// `GET /v1/reports/tests/{id}` and `GET /v1/reports/districts/{id}`: the report of a test or a
/// district as `gisement report` prints it, in JSON (the default, byte for byte the client's),
/// CSV or HTML.
///
/// The format is `?format=json|csv|html`, else the first of `text/html`, `text/csv`,
/// `application/json` the `Accept` header names; HTML is in French when `?lang=fr` or
/// `Accept-Language` starts with `fr`, English otherwise (`?lang=en`).
enum ReportAPI {
    enum Format: String, CaseIterable {
        case json, csv, html

        var contentType: String {
            switch self {
            case .json: return "application/json"
            case .csv: return "text/csv; charset=utf-8"
            case .html: return "text/html; charset=utf-8"
            }
        }
    }

    /// A scoped token gets the report of what its scope holds, and 404 for a test or district it
    /// does not hold (contract "Scopes").
    static func report(_ request: HTTPRequest, kind: RecordKind, caller: Caller, context: APIContext) async throws
        -> HTTPResponse
    {
        let format = try format(of: request)
        let language = try language(of: request)
        let id = request.pathParameters["id"] ?? ""
        guard Identifier.isValid(id) else {
            throw APIError.notFound("there is no \(kind.rawValue) with id '\(id.prefix(200))'")
        }
        let scope: ReportScope
        let input: ReportInput
        switch kind {
        case .district:
            scope = .district(id)
            input = try await context.store.reportInput(district: id, scope: caller.tokenScope)
        default:
            scope = .test(id)
            input = try await context.store.reportInput(test: id, scope: caller.tokenScope)
        }
        let report: Report
        do {
            report = try ReportBuilder.make(scope: scope, input: input)
        } catch {
            throw APIError.notFound(
                error.isDeleted
                    ? "the \(kind.rawValue) \(id) was deleted, so it has no report" : "there is no \(kind.rawValue) with id \(id)")
        }
        let body: [UInt8] = Language.$current.withValue(language) {
            switch format {
            case .json: return report.json()
            case .csv: return Array(report.csv().utf8)
            case .html:
                let now = ZonedDateTime.utcString(epochSeconds: context.clock.nowMilliseconds() / 1000)
                return Array(report.html(generatedAt: now).utf8)
            }
        }
        return HTTPResponse(status: .ok, headers: [.contentType: format.contentType], body: body)
    }

    /// `?format=`, else the `Accept` header, else JSON.
    static func format(of request: HTTPRequest) throws -> Format {
        if let text = request.queryValue("format") {
            guard let format = Format(rawValue: text) else {
                throw APIError.badParameter("format must be json, csv or html, got '\(text.prefix(40))'")
            }
            return format
        }
        let accept = (request.headers[HTTPHeaderName("Accept")] ?? "").lowercased()
        var best: (position: String.Index, format: Format)? = nil
        for (type, format) in [("text/html", Format.html), ("text/csv", .csv), ("application/json", .json)] {
            if let range = accept.range(of: type), best == nil || range.lowerBound < best!.position {
                best = (range.lowerBound, format)
            }
        }
        return best?.format ?? .json
    }

    /// `?lang=`, else `Accept-Language` starting with `fr`, else English.
    static func language(of request: HTTPRequest) throws -> Language {
        if let text = request.queryValue("lang") {
            guard let language = Language(rawValue: text) else {
                throw APIError.badParameter("lang must be fr or en, got '\(text.prefix(40))'")
            }
            return language
        }
        let accepted = (request.headers[HTTPHeaderName("Accept-Language")] ?? "").lowercased()
        return accepted.hasPrefix("fr") ? .fr : .en
    }
}
