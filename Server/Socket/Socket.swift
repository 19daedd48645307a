#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking TCP socket descriptor. Knows nothing of HTTP.
///
/// A value that names a descriptor; whoever owns it calls ``close()`` exactly once (the event loop
/// does, for the sockets it accepts). Every call goes through ``SystemCall/perform(_:_:)``.
struct Socket: Sendable, Hashable {
    /// The file descriptor.
    let descriptor: Int32

    /// Opens a non-blocking listening socket on `host:port` with `SO_REUSEADDR`, IPv4 or IPv6
    /// depending on what `host` resolves to. Port 0 picks a free port; read it with ``localAddress()``.
    /// - Throws: ``SocketError/failed(operation:errno:message:)`` (for example EADDRINUSE from `bind`).
    static func listening(host: String, port: Int, backlog: Int32 = SOMAXCONN) throws(SocketError) -> Socket {
        let address = try SocketAddress.resolve(host: host, port: port)
        let flags = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let socket = Socket(descriptor: try SystemCall.perform("socket") { Glibc.socket(address.family, flags, 0) })
        do {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
            _ = try address.withSockAddr { pointer, length throws(SocketError) in
                try SystemCall.perform("bind") { Glibc.bind(socket.descriptor, pointer, length) }
            }
            try SystemCall.perform("listen") { Glibc.listen(socket.descriptor, backlog) }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// Accepts one pending connection as a non-blocking socket with `TCP_NODELAY`.
    /// - Returns: the socket and the peer's numeric address.
    /// - Throws: ``SocketError/wouldBlock`` when none is pending, or `failed` (EMFILE when out of descriptors).
    func accept() throws(SocketError) -> (socket: Socket, peer: String) {
        var peer = SocketAddress()
        var length = peer.length
        let accepted = try withUnsafeMutableBytes(of: &peer.storage) { raw throws(SocketError) -> Int32 in
            let pointer = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            return try SystemCall.perform("accept") { Glibc.accept(descriptor, pointer, &length) }
        }
        peer.length = length
        let socket = Socket(descriptor: accepted)
        do {
            try SystemCall.makeNonBlocking(accepted)
        } catch {
            socket.close()
            throw error
        }
        // Responses are written whole; Nagle would only delay the last segment of each.
        try? socket.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        return (socket, peer.hostAndPort.host)
    }

    /// Reads what is available into `buffer`.
    /// - Returns: the number of bytes read, at least 1.
    /// - Throws: ``SocketError/wouldBlock`` when nothing is available, ``SocketError/disconnected`` at end of stream.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        let count = try SystemCall.perform("recv") { Glibc.recv(descriptor, buffer.baseAddress, buffer.count, 0) }
        if count == 0 { throw .disconnected }
        return count
    }

    /// Writes as much of `bytes` as the kernel takes now, with `MSG_NOSIGNAL` so that a closed peer
    /// gives EPIPE (→ ``SocketError/disconnected``) and never SIGPIPE.
    /// - Returns: the number of bytes written.
    func send(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        try SystemCall.perform("send") {
            Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        }
    }

    /// Ends the write side (sends FIN) while still reading, for a lingering close.
    func shutdownWrite() {
        _ = try? SystemCall.perform("shutdown") { Glibc.shutdown(descriptor, Int32(SHUT_WR)) }
    }

    /// The bound address (the real port after binding port 0).
    func localAddress() throws(SocketError) -> (host: String, port: Int) {
        var address = SocketAddress()
        try withUnsafeMutableBytes(of: &address.storage) { raw throws(SocketError) in
            let pointer = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            var length = socklen_t(raw.count)
            try SystemCall.perform("getsockname") { getsockname(descriptor, pointer, &length) }
        }
        return address.hostAndPort
    }

    /// Sets an integer socket option.
    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        try SystemCall.perform("setsockopt") {
            setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Releases the descriptor; call once.
    func close() { SystemCall.close(descriptor) }
}
