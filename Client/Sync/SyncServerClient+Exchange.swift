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
                    "The sync ran out of time (limit \(Int(deadline.seconds ?? 0)) seconds) before \(request.label); "
                        + "run it again to go on from where it stopped.")
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
                        "Cannot reach the server at \(serverLabel) (\(error.message))"
                            + (attempt > 1 ? " after \(attempt) attempts." : "."))
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
            let why = response.status == 401 ? "does not know this token" : "does not let this token sync"
            return SyncError(
                .refused,
                "The server at \(serverLabel) refused the token: it \(why)\(detail). Ask an administrator "
                    + "for an agent token (gisement-server token add NAME --role agent) and run "
                    + "'gisement sync --token TOKEN'.",
                apiError: api, status: response.status)
        case (_, "clock_ahead"):
            return SyncError(
                .clockAhead,
                "The server refused changes stamped ahead of its clock\(detail). Set this device's date and time "
                    + "right (automatic time), then sync again.",
                apiError: api, status: response.status)
        case (502, _), (503, _), (504, _):
            return SyncError(
                .unreachable,
                "The server at \(serverLabel) is unavailable (HTTP \(response.status)\(detail)) after "
                    + "\(retry.maxAttempts) attempts.",
                apiError: api, status: response.status)
        case (300..<400, _):
            let target = response.location.map { " to \($0)" } ?? ""
            return SyncError(
                .protocolError,
                "The server at \(serverLabel) redirected \(request)\(target). Redirects are never followed, so that "
                    + "the token goes only to the server you named; if the server moved, check the new address "
                    + "with its administrator and sync with --server NEW-URL.",
                apiError: api, status: response.status)
        case (500..., _), (429, _):
            return SyncError(
                .serverFailure,
                "The server at \(serverLabel) failed on \(request) (HTTP \(response.status)\(detail)) after "
                    + "\(retry.maxAttempts) attempts; try again later, or tell its administrator.",
                apiError: api, status: response.status)
        default:
            return SyncError(
                .protocolError,
                "The server at \(serverLabel) answered \(request) with HTTP \(response.status)\(detail).",
                apiError: api, status: response.status)
        }
    }

    /// The ``SyncError`` for a success whose body cannot be read.
    func unreadable(_ request: String, _ error: any Error) -> SyncError {
        SyncError(
            .protocolError,
            "The server at \(serverLabel) answered \(request) with something this client cannot read (\(error)); "
                + "is it a Gisement server of a compatible version?")
    }
}
