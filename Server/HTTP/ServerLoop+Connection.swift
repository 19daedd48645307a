/// Reading, parsing, dispatching and writing one connection.
extension ServerLoop {
    /// Reacts to readiness on a connection.
    func handle(_ event: PollSet.Event, now: UInt64) {
        guard let connection = connections[event.token] else { return }
        if event.isWritable, connection.hasPendingOutput {
            flush(connection, now: now)
            guard connections[connection.id] != nil else { return }
        }
        if event.isReadable, connection.state == .reading || connection.state == .lingering {
            read(connection, now: now)
        } else if event.isHangUp {
            // Error or hang-up with nothing to read: the peer is gone (an in-flight answer is dropped).
            close(connection)
        }
    }

    /// Reads what is available (up to 256 KiB per wake, for fairness) and parses it.
    func read(_ connection: HTTPConnection, now: UInt64) {
        for _ in 0..<4 {
            let count: Int
            do throws(SocketError) {
                count = try scratch.withUnsafeMutableBytes { buffer in
                    Result { () throws(SocketError) in try connection.socket.receive(into: buffer) }
                }.get()
            } catch .wouldBlock {
                break
            } catch {
                close(connection)  // end of stream or reset: nobody is left to answer
                return
            }
            connection.lastActivity = now
            if connection.state == .lingering {
                connection.lingeringBytes += count
                if connection.lingeringBytes > 256 * 1024 { close(connection); return }
                continue
            }
            scratch.withUnsafeBytes { connection.parser.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            if count < scratch.count { break }
        }
        if connection.state == .reading { process(connection, now: now) }
    }

    /// Parses the next request out of what was read: dispatches it, answers a parse error, or waits.
    func process(_ connection: HTTPConnection, now: UInt64) {
        guard connection.state == .reading else { return }
        do {
            if let request = try connection.parser.nextRequest() {
                if connection.isReserved, !connection.isScreened {
                    beginScreening(request, holding: request, on: connection, now: now)
                } else {
                    dispatch(request, on: connection, now: now)
                }
            } else {
                trackPhase(of: connection, now: now)
                if !connection.isScreened, let head = connection.parser.awaitedHead {
                    // The head is complete: judge it before reading (or inflating) its body.
                    if configuration.screen == nil, !connection.isReserved {
                        admitBody(on: connection, now: now)
                    } else {
                        beginScreening(head, holding: nil, on: connection, now: now)
                    }
                    return
                }
                updateInterest(connection)
            }
        } catch {
            respond(to: error, on: connection, now: now)
        }
    }

    /// Hands a request to the handler in a task; the connection reads nothing more until it is answered.
    func dispatch(_ request: HTTPRequest, on connection: HTTPConnection, now: UInt64) {
        var request = request
        request.remoteAddress = connection.remoteAddress
        connection.state = .handling
        connection.deadline = .max
        inFlight += 1
        updateInterest(connection)
        let keepAlive = request.prefersKeepAlive && stopDeadline == nil
        let startedAt = connection.parser.phase == .idle && connection.trackedPhase == .idle ? now : connection.requestStartedAt
        let id = connection.id
        let pipeline = pipeline
        let reservedBytes = releaseBodyReservation(of: connection)
        Task(executorPreference: handlerExecutor) { [self] in
            let (response, keepAlive) = await pipeline.respond(to: request, keepAlive: keepAlive, startedAt: startedAt)
            bodyBudget.release(reservedBytes)  // the body is gone with the request
            post(Completion(connectionID: id, response: response, method: request.method, keepAlive: keepAlive))
        }
    }

    /// Queues a task's response on its connection, if the connection is still there.
    func complete(_ completion: Completion, now: UInt64) {
        inFlight -= 1
        guard let connection = connections[completion.connectionID], connection.state == .handling else { return }
        connection.closesAfterWrite = !completion.keepAlive || stopDeadline != nil || connection.isReserved
        connection.output.append(
            contentsOf: completion.response.serialized(
                for: completion.method, keepAlive: !connection.closesAfterWrite, date: currentDate(now: now)))
        connection.state = .writing
        connection.deadline = now + writeTimeout
        flush(connection, now: now)
    }

    /// Answers a parse error once with `Connection: close`; nothing more is read from this client.
    func respond(to error: HTTPParseError, on connection: HTTPConnection, now: UInt64) {
        let response = error.response
        log(response, method: "-", path: "-", connection: connection, now: now)
        connection.output.append(contentsOf: response.serialized(keepAlive: false, date: currentDate(now: now)))
        connection.closesAfterWrite = true
        connection.state = .writing
        connection.deadline = now + writeTimeout
        flush(connection, now: now)
    }

    /// Writes pending output; when a response is fully written, closes or goes back to reading.
    func flush(_ connection: HTTPConnection, now: UInt64) {
        while connection.hasPendingOutput {
            do throws(SocketError) {
                let offset = connection.outputOffset
                let written = try connection.output.withUnsafeBytes { bytes in
                    Result { () throws(SocketError) in
                        try connection.socket.send(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                    }
                }.get()
                connection.outputOffset += written
                connection.lastActivity = now
            } catch .wouldBlock {
                updateInterest(connection)
                return
            } catch {
                close(connection)
                return
            }
        }
        if connection.output.capacity > 1 << 20 {
            connection.output = []
        } else {
            connection.output.removeAll(keepingCapacity: true)
        }
        connection.outputOffset = 0
        guard connection.state == .writing else { return }
        if connection.closesAfterWrite {
            linger(connection, now: now)
            return
        }
        connection.state = .reading
        connection.servedRequests += 1
        connection.sentContinue = false
        connection.isScreened = false
        connection.trackedPhase = .idle
        connection.deadline = now + idleTimeout
        updateInterest(connection)
        process(connection, now: now)  // a pipelined request may already be buffered
    }

    /// Shuts the write side and drains input for a moment, so the client reads the last response
    /// before the kernel could answer unread input with a reset.
    private func linger(_ connection: HTTPConnection, now: UInt64) {
        connection.state = .lingering
        connection.socket.shutdownWrite()
        connection.deadline = now + lingerTimeout
        connection.parser = HTTPParser(limits: HTTPLimits(maxBodyBytes: 0))
        updateInterest(connection)
    }

    /// Makes the poll set watch what the connection's state needs.
    func updateInterest(_ connection: HTTPConnection) {
        let wanted = connection.wantedInterest
        if wanted != connection.interest {
            connection.interest = wanted
            poll.modify(connection.socket.descriptor, interest: wanted)
        }
    }

    /// Unregisters and closes a connection; a response still in flight for it is dropped on arrival.
    func close(_ connection: HTTPConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        bodyBudget.release(releaseBodyReservation(of: connection))
        poll.unregister(connection.socket.descriptor)
        connection.socket.close()
    }
}
