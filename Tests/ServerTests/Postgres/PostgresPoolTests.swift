import Foundation
import GisementPostgres
import Synchronization
import Testing
@testable import GisementServer
import TestSupport

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

    /// A statement that runs past the bound is cancelled by PostgreSQL (`statement_timeout`): the
    /// job fails as unavailable (503, not 500) and the connection, still good, serves the next job.
    @Test func aStatementPastTheBound_isCancelled_asUnavailable_onAConnectionKept() async throws {
        let url = try PostgresCluster.shared().freshDatabase()
        let pool = PostgresPool(url: PostgresURL(url)!, size: 1, answerTimeout: 0.5)
        defer { pool.close(timeout: 1) }
        let backend = try await pool.run { db in try db.execute("SELECT pg_backend_pid()")[0, 0] }
        do {
            _ = try await pool.run { db in try db.execute("SELECT pg_sleep(10)").count }
            Issue.record("the statement ran to its end")
        } catch let error as StoreUnavailable {
            // PostgreSQL's word (not the client's "no answer"): cancelled at the bound.
            #expect(error.reason.contains("statement timeout"), "\(error.reason)")
        }
        let after = try await pool.run { db in try db.execute("SELECT pg_backend_pid()")[0, 0] }
        #expect(after == backend, "the same connection serves on")
    }
}

/// A TCP port on 127.0.0.1 that accepts connections but never says a word: a client then waits for
/// a server that never speaks. Counts the connections.
private final class SilentListener: Sendable {
    /// The accepted connections, kept open until ``close()``.
    private final class Accepted: Sendable {
        let descriptors = Mutex<[Int32]>([])
    }

    private let accepted = Accepted()
    private let listener: LoopbackListener

    var port: Int { listener.port }
    var connections: Int { accepted.descriptors.withLock { $0.count } }

    init() throws {
        listener = try LoopbackListener(backlog: 64) { [accepted] connection in
            accepted.descriptors.withLock { $0.append(connection) }
        }
    }

    func close() {
        listener.stop()
        accepted.descriptors.withLock { $0.forEach { _ = Glibc.close($0) } }
    }
}
