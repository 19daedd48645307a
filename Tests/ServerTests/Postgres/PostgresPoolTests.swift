import Foundation
import GisementPostgres
import Testing
@testable import GisementServer

/// The pool while PostgreSQL does not answer at all (a host gone silent, a server too busy starting
/// to answer): a backlog of jobs fails within about one connection timeout, not one timeout per job.
@Suite struct PostgresPoolTests {
    @Test func aSilentServer_failsABacklogOfJobs_withinOneConnectTimeout() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let pool = PostgresPool(url: PostgresURL("postgresql://gisement@127.0.0.1:\(silent.port)/gisement")!, size: 2)
        defer { pool.close(timeout: 1) }
        let started = Date()
        // 12 jobs on 2 threads: waiting out the 3 s connect timeout each would take 18 s for the last.
        let outcomes = await withTaskGroup(of: (Bool, Double).self) { group in
            for _ in 0..<12 {
                group.addTask {
                    let unavailable: Bool
                    do {
                        _ = try await pool.run { _ in 1 }
                        unavailable = false
                    } catch {
                        unavailable = error is StoreUnavailable
                    }
                    return (unavailable, Date().timeIntervalSince(started))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0.0 }, "every job failed as StoreUnavailable")
        let slowest = outcomes.map(\.1).max() ?? 0
        #expect(slowest < 6, "the last job failed after \(slowest) s")
    }
}

/// A TCP port on 127.0.0.1 that listens but never accepts nor answers: a connection's handshake
/// completes in the kernel and the client then waits for a server that never speaks.
private struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, listening else { throw POSIXError(.EADDRNOTAVAIL) }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
