import Foundation

/// A TCP proxy on 127.0.0.1 in front of a real server that breaks connections at a chosen byte.
///
/// Every connection is relayed to the upstream port as it is, until the cut: then the proxy
/// forwards the bytes up to the cut and closes both sides, as a network that fails would. The
/// cut is counted in the server's answer (`.response`) or in the client's request (`.request`),
/// from the start of the connection or, with a marker, from where the request with that text
/// starts (`POST /v1/changes`): so `.response(17, after: "GET /v1/health")` delivers the status
/// line of the health answer and nothing more. The cut applies to every connection until changed.
final class CuttingProxy: @unchecked Sendable {
    enum Direction: Sendable { case request, response }

    struct Cut: Sendable {
        var direction: Direction
        var offset: Int
        var marker: String?

        static func response(_ offset: Int, after marker: String? = nil) -> Cut {
            Cut(direction: .response, offset: offset, marker: marker)
        }

        static func request(_ offset: Int, after marker: String? = nil) -> Cut {
            Cut(direction: .request, offset: offset, marker: marker)
        }
    }

    private let upstreamPort: Int
    private var listener: LoopbackListener!
    private let lock = NSLock()
    private var currentCut: Cut?
    private var cutCount = 0
    private var cutsAllowed: Int?

    var port: Int { listener.port }
    var url: String { "http://127.0.0.1:\(port)" }

    /// The cut for the next connections; nil relays everything.
    var cut: Cut? {
        get { lock.withLock { currentCut } }
        set { lock.withLock { currentCut = newValue } }
    }

    /// Connections cut so far.
    var cuts: Int { lock.withLock { cutCount } }

    /// How many more connections may be cut (nil: every one); the others are relayed whole.
    var cutsLeft: Int? {
        get { lock.withLock { cutsAllowed } }
        set { lock.withLock { cutsAllowed = newValue } }
    }

    /// Whether this cut may happen (and counts it).
    private func takeCut() -> Bool {
        lock.withLock {
            if let left = cutsAllowed {
                guard left > 0 else { return false }
                cutsAllowed = left - 1
            }
            cutCount += 1
            return true
        }
    }

    init(upstream: String) throws {
        upstreamPort = Int(upstream.split(separator: ":").last ?? "") ?? 0
        // The listener's threads hold this proxy until it stops, as relays need it.
        listener = try LoopbackListener(backlog: 64) { [self] client in relay(client, cut: cut) }
    }

    /// Stops accepting.
    func stop() { listener.stop() }

    private func relay(_ client: Int32, cut: Cut?) {
        guard let upstream = LoopbackListener.connect(toPort: upstreamPort) else {
            close(client)
            return
        }
        defer {
            close(client)
            close(upstream)
        }
        var state = RelayState(cut: cut)
        var relayWhole = false
        var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)]
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open[0] || open[1] {
            for i in 0..<2 { fds[i].events = open[i] ? Int16(POLLIN) : 0 }
            guard poll(&fds, 2, 30_000) > 0 else { return }
            for i in 0..<2 where open[i] && fds[i].revents != 0 {
                let count = recv(fds[i].fd, &buffer, buffer.count, 0)
                let target = fds[1 - i].fd
                if count <= 0 {
                    open[i] = false
                    shutdown(target, Int32(SHUT_WR))
                    continue
                }
                let chunk = Array(buffer[0..<count])
                let (forward, cutNow) = i == 0 ? state.fromClient(chunk) : state.fromServer(chunk)
                if relayWhole || (cutNow && !takeCut()) {
                    relayWhole = true
                    CuttingProxy.sendAll(target, chunk)
                    continue
                }
                if !forward.isEmpty { CuttingProxy.sendAll(target, forward) }
                if cutNow {
                    shutdown(client, Int32(SHUT_RDWR))
                    shutdown(upstream, Int32(SHUT_RDWR))
                    return
                }
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

/// What one relayed connection has seen, to decide where its cut falls.
private struct RelayState {
    let cut: CuttingProxy.Cut?
    private var requestBytes: [UInt8] = []
    /// Where the marker starts in the request stream, once seen (0 without a marker).
    private var markerStart: Int?
    /// Answer bytes forwarded since the marker was seen.
    private var answered = 0

    init(cut: CuttingProxy.Cut?) {
        self.cut = cut
        markerStart = cut?.marker == nil ? 0 : nil
    }

    /// The part of a request chunk to forward, and whether the connection is cut after it.
    mutating func fromClient(_ chunk: [UInt8]) -> ([UInt8], Bool) {
        let start = requestBytes.count
        requestBytes += chunk
        if markerStart == nil, let marker = cut?.marker, let found = requestBytes.firstRange(of: Array(marker.utf8)) {
            markerStart = found.lowerBound
        }
        guard let cut, cut.direction == .request, let markerStart else { return (chunk, false) }
        let limit = markerStart + cut.offset
        if start + chunk.count <= limit { return (chunk, false) }
        return (Array(chunk.prefix(max(0, limit - start))), true)
    }

    /// The part of an answer chunk to forward, and whether the connection is cut after it.
    mutating func fromServer(_ chunk: [UInt8]) -> ([UInt8], Bool) {
        guard let cut, cut.direction == .response, markerStart != nil else { return (chunk, false) }
        let room = cut.offset - answered
        if chunk.count < room {
            answered += chunk.count
            return (chunk, false)
        }
        return (Array(chunk.prefix(room)), true)
    }
}
