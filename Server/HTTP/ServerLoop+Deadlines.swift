/// Per-connection deadlines: header, body, idle, write and linger.
extension ServerLoop {
    /// Moves the deadline when the parser enters a new phase: the head must arrive within
    /// `headerTimeout` (from accept for a first request, from its first byte for the next ones);
    /// the body must keep a minimum rate (see ``checkBodyRate(of:now:)``).
    func trackPhase(of connection: HTTPConnection, now: UInt64) {
        let phase = connection.parser.phase
        guard phase != connection.trackedPhase else { return }
        let previous = connection.trackedPhase
        connection.trackedPhase = phase
        switch phase {
        case .idle:
            break
        case .head:
            connection.requestStartedAt = now
            connection.deadline = (connection.servedRequests == 0 ? connection.acceptedAt : now) + headerTimeout
        case .body:
            // The body deadline starts once the head is screened and the body admitted (`admitBody`).
            if previous == .idle { connection.requestStartedAt = now }
        }
    }

    /// Closes or answers every connection past its deadline: 408 and close for a late head or body,
    /// a quiet close for an idle keep-alive connection, a stalled write or a finished linger.
    func sweepDeadlines(now: UInt64) {
        resumeAcceptingIfPaused(now: now)
        for connection in Array(connections.values) where connection.deadline <= now {
            switch connection.state {
            case .reading where connection.parser.phase == .idle && connection.servedRequests > 0:
                close(connection)  // idle keep-alive: RFC 9112 §9.5 allows closing at any time
            case .reading where connection.isScreened && checkBodyRate(of: connection, now: now):
                break
            case .reading:
                var response = HTTPResponse.jsonError(
                    status: .requestTimeout, code: "request_timeout",
                    message: "The request did not arrive in time.")
                response.headers[.connection] = "close"
                log(response, method: "-", path: "-", connection: connection, now: now)
                connection.output.append(contentsOf: response.serialized(keepAlive: false, date: currentDate(now: now)))
                connection.closesAfterWrite = true
                connection.state = .writing
                connection.deadline = now + min(writeTimeout, 1_000_000_000)
                flush(connection, now: now)
            case .writing, .lingering:
                close(connection)
            case .handling, .screening:
                break
            }
        }
    }

    /// A body must bring at least ``HTTPServer/Configuration/minimumBodyBytesPerSecond`` in every
    /// rate window (the first window is the grace): a slow link passes, a stalled or trickling
    /// sender is cut after one window instead of holding its slot and memory for minutes.
    /// Returns true when the body is on pace (the next window starts); false means 408.
    private func checkBodyRate(of connection: HTTPConnection, now: UInt64) -> Bool {
        guard connection.parser.awaitedBodyLength != nil else { return false }
        let received = connection.parser.receivedBodyByteCount
        guard received - connection.bodyMark >= bodyBytesPerWindow else { return false }
        connection.bodyMark = received
        connection.deadline = now + bodyWindow
        return true
    }
}
