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

    /// Registers a new connection under two bounds: the open connections in all, and those from
    /// one address. At a bound, the oldest idle connection (of that address, when it is the
    /// address's bound) is closed to make room; when none is idle, the newcomer gets one of the
    /// few reserved slots, kept for `/v1/health` and authenticated clients; when those are full
    /// too, it gets 503 and is closed.
    private func admit(_ socket: Socket, peer: String, now: UInt64) {
        var total = 0
        var fromPeer = 0
        for connection in connections.values where connection.state != .lingering && !connection.isReserved {
            total += 1
            if connection.remoteAddress == peer { fromPeer += 1 }
        }
        let peerIsFull = fromPeer >= configuration.maxConnectionsPerAddress
        if total >= configuration.maxConnections || peerIsFull {
            if closeOldestIdle(from: peerIsFull ? peer : nil, now: now) {
                // room made
            } else if makeReservedSlot(now: now) {
                register(socket, peer: peer, now: now).isReserved = true
                return
            } else {
                refuse(socket, peer: peer, now: now)
                return
            }
        }
        register(socket, peer: peer, now: now)
    }

    /// Closes the oldest idle connection (of `peer`, when given). A connection that looks idle may
    /// have its next head waiting in the kernel: it is read first, and then served rather than closed.
    private func closeOldestIdle(from peer: String?, now: UInt64) -> Bool {
        let idle = connections.values
            .filter { $0.isIdle && !$0.isReserved && (peer == nil || $0.remoteAddress == peer) }
            .sorted { $0.lastActivity < $1.lastActivity }
        for candidate in idle.prefix(8) {
            read(candidate, now: now)
            guard connections[candidate.id] != nil else { return true }
            if candidate.isIdle {
                close(candidate)
                return true
            }
        }
        return false
    }

    /// Whether a reserved slot is free, freeing one if needed: the oldest reserved connection that
    /// has not finished its head is answered 503, since health checks and real clients send theirs
    /// at once. An attacker holding reserved slots with slow heads therefore loses them to newcomers.
    private func makeReservedSlot(now: UInt64) -> Bool {
        guard configuration.reservedConnections > 0 else { return false }
        let reserved = connections.values.filter { $0.isReserved && $0.state != .lingering }
        if reserved.count < configuration.reservedConnections { return true }
        for candidate in reserved.filter({ $0.state == .reading }).sorted(by: { $0.acceptedAt < $1.acceptedAt }) {
            // Its head may be waiting in the kernel (a health check sends it with the connect):
            // read it first, so that only a connection that really has not sent its head loses the slot.
            read(candidate, now: now)
            guard connections[candidate.id] != nil else { return true }
            // A part of a head is a slow head: it goes. A connection that sent nothing yet goes only
            // after a second, so a client that is just about to send its head keeps its slot.
            let isSlowHead = candidate.parser.phase != .idle || now &- candidate.acceptedAt > 1_000_000_000
            if candidate.state == .reading, isSlowHead {
                answerAndClose(Self.tooManyConnectionsResponse(), on: candidate, now: now)
                return true
            }
        }
        return false
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
        let response = Self.tooManyConnectionsResponse()
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
