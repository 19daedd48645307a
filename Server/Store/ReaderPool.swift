import Foundation
import GisementSQLite
import Synchronization

/// A small pool of read-only connections for pulls, records, logs, reports and token checks.
///
/// In WAL mode readers never block the writer nor each other, and each read runs in its own
/// transaction so it sees one committed snapshot. SQLite calls block, so each connection lives on
/// a thread of its own that takes reads from a queue: a read waiting for a connection waits as a
/// suspended task, never as a blocked Dispatch worker. (On Linux, Dispatch runs about one worker
/// per core and adds more only after a while: reads blocked there stalled every other request,
/// token checks included, for most of a second behind a burst of pulls.)
final class ReaderPool: Sendable {
    private let backlog: Backlog

    /// Starts `size` reader threads; each opens its connection on its first read.
    init(path: String, size: Int, label: String = "gisement.store.reader") {
        precondition(size > 0, "a reader pool needs at least one connection")
        let backlog = Backlog(size: size)
        self.backlog = backlog
        for index in 0..<size {
            // The threads hold the backlog, not the pool: a pool dropped without `close()` still ends them.
            let thread = Thread { backlog.serve(path: path) }
            thread.name = "\(label)-\(index)"
            thread.start()
        }
    }

    deinit { backlog.close() }

    /// Runs `body` with a read-only connection inside a read transaction.
    /// - Throws: whatever `body` throws, or ``SQLiteError`` opening a connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            backlog.enqueue { connection in
                continuation.resume(with: Result { try connection.get().read { try body(connection.get()) } })
            }
        }
    }

    /// Refuses new reads; each thread finishes what is queued, closes its connection and ends.
    /// Waits (up to `timeout` seconds) for the connections to be closed, so that the writer can
    /// then fold the WAL into the database and remove it.
    func close(timeout: Double = 5) {
        backlog.close()
        backlog.waitForThreads(timeout: timeout)
    }
}

/// The reads waiting for a reader thread.
private final class Backlog: Sendable {
    typealias Job = @Sendable (Result<Database, any Error>) -> Void

    private struct Queue: ~Copyable {
        var jobs: [Job] = []
        var isClosed = false
    }

    private let queue = Mutex(Queue())
    /// One signal per job queued, and one per thread at close.
    private let pending = DispatchSemaphore(value: 0)
    /// One signal per thread that ended (its connection closed).
    private let ended = DispatchSemaphore(value: 0)
    private let size: Int

    init(size: Int) {
        self.size = size
    }

    func enqueue(_ job: @escaping Job) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.isClosed else { return false }
            queue.jobs.append(job)
            return true
        }
        if accepted {
            pending.signal()
        } else {
            job(.failure(SQLiteError(code: .SQLITE_MISUSE, message: "the store is closed")))
        }
    }

    /// One reader thread: its own connection, the queue's jobs in order, until closed and drained.
    func serve(path: String) {
        var connection: Database?
        defer {
            connection = nil
            ended.signal()
        }
        while true {
            pending.wait()
            let next = queue.withLock { queue -> (job: Job?, done: Bool) in
                if !queue.jobs.isEmpty { return (queue.jobs.removeFirst(), false) }
                return (nil, queue.isClosed)
            }
            if let job = next.job {
                do {
                    if connection == nil {
                        connection = try Database(
                            path: path, options: DatabaseOptions(access: .readOnly, busyTimeoutMilliseconds: 5_000))
                    }
                    job(.success(connection!))
                } catch {
                    job(.failure(error))
                }
            } else if next.done {
                return
            }
        }
    }

    /// Waits until every thread has ended, or `timeout` seconds have passed.
    func waitForThreads(timeout: Double) {
        let deadline = DispatchTime.now() + timeout
        for _ in 0..<size {
            if ended.wait(timeout: deadline) == .timedOut { return }
        }
        // Every thread has ended: let a second wait return at once.
        for _ in 0..<size { ended.signal() }
    }

    func close() {
        let alreadyClosed = queue.withLock { queue -> Bool in
            defer { queue.isClosed = true }
            return queue.isClosed
        }
        guard !alreadyClosed else { return }
        for _ in 0..<size { pending.signal() }
    }
}
