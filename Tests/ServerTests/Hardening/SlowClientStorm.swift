import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Drives many slow connections from one thread with poll(2), and checks health from another.
enum SlowClientStorm {
    struct Report: Sendable {
        var opened = 0
        /// Slow connections that got a 408 and then end of stream.
        var timedOut = 0
        /// Every other ending, for the failure message.
        var outcomes: [String: Int] = [:]
        /// Seconds from the storm's start until the last slow connection was closed by the server.
        var closedAfter = 0.0
        var healthChecks = 0
        var healthFailures = 0
        var slowestHealth = 0.0
        /// Every health answer time, in seconds.
        var healthTimes: [Double] = []

        /// The median health answer time.
        var medianHealth: Double { healthTimes.isEmpty ? .infinity : healthTimes.sorted()[healthTimes.count / 2] }
    }

    /// Raises the soft RLIMIT_NOFILE to at least `count` (within the hard limit).
    static func raiseDescriptorLimit(to count: Int) {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Opens `connections` connections that each send one byte of a never-ending head every
    /// `byteInterval` seconds, until the server has closed them all (or 15 s have passed).
    static func run(port: Int, connections: Int, byteInterval: Double) throws -> Report {
        let head = Array(("GET /v1/health HTTP/1.1\r\nHost: slow\r\nX-Trickle: " + String(repeating: "a", count: 4000)).utf8)
        var report = Report()
        var sockets: [Int32] = []
        for _ in 0..<connections {
            guard let fd = connect(port: port) else { break }
            sockets.append(fd)
        }
        report.opened = sockets.count
        let start = Date()
        let done = Mutex(false)
        let health = Mutex(Report())
        let checker = Thread {
            while !done.withLock({ $0 }) {
                let began = Date()
                let status = healthStatus(port: port)
                let elapsed = Date().timeIntervalSince(began)
                health.withLock { h in
                    h.healthChecks += 1
                    if status != 200 { h.healthFailures += 1 }
                    h.slowestHealth = max(h.slowestHealth, elapsed)
                    h.healthTimes.append(elapsed)
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        checker.start()
        var sent = [Int](repeating: 0, count: sockets.count)
        var received = [[UInt8]](repeating: [], count: sockets.count)
        var open = Set(sockets.indices)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty, Date().timeIntervalSince(start) < 15 {
            for index in open where sent[index] < head.count {
                let result = head[sent[index]...].withUnsafeBytes { send(sockets[index], $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
                if result == 1 { sent[index] += 1 }
            }
            var fds = open.map { pollfd(fd: sockets[$0], events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(byteInterval * 1000))
            guard ready > 0 else { continue }
            let byDescriptor = Dictionary(uniqueKeysWithValues: open.map { (sockets[$0], $0) })
            for fd in fds where fd.revents != 0 {
                let index = byDescriptor[fd.fd]!
                let count = recv(fd.fd, &chunk, chunk.count, Int32(MSG_DONTWAIT))
                if count > 0 {
                    received[index] += chunk[0..<count]
                    continue
                }
                if count < 0, errno == EAGAIN { continue }
                let text = String(decoding: received[index].prefix(12), as: UTF8.self)
                if count == 0, text == "HTTP/1.1 408" {
                    report.timedOut += 1
                } else {
                    report.outcomes[count == 0 ? "eof after '\(text)'" : "error \(errno) after '\(text)'", default: 0] += 1
                }
                report.closedAfter = Date().timeIntervalSince(start)
                open.remove(index)
            }
        }
        if !open.isEmpty { report.outcomes["still open", default: 0] += open.count }
        for fd in sockets { close(fd) }
        done.withLock { $0 = true }
        while !checker.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        health.withLock { h in
            report.healthChecks = h.healthChecks
            report.healthFailures = h.healthFailures
            report.slowestHealth = h.slowestHealth
            report.healthTimes = h.healthTimes
        }
        return report
    }

    /// One `GET /v1/health` on a new connection: the status, or 0.
    private static func healthStatus(port: Int) -> Int {
        guard let client = try? RawHTTPClient(port: port, timeout: 2) else { return 0 }
        client.send("GET /v1/health HTTP/1.1\r\nHost: check\r\nConnection: close\r\n\r\n")
        return client.readResponse()?.status ?? 0
    }

    private static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// The descriptors of this process that are TCP sockets on `port` (either end), from
    /// /proc/self/fd and /proc/net/tcp{,6}: a leak check that other tests running meanwhile cannot
    /// disturb, unlike a count of every descriptor.
    static func socketDescriptors(port: Int) -> Int {
        let hexPort = String(format: "%04X", port)
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // Read to the end: String(contentsOfFile:) stops after the first 4 KiB page of a proc file,
            // which misses this port's lines as soon as the machine holds ~30 TCP sockets (TIME_WAIT ones too).
            let data = FileHandle(forReadingAtPath: table)?.readDataToEndOfFile() ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9 else { continue }
                if fields[1].hasSuffix(":" + hexPort) || fields[2].hasSuffix(":" + hexPort) { inodes.insert(String(fields[9])) }
            }
        }
        inodes.remove("0")
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.filter { fd in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd),
                target.hasPrefix("socket:[")
            else { return false }
            return inodes.contains(String(target.dropFirst(8).dropLast()))
        }.count
    }
}
