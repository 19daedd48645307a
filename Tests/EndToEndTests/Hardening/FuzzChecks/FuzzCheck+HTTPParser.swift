@testable import GisementHTTP
@testable import GisementServer

/// The HTTP request parser under arbitrary bytes.
///
/// Properties: it never crashes; every error maps to one of the statuses the server answers with,
/// and its response closes the connection; a failed parser stays failed with the same error;
/// no request exceeds the limits; and feeding the same bytes in chunks of any size yields the
/// same requests and the same success or failure as feeding them at once (the incremental state
/// machine has no split-dependent path).
enum HTTPParserFuzzCheck {
    /// Small bounds, so that fuzzing reaches every limit quickly.
    static let limits = HTTPLimits(maxRequestLineBytes: 96, maxHeaderBytes: 256, maxHeaderCount: 8, maxBodyBytes: 128)
    static let errorStatuses: Set<Int> = [400, 413, 414, 415, 431, 501, 505]
    /// Enough to cover any pipeline the limits allow in a fuzz input.
    static let maxRequests = 64

    /// Checks one input; the first byte picks the chunk size of the incremental run.
    static func check(_ data: [UInt8]) -> FuzzFailure? {
        guard let first = data.first else { return nil }
        let bytes = Array(data.dropFirst())
        let whole = run(bytes, chunk: max(bytes.count, 1))
        if let failure = whole.failure { return failure }
        let chunked = run(bytes, chunk: 1 + Int(first % 17))
        if let failure = chunked.failure { return failure }
        if whole.requests != chunked.requests {
            return "chunked parsing (\(1 + Int(first % 17)) bytes) gave \(chunked.requests), whole gave \(whole.requests)"
        }
        if (whole.error == nil) != (chunked.error == nil) {
            return "whole ended with \(String(describing: whole.error)), chunked with \(String(describing: chunked.error))"
        }
        return nil
    }

    struct Run {
        var requests: [String] = []
        var error: HTTPParseError?
        var failure: FuzzFailure?
    }

    /// Feeds `bytes` `chunk` at a time, taking every complete request after each chunk.
    static func run(_ bytes: [UInt8], chunk: Int) -> Run {
        var parser = HTTPParser(limits: limits)
        var run = Run()
        var offset = 0
        feeding: while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            parser.append(bytes[offset..<end])
            offset = end
            while run.requests.count < maxRequests {
                do {
                    guard let request = try parser.nextRequest() else { break }
                    if let problem = problem(with: request) {
                        run.failure = problem
                        return run
                    }
                    run.requests.append(summary(request))
                } catch {
                    run.error = error
                    run.failure = problem(with: error, parser: &parser)
                    break feeding
                }
            }
        }
        return run
    }

    private static func problem(with request: HTTPRequest) -> FuzzFailure? {
        if request.body.count > limits.maxBodyBytes { return "a body of \(request.body.count) bytes got through" }
        if request.headers.fields.count > limits.maxHeaderCount { return "\(request.headers.fields.count) headers got through" }
        if request.target.utf8.count > limits.maxRequestLineBytes { return "a target of \(request.target.utf8.count) bytes got through" }
        if request.version != "HTTP/1.1" && request.version != "HTTP/1.0" { return "version \(request.version) got through" }
        if request.headers.values(.host).count > 1 { return "two Host fields got through" }
        if request.headers.contains(.transferEncoding) {
            // Only `chunked` alone, on HTTP/1.1, without Content-Length (RFC 9112 §6.1, §7.1).
            let codings = request.headers.values(.transferEncoding).flatMap { $0.split(separator: ",") }
                .map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            if codings != ["chunked"] || request.headers.contains(.contentLength) || request.version != "HTTP/1.1" {
                return "Transfer-Encoding \(codings) got through"
            }
        }
        return nil
    }

    private static func problem(with error: HTTPParseError, parser: inout HTTPParser) -> FuzzFailure? {
        guard errorStatuses.contains(error.status.code) else { return "\(error) maps to status \(error.status.code)" }
        let response = error.response
        guard response.headers[.connection] == "close" else { return "\(error) does not close the connection" }
        let body = String(decoding: response.body, as: UTF8.self)
        guard body.hasPrefix("{\"error\":{\"code\":\"\(error.code)\"") else { return "\(error) answers \(body)" }
        do {
            _ = try parser.nextRequest()
            return "the parser recovered after \(error)"
        } catch let again {
            return again == error ? nil : "the parser failed with \(error), then with \(again)"
        }
    }

    /// What must be identical between two runs: the request as the handler would see it.
    private static func summary(_ request: HTTPRequest) -> String {
        let headers = request.headers.fields.map { "\($0.name.rawValue)=\($0.value)" }.joined(separator: "|")
        let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return "\(request.method.rawValue) \(request.target) [\(request.path)?\(query)] \(request.version) {\(headers)} "
            + "\(request.body)"
    }
}
