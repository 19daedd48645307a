import GisementShared

extension SyncServerClient {
    /// Sends `request`, retrying transient failures under ``retry`` within the ``deadline``.
    ///
    /// Returns the first answer that is not worth retrying (any status but 5xx and 429, or the
    /// last 5xx/429 once the attempts are spent).
    /// - Throws: ``SyncError`` `.unreachable` when no answer came after every attempt, `.timedOut`
    ///   when the overall deadline ran out.
    func exchange(_ request: SyncHTTPRequest) throws(SyncError) -> SyncHTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            if deadline.hasExpired {
                throw SyncError(
                    .timedOut,
                    localized(
                        "syncError.outOfTime", ["seconds": String(Int(deadline.seconds ?? 0)), "request": request.label]))
            }
            requestCount += 1
            let timeout = deadline.timeout(forRequest: requestTimeout)
            let outcome: Result<SyncHTTPResponse, TransportError>
            do {
                outcome = .success(try transport.send(request, timeout: timeout))
            } catch {
                outcome = .failure(error)
            }
            var retryAfter: Double? = nil
            switch outcome {
            case .success(let response):
                guard SyncServerClient.isTransient(status: response.status), attempt < retry.maxAttempts else {
                    return response
                }
                retryAfter = response.retryAfter
            case .failure(let error):
                if error.kind == .unreadableAnswer { throw unreadable(request.label, error) }
                guard error.isTransient, attempt < retry.maxAttempts else {
                    throw SyncError(
                        error.kind == .badRequest ? .notConfigured : .unreachable,
                        localized(
                            attempt > 1 ? "syncError.unreachableAfter" : "syncError.unreachable",
                            ["server": serverLabel, "reason": error.message, "attempts": String(attempt)]))
                }
            }
            retryCount += 1
            sleeper.sleep(retry.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &rng))
        }
    }

    /// Whether an HTTP status is worth another try: 5xx (the server failed or restarts), 429 (busy), 408.
    static func isTransient(status: Int) -> Bool {
        status >= 500 || status == 429 || status == 408
    }

    /// The ``SyncError`` for an answer that is not a success.
    func failure(_ response: SyncHTTPResponse, request: String) -> SyncError {
        let api = try? APIErrorBody.decode(response.body)
        let detail = api.map { ": \($0.message)" } ?? ""
        switch (response.status, api?.code) {
        case (401, _), (403, _):
            return SyncError(
                .refused,
                localized(
                    response.status == 401 ? "syncError.unknownToken" : "syncError.forbiddenToken",
                    ["server": serverLabel, "detail": detail]),
                apiError: api, status: response.status)
        case (_, "clock_ahead"):
            return SyncError(
                .clockAhead,
                localized("syncError.clockAhead", ["detail": detail]),
                apiError: api, status: response.status)
        case (502, _), (503, _), (504, _):
            return SyncError(
                .unreachable,
                localized(
                    "syncError.unavailable",
                    ["server": serverLabel, "status": String(response.status), "detail": detail,
                     "attempts": String(retry.maxAttempts)]),
                apiError: api, status: response.status)
        case (300..<400, _):
            return SyncError(
                .protocolError,
                localized(
                    response.location == nil ? "syncError.redirected" : "syncError.redirectedTo",
                    ["server": serverLabel, "request": request, "target": response.location ?? ""]),
                apiError: api, status: response.status)
        case (500..., _), (429, _):
            return SyncError(
                .serverFailure,
                localized(
                    "syncError.serverFailed",
                    ["server": serverLabel, "request": request, "status": String(response.status), "detail": detail,
                     "attempts": String(retry.maxAttempts)]),
                apiError: api, status: response.status)
        default:
            return SyncError(
                .protocolError,
                localized(
                    "syncError.unexpectedStatus",
                    ["server": serverLabel, "request": request, "status": String(response.status), "detail": detail]),
                apiError: api, status: response.status)
        }
    }

    /// The ``SyncError`` for a success whose body cannot be read.
    func unreadable(_ request: String, _ error: any Error) -> SyncError {
        SyncError(
            .protocolError,
            localized("syncError.unreadable", ["server": serverLabel, "request": request, "reason": "\(error)"]))
    }
}
