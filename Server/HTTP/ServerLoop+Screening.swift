/// Screening request heads before their bodies are read, and admitting bodies under the memory budget.
extension ServerLoop {
    /// Asks the screen about a head (or a complete request `held` on a reserved connection);
    /// nothing more is read from the connection until the verdict is back.
    func beginScreening(_ head: HTTPRequest, holding held: HTTPRequest?, on connection: HTTPConnection, now: UInt64) {
        guard let screen = configuration.screen else {
            conclude(Verdict(connectionID: connection.id, verdict: .undecided), holding: held, on: connection, now: now)
            return
        }
        var head = head
        head.remoteAddress = connection.remoteAddress
        connection.state = .screening
        connection.heldRequest = held
        connection.deadline = .max
        inFlight += 1
        updateInterest(connection)
        let id = connection.id
        Task(executorPreference: handlerExecutor) { [self] in
            let verdict = await screen.screen(head)
            post(Verdict(connectionID: id, verdict: verdict, method: head.method.rawValue, path: head.path))
        }
    }

    /// Takes a verdict posted by a screening task.
    func conclude(_ verdict: Verdict, now: UInt64) {
        inFlight -= 1
        guard let connection = connections[verdict.connectionID], connection.state == .screening else { return }
        if stopDeadline != nil {
            close(connection)
            return
        }
        connection.state = .reading
        let held = connection.heldRequest
        connection.heldRequest = nil
        conclude(verdict, holding: held, on: connection, now: now)
    }

    private func conclude(_ verdict: Verdict, holding held: HTTPRequest?, on connection: HTTPConnection, now: UInt64) {
        if case .refused(let response) = verdict.verdict {
            answerAndClose(response, on: connection, now: now, method: verdict.method, path: verdict.path)
            return
        }
        if connection.isReserved, !verdict.verdict.mayUseReservedSlot {
            answerAndClose(Self.tooManyConnectionsResponse(), on: connection, now: now)
            return
        }
        connection.isScreened = true
        if let held {
            dispatch(held, on: connection, now: now)
        } else {
            admitBody(on: connection, now: now)
        }
    }

    /// Reserves the announced body in the budget (503 when it does not fit), then reads it under
    /// the minimum-rate deadline, after `100 Continue` if the client waits for one.
    func admitBody(on connection: HTTPConnection, now: UInt64) {
        guard let length = connection.parser.awaitedBodyLength else { return }
        guard bodyBudget.reserve(length) else {
            answerAndClose(BodyMemoryBudget.overBudgetResponse(), on: connection, now: now)
            return
        }
        connection.reservedBodyBytes = length
        connection.isScreened = true
        connection.parser.reserveBodyCapacity()
        connection.bodyMark = connection.parser.receivedBodyByteCount
        connection.deadline = now + bodyWindow
        if case .body(expectsContinue: true) = connection.parser.phase, !connection.sentContinue {
            // RFC 9110 §10.1.1: tell the client to send the body it is holding back, now that it is wanted.
            connection.sentContinue = true
            connection.output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            flush(connection, now: now)
            guard connections[connection.id] != nil else { return }
        }
        updateInterest(connection)
        process(connection, now: now)  // the body may already be buffered
    }

    /// Gives back a connection's body reservation (on close, or when the request leaves for its task).
    func releaseBodyReservation(of connection: HTTPConnection) -> Int {
        let bytes = connection.reservedBodyBytes
        connection.reservedBodyBytes = 0
        return bytes
    }

    /// Writes `response` with `Connection: close` and closes after it; unread input is not read,
    /// beyond the short linger that lets the client see the answer.
    func answerAndClose(
        _ response: HTTPResponse, on connection: HTTPConnection, now: UInt64, method: String = "-", path: String = "-"
    ) {
        var response = response
        response.headers[.connection] = "close"
        log(response, method: method, path: path, connection: connection, now: now)
        bodyBudget.release(releaseBodyReservation(of: connection))
        connection.output.append(contentsOf: response.serialized(keepAlive: false, date: currentDate(now: now)))
        connection.closesAfterWrite = true
        connection.state = .writing
        connection.deadline = now + writeTimeout
        flush(connection, now: now)
    }

    /// The 503 for a connection that finds no slot (or loses its reserved slot to a newcomer).
    static func tooManyConnectionsResponse() -> HTTPResponse {
        var response = HTTPResponse.jsonError(
            status: .serviceUnavailable, code: "service_unavailable",
            message: "The server has too many open connections; retry shortly.")
        response.headers[.retryAfter] = "1"
        return response
    }
}
