/// What happens to one complete request off the loop thread: body decoding, the handler, response
/// compression, serialisation and the log line.
///
/// Runs in the request's `Task`, so gzip work and handler time never stall the event loop.
struct RequestPipeline: Sendable {
    let handler: any HTTPHandler
    let configuration: HTTPServer.Configuration

    /// The response to write (compressed if accepted) and whether the client allows keeping the
    /// connection open after it. The loop serialises it, because only the loop knows whether the
    /// server started stopping meanwhile (then the answer says `Connection: close`).
    func respond(to request: HTTPRequest, keepAlive: Bool, startedAt: UInt64) async -> (response: HTTPResponse, keepAlive: Bool) {
        var request = request
        var keepAlive = keepAlive
        var response: HTTPResponse
        do throws(HTTPParseError) {
            try decodeBody(of: &request)
            do {
                response = try await handler.handle(request)
            } catch {
                response = .jsonError(
                    status: .internalServerError, code: "internal", message: "The server could not answer this request.")
                response.logFields["error"] = String(describing: error)
            }
        } catch {
            response = error.response
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
    private func decodeBody(of request: inout HTTPRequest) throws(HTTPParseError) {
        guard let coding = request.headers[.contentEncoding]?.httpTrimmed().lowercased(), !coding.isEmpty else { return }
        switch coding {
        case "identity":
            return
        case "gzip", "x-gzip":
            do {
                request.body = try Gzip.decompress(request.body, limit: configuration.limits.maxBodyBytes)
                request.headers[.contentEncoding] = nil
            } catch .tooLarge {
                throw .bodyTooLarge(limit: configuration.limits.maxBodyBytes)
            } catch {
                throw .invalidContentEncoding
            }
        default:
            throw .unsupportedContentEncoding(coding)
        }
    }
}
