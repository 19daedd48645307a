import Foundation
import GisementPostgres
import Synchronization
import Testing
@testable import GisementServer

/// The pool while PostgreSQL does not answer at all (a host gone silent, a server too busy starting
/// to answer): a backlog of jobs fails as unavailable without a connection attempt each, each of
/// which would wait out the 3 s connect timeout (12 jobs on 2 threads: 18 s for the last).
@Suite struct PostgresPoolTests {
    @Test func aSilentServer_failsABacklogOfJobs_withoutAConnectionAttemptEach() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let pool = PostgresPool(url: PostgresURL("postgresql://gisement@127.0.0.1:\(silent.port)/gisement")!, size: 2)
        defer { pool.close(timeout: 1) }
        let unavailable = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    do {
                        _ = try await pool.run { _ in 1 }
                        return false
                    } catch {
                        return error is StoreUnavailable
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(unavailable == 12, "every job failed as StoreUnavailable")
        // Two attempts (one a thread) fail after 3 s; the jobs queued meanwhile fail at once. Counted
        // loosely: jobs that reach the pool late (a busy test machine) may start another round.
        #expect(silent.connections < 12, "\(silent.connections) connection attempts for 12 jobs")
    }
}

/// A TCP port on 127.0.0.1 that accepts connections but never says a word: a client then waits for
/// a server that never speaks. Counts the connections.
private final class SilentListener: Sendable {
    let port: Int
    private let descriptor: Int32
    private let accepted = Mutex<[Int32]>([])

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
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                accepted.withLock { $0.append(connection) }
            }
        }
    }

    var connections: Int { accepted.withLock { $0.count } }

    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        _ = Glibc.close(descriptor)
        accepted.withLock { $0.forEach { _ = Glibc.close($0) } }
    }
}
