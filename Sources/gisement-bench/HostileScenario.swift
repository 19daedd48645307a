import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension BenchScenario {
    /// Scenario 10, the server under hostile connections without a token: `size` connections each
    /// send a push head with a bad token announcing a 30 MiB body, then 64 KiB of it, and stay
    /// open. Prints the server's resident memory idle and at its peak (`VmHWM`), and the slowest of
    /// the `/v1/health` answers asked meanwhile on fresh connections; the baseline is the same
    /// server idle. The bound documented in docs/reliability.md is a growth under 48 MiB.
    static let hostile = BenchScenario(
        name: "hostile", summary: "server memory and health under N bad-token connections announcing big bodies",
        defaultSize: 1000
    ) { size, _ in
        let workspace = try BenchWorkspace("hostile")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let server = try BenchServer(binaries: binaries, database: workspace.path("server.sqlite"), workspace: workspace)
        defer { server.stop() }
        guard let port = URL(string: server.url)?.port else { throw BenchFailure("no port in \(server.url)") }
        usleep(200_000)
        let idle = server.peakRSSMegabytes
        let head = "POST /v1/changes HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer gis_not-a-token\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(30 << 20)\r\n\r\n"
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
        var sockets: [Int32] = []
        var slowest = 0.0
        var answered = 0
        let started = ContinuousClock.now
        for i in 0..<size {
            guard let socket = RawSocket.connect(port: port) else { continue }
            sockets.append(socket)
            RawSocket.send(socket, Array(head.utf8))
            RawSocket.send(socket, chunk)
            if i % 100 == 99 {
                let (ok, seconds) = RawSocket.health(port: port)
                slowest = max(slowest, seconds)
                if ok { answered += 1 }
            }
        }
        for _ in 0..<5 {
            let (ok, seconds) = RawSocket.health(port: port)
            slowest = max(slowest, seconds)
            if ok { answered += 1 }
        }
        let peak = server.peakRSSMegabytes
        let elapsed = started.duration(to: .now).seconds
        for socket in sockets { close(socket) }
        BenchOutput.line(String(format: "  %d connections opened in %.1f s (%d refused by the client side)",
                                sockets.count, elapsed, size - sockets.count))
        BenchOutput.line(String(format: "  server RSS idle                                      %8.1f MB", idle))
        BenchOutput.line(String(format: "  server RSS peak under the flood                      %8.1f MB   (+%.1f MB)", peak, peak - idle))
        BenchOutput.line(String(format: "  slowest /v1/health answer meanwhile                  %8.1f ms   (%d answered)", slowest * 1000, answered))
        BenchOutput.goal("server growth under \(size) bad-token connections < 48 MB", met: peak - idle < 48,
                         got: String(format: "%.1f MB", peak - idle))
        BenchOutput.goal("every /v1/health answer < 0.5 s meanwhile", met: slowest < 0.5,
                         got: String(format: "%.0f ms", slowest * 1000))
    }
}

/// Plain blocking sockets on 127.0.0.1 for the hostile scenario.
enum RawSocket {
    static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends what the kernel takes without waiting long (a closed peer is fine: that is the point).
    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// `GET /v1/health` on a fresh connection: whether a 200 came, and how long it took.
    static func health(port: Int) -> (ok: Bool, seconds: Double) {
        let started = ContinuousClock.now
        guard let fd = connect(port: port) else { return (false, started.duration(to: .now).seconds) }
        defer { close(fd) }
        send(fd, Array("GET /v1/health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".utf8))
        var buffer = [UInt8](repeating: 0, count: 512)
        let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        let seconds = started.duration(to: .now).seconds
        guard read > 12 else { return (false, seconds) }
        return (String(decoding: buffer[0..<read], as: UTF8.self).hasPrefix("HTTP/1.1 200"), seconds)
    }
}
