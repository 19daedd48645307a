import Foundation

/// A TCP proxy on 127.0.0.1 in front of a server that can go silent: a network partition as a
/// client sees it. While frozen, no byte moves in either direction, yet every connection stays
/// open (no FIN, no RST); thawed, the relays go on where they stopped, as TCP would deliver what
/// waited once the network is back.
///
/// The freeze starts at once (``freeze()``) or when a client sends a chosen text on a connection
/// that sent another one before (``freeze(whenClientSends:after:)``): `COMMIT` after
/// `READ COMMITTED` freezes a write transaction just before it commits, its `COMMIT` held back.
public final class FreezingProxy: @unchecked Sendable {
    private struct Trigger {
        var marker: [UInt8]
        var after: [UInt8]
    }

    private let upstreamPort: Int
    private var listener: LoopbackListener!
    private let lock = NSLock()
    private var frozen = false
    private var trigger: Trigger?
    private var triggered = false

    public var port: Int { listener.port }

    /// - Parameter upstreamPort: the server's TCP port on 127.0.0.1.
    public init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        // The listener's threads hold this proxy until it stops, as relays need it.
        listener = try LoopbackListener(backlog: 64) { [self] client in relay(client) }
    }

    /// Stops forwarding on every connection, new ones included (they are accepted, then silent).
    public func freeze() { lock.withLock { frozen = true } }

    /// Freezes everything when a client sends `marker` on a connection that sent `after` before;
    /// the chunk holding `marker` waits for ``thaw()``.
    public func freeze(whenClientSends marker: String, after: String) {
        lock.withLock {
            trigger = Trigger(marker: Array(marker.utf8), after: Array(after.utf8))
            triggered = false
        }
    }

    /// Whether the trigger of ``freeze(whenClientSends:after:)`` fired.
    public var hasTriggered: Bool { lock.withLock { triggered } }

    /// Forwards again, held bytes first.
    public func thaw() {
        lock.withLock {
            frozen = false
            trigger = nil
        }
    }

    /// Stops accepting; open relays end when either side closes.
    public func stop() { listener.stop() }

    private var isFrozen: Bool { lock.withLock { frozen } }

    /// Whether `chunk` from a client that `sawAfter` fires the trigger (which then freezes all).
    private func fires(_ chunk: [UInt8], sawAfter: inout Bool) -> Bool {
        lock.withLock {
            guard let trigger else { return false }
            if !sawAfter, chunk.firstRange(of: trigger.after) != nil { sawAfter = true }
            guard sawAfter, chunk.firstRange(of: trigger.marker) != nil else { return false }
            self.trigger = nil
            triggered = true
            frozen = true
            return true
        }
    }

    private func relay(_ client: Int32) {
        guard let upstream = LoopbackListener.connect(toPort: upstreamPort) else {
            close(client)
            return
        }
        defer {
            close(client)
            close(upstream)
        }
        var sawAfter = false
        var held: [UInt8] = []
        var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if isFrozen {
                // Nothing read, nothing sent: the peers' bytes wait in the kernel's buffers.
                usleep(20_000)
                continue
            }
            if !held.isEmpty {
                FreezingProxy.sendAll(upstream, held)
                held = []
            }
            guard poll(&fds, 2, 50) >= 0 else { return }
            for i in 0..<2 where fds[i].revents != 0 {
                let count = recv(fds[i].fd, &buffer, buffer.count, 0)
                // One side closed: so does the other, as a relay that carried the close would.
                if count <= 0 { return }
                let chunk = Array(buffer[0..<count])
                if i == 0, fires(chunk, sawAfter: &sawAfter) {
                    held = chunk
                    break
                }
                FreezingProxy.sendAll(fds[1 - i].fd, chunk)
            }
        }
    }

    private static func sendAll(_ socket: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }
}
