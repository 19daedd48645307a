import Foundation
import GisementPostgres
import Synchronization

/// A small pool of libpq connections, each on a thread of its own.
///
/// libpq blocks, so it never runs on the Swift concurrency pool: jobs queue here and a caller
/// waits as a suspended task. A thread opens its connection at its first job and again after the
/// connection was lost (the server restarted, the network broke): while PostgreSQL is away each job
/// fails with ``StoreUnavailable`` at once, and once it is back the next job reconnects.
///
/// Each statement waits at most `answerTimeout` for PostgreSQL (``PostgresConnection/answerTimeout``):
/// a database gone silent mid-statement (a network partition) costs the job a 503, not a thread
/// held forever; its connection is closed, so its transaction never commits.
///
/// A connection attempt that ran out its timeout (PostgreSQL busy starting, a host that does not
/// answer) makes the pool fail jobs at once for ``PostgresBacklog/quietPeriod`` instead of letting
/// each queued job wait out a timeout of its own: without it a backlog of N jobs on T threads waited
/// N / T timeouts, far beyond any client's patience.
final class PostgresPool: Sendable {
    private let backlog: PostgresBacklog

    /// Starts `size` threads; each connects on its first job.
    init(url: PostgresURL, size: Int, answerTimeout: Double = PostgresStore.defaultAnswerTimeout, label: String = "gisement.store.postgres") {
        precondition(size > 0, "a pool needs at least one connection")
        let backlog = PostgresBacklog(size: size)
        self.backlog = backlog
        for index in 0..<size {
            let thread = Thread { backlog.serve(url: url, answerTimeout: answerTimeout) }
            thread.name = "\(label)-\(index)"
            thread.start()
        }
    }

    deinit { backlog.close() }

    /// Runs `body` on a pooled connection.
    /// - Throws: ``StoreUnavailable`` when PostgreSQL cannot be reached or the connection broke
    ///   during `body` (a transaction in it was then rolled back); whatever else `body` throws.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            backlog.enqueue { connection in
                continuation.resume(with: Result {
                    do {
                        return try body(try connection.get())
                    } catch let error as PostgresError where error.kind == .unreachable || error.kind == .refused {
                        throw StoreUnavailable(reason: error.message)
                    } catch let error as PostgresError where error.sqlState?.hasPrefix("57P") == true
                        || error.sqlState?.hasPrefix("08") == true || error.sqlState == "57014"
                    {
                        // Shutdown in progress, connection failure: the server is going or gone;
                        // a statement cancelled (its `statement_timeout`): the server is too busy.
                        throw StoreUnavailable(reason: error.message)
                    }
                })
            }
        }
    }

    /// Refuses new jobs; each thread finishes what is queued, closes its connection and ends.
    func close(timeout: Double = 5) {
        backlog.close()
        backlog.waitForThreads(timeout: timeout)
    }
}

/// The jobs waiting for a connection thread.
private final class PostgresBacklog: Sendable {
    typealias Job = @Sendable (Result<PostgresConnection, any Error>) -> Void

    private struct Queue: ~Copyable {
        var jobs: [Job] = []
        var isClosed = false
        /// Until when jobs that need a new connection fail without trying, and why.
        var quiet: (until: DispatchTime, reason: String)?
    }

    /// How long a connection attempt may take before the pool stops trying for ``quietPeriod``.
    static let slowConnect: Double = 1
    /// As long as the `Retry-After` of the 503 that clients get meanwhile.
    static let quietPeriod: Double = 1

    private let queue = Mutex(Queue())
    private let pending = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    private let size: Int

    init(size: Int) { self.size = size }

    func enqueue(_ job: @escaping Job) {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.isClosed else { return false }
            queue.jobs.append(job)
            return true
        }
        if accepted {
            pending.signal()
        } else {
            job(.failure(StoreUnavailable(reason: "the store is closed")))
        }
    }

    /// One connection thread: its connection, the queue's jobs in order, until closed and drained.
    func serve(url: PostgresURL, answerTimeout: Double) {
        var connection: PostgresConnection?
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
            guard let job = next.job else {
                if next.done { return }
                continue
            }
            if let open = connection, !open.isConnected { connection = nil }
            if connection == nil {
                let started = DispatchTime.now()
                if let quiet = queue.withLock({ $0.quiet }), started < quiet.until {
                    job(.failure(StoreUnavailable(reason: quiet.reason)))
                    continue
                }
                do {
                    connection = try PostgresConnection(url, connectTimeout: 3, answerTimeout: answerTimeout)
                } catch {
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                    if seconds >= PostgresBacklog.slowConnect {
                        queue.withLock { $0.quiet = (DispatchTime.now() + PostgresBacklog.quietPeriod, error.message) }
                    }
                    job(.failure(StoreUnavailable(reason: error.message)))
                    continue
                }
            }
            job(.success(connection!))
            // A connection that broke during the job is dropped; the next job opens a new one.
            if connection?.isConnected == false { connection = nil }
        }
    }

    func waitForThreads(timeout: Double) {
        let deadline = DispatchTime.now() + timeout
        for _ in 0..<size {
            if ended.wait(timeout: deadline) == .timedOut { return }
        }
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
