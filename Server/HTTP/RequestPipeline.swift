import Dispatch
import GisementGzip

/// What happens to one complete request off the loop thread: body decoding, the handler, response
/// compression, serialisation and the log line.
///
/// Runs in the request's `Task`, so gzip work and handler time never stall the event loop.
struct RequestPipeline: Sendable {
    let handler: any HTTPHandler
    let configuration: HTTPServer.Configuration
    /// Inflated bodies are counted here while they exist.
    let bodyBudget: BodyMemoryBudget

    /// The response to write (compressed if accepted) and whether the client allows keeping the
    /// connection open after it. The loop serialises it, because only the loop knows whether the
    /// server started stopping meanwhile (then the answer says `Connection: close`).
    func respond(to request: HTTPRequest, keepAlive: Bool, startedAt: UInt64) async -> (response: HTTPResponse, keepAlive: Bool) {
        var request = request
        var keepAlive = keepAlive
        var response: HTTPResponse
        var inflatedBytes = 0
        defer { bodyBudget.release(inflatedBytes) }
        do throws(BodyProblem) {
            inflatedBytes = try await decodeBody(of: &request)
            do {
                response = try await handler.handle(request)
            } catch {
                response = .jsonError(
                    status: .internalServerError, code: "internal", message: "The server could not answer this request.")
                response.logFields["error"] = String(describing: error)
            }
        } catch {
            switch error {
            case .overBudget: response = BodyMemoryBudget.overBudgetResponse()
            case .invalid(let problem): response = problem.response
            }
        }
        if let connection = response.headers[.connection], connection.lowercased().contains("close") {
            keepAlive = false
        }
        if configuration.compressesResponses {
            response.compressIfAccepted(by: request, threshold: configuration.compressionThreshold)
        }
        if let logger = configuration.logger {
            let elapsed = Double(MonotonicClock.now() &- startedAt) / 1_000_000
            logger(
                HTTPRequestLog(
                    method: request.method.rawValue, path: request.path, status: response.status.code,
                    durationMilliseconds: elapsed, bytes: request.method == .HEAD ? 0 : response.body.count,
                    remoteAddress: request.remoteAddress, fields: response.logFields))
        }
        return (response, keepAlive)
    }

    /// Inflates a gzip body with the body limit as a hard cap (RFC 9110 §8.4); other codings → 415.
    /// Returns the bytes the inflated body holds in the budget, for the caller to give back.
    private func decodeBody(of request: inout HTTPRequest) async throws(BodyProblem) -> Int {
        guard let coding = request.headers[.contentEncoding]?.httpTrimmed().lowercased(), !coding.isEmpty else { return 0 }
        switch coding {
        case "identity":
            return 0
        case "gzip", "x-gzip":
            do {
                request.body = try await inflate(request.body).get()
                request.headers[.contentEncoding] = nil
                return request.body.count
            } catch .tooLarge {
                throw .invalid(.bodyTooLarge(limit: configuration.limits.maxBodyBytes))
            } catch .notAdmitted {
                throw .overBudget
            } catch {
                throw .invalid(.invalidContentEncoding)
            }
        default:
            throw .invalid(.unsupportedContentEncoding(coding))
        }
    }

    /// Request bodies are inflated one at a time on this queue: a gzip bomb costs CPU until the
    /// limit is reached, and one queue keeps any number of them to one core, so health and
    /// ordinary requests keep the others.
    private static let inflationQueue = DispatchQueue(label: "gisement.http.inflate", qos: .utility)

    private func inflate(_ body: [UInt8]) async -> Result<[UInt8], Gzip.Failure> {
        let limit = configuration.limits.maxBodyBytes
        let budget = bodyBudget
        return await withCheckedContinuation { continuation in
            Self.inflationQueue.async {
                var reserved = 0
                let result = Result { () throws(Gzip.Failure) in
                    try Gzip.decompress(body, limit: limit) { size in
                        guard budget.reserve(size) else { return false }
                        reserved = size
                        return true
                    }
                }
                // Reserved but not inflated (zlib could not start the second pass): give it back.
                if case .failure = result, reserved > 0 { budget.release(reserved) }
                continuation.resume(returning: result)
            }
        }
    }

    /// Why a body could not be decoded: a client error, or no room in the memory budget (503).
    enum BodyProblem: Error {
        case invalid(HTTPParseError)
        case overBudget
    }
}
