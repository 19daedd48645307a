/// Accepting connections under the connection bound.
extension ServerLoop {
    /// Accepts what is pending (at most 64 per wake, to stay fair to open connections).
    func acceptConnections(now: UInt64) {
        guard let listener, now >= acceptPausedUntil else { return }
        for _ in 0..<64 {
            let accepted: (socket: Socket, peer: String)
            do {
                accepted = try listener.accept()
            } catch .wouldBlock {
                return
            } catch .disconnected {
                continue  // the client gave up while queued
            } catch {
                // EMFILE/ENFILE: the listener stays readable, so pause accepting rather than spin.
                acceptPausedUntil = now + 100_000_000
                poll.modify(listener.descriptor, interest: .none)
                return
            }
            admit(accepted.socket, peer: accepted.peer, now: now)
        }
    }

    /// Resumes accepting after a pause for lack of descriptors.
    func resumeAcceptingIfPaused(now: UInt64) {
        guard let listener, acceptPausedUntil != 0, now >= acceptPausedUntil else { return }
        acceptPausedUntil = 0
        poll.modify(listener.descriptor, interest: .readable)
    }

    /// Registers a new connection, making room at the bound by closing the oldest idle one;
    /// when none is idle the newcomer gets 503 and is closed.
    private func admit(_ socket: Socket, peer: String, now: UInt64) {
        let active = connections.values.lazy.filter { $0.state != .lingering }.count
        if active >= configuration.maxConnections {
            let oldestIdle = connections.values.filter(\.isIdle).min { $0.lastActivity < $1.lastActivity }
            if let oldestIdle {
                close(oldestIdle)
            } else {
                refuse(socket, peer: peer, now: now)
                return
            }
        }
        register(socket, peer: peer, now: now)
    }

    @discardableResult
    private func register(_ socket: Socket, peer: String, now: UInt64) -> HTTPConnection {
        let connection = HTTPConnection(
            id: nextID, socket: socket, remoteAddress: peer, limits: configuration.limits, now: now,
            headerDeadline: now + headerTimeout)
        nextID += 1
        connections[connection.id] = connection
        poll.register(socket.descriptor, token: connection.id, interest: .readable)
        return connection
    }

    /// 503 with `Retry-After`, then a lingering close (bounded by the linger timeout, not by the bound).
    private func refuse(_ socket: Socket, peer: String, now: UInt64) {
        var response = HTTPResponse.jsonError(
            status: .serviceUnavailable, code: "service_unavailable",
            message: "The server has too many open connections; retry shortly.")
        response.headers[.retryAfter] = "1"
        let connection = register(socket, peer: peer, now: now)
        log(response, method: "-", path: "-", connection: connection, now: now)
        connection.output = response.serialized(keepAlive: false, date: currentDate(now: now))
        connection.closesAfterWrite = true
        connection.state = .writing
        connection.deadline = now + writeTimeout
        flush(connection, now: now)
    }

    /// A log line for a response the loop wrote itself (parse errors, timeouts, refusals).
    func log(_ response: HTTPResponse, method: String, path: String, connection: HTTPConnection, now: UInt64) {
        guard let logger = configuration.logger else { return }
        logger(
            HTTPRequestLog(
                method: method, path: path, status: response.status.code,
                durationMilliseconds: Double(now &- connection.requestStartedAt) / 1_000_000,
                bytes: response.body.count, remoteAddress: connection.remoteAddress))
    }
}
