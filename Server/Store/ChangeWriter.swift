import Dispatch
import GisementSQLite
import GisementShared
import Synchronization

/// The server's one writer: owns the write connection on a serial queue and applies pushes
/// with group commit.
///
/// Pushes from many connections queue up here. Each drain takes every pending job and runs them
/// in ONE immediate transaction, each push inside its own savepoint (so a push that fails rolls
/// back alone), then commits once and answers every push of the group. While one group commits
/// (an fsync with `synchronous=FULL`), the next one gathers, so throughput grows with load.
/// Because there is only one writer and `seq` is assigned inside its transaction, a reader can
/// never see position N+1 committed before N: the feed never skips a change.
///
/// Session log rows ride along with the next group; when no push comes, they are flushed after
/// ``sessionFlushDelay`` so that pulls do not each cost an fsync.
final class ChangeWriter: Sendable {
    private enum Job {
        case push(ValidatedPush, CheckedContinuation<PushOutcome, any Error>)
        case session(SessionEntry)
        case barrier(CheckedContinuation<Void, Never>)
    }

    /// Which drain is already on its way.
    private enum Scheduled {
        case idle
        /// A drain for session rows only, after ``sessionFlushDelay``.
        case delayed
        /// A drain at once (a push or a flush is waiting).
        case immediate
    }

    private struct State {
        var pending: [Job] = []
        var scheduled = Scheduled.idle
        var isClosed = false
    }

    private let queue = DispatchQueue(label: "gisement.store.writer", qos: .userInitiated)
    /// The connection and applier, touched only on `queue`.
    private let connection: Confined<(db: Database, applier: PushApplier<PushStatements>)>
    private let state = Mutex(State())
    private let clock: ServerClock
    private let logger: Logger
    /// How long session rows may wait for a push to share its transaction.
    let sessionFlushDelay: DispatchTimeInterval = .milliseconds(50)

    init(db: Database, clock: ServerClock, logger: Logger) throws {
        let lastSeq = try db.scalar(sql: "SELECT coalesce(max(seq), 0) FROM field_versions")?.integerValue ?? 0
        let applier = PushApplier(rows: try PushStatements(db), lastSeq: lastSeq)
        self.connection = Confined((db, applier))
        self.clock = clock
        self.logger = logger
    }

    /// Applies a push and returns once it is committed (durable with `synchronous=FULL`).
    /// - Throws: ``SQLiteError`` when the push or its group's commit failed; nothing of it was stored.
    func push(_ push: ValidatedPush) async throws -> PushOutcome {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.push(push, continuation), urgent: true)
        }
    }

    /// Queues a session log row; written with the next group, never waited for.
    func record(_ session: SessionEntry) {
        enqueue(.session(session), urgent: false)
    }

    /// Waits until every job queued so far is written.
    func flush() async {
        await withCheckedContinuation { continuation in
            enqueue(.barrier(continuation), urgent: true)
        }
    }

    /// The last feed position handed out.
    func lastSeq() async -> Int64 {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.connection.value.applier.lastSeq) }
        }
    }

    /// Runs `body` on the writer queue with the write connection, outside any group (the CLI's
    /// token commands and tests use it; the server itself only pushes and logs).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.connection.value.db) }) }
        }
    }

    /// Writes what is queued and refuses new pushes.
    func close() async {
        await flush()
        state.withLock { $0.isClosed = true }
    }

    /// Once nothing else has the database open: folds the WAL into the database file and removes
    /// it (journal mode DELETE until the next open switches back to WAL), so that a cleanly stopped
    /// server leaves one file to back up or replace (docs/operations.md, "Backup and restore").
    /// Harmless when another process still has the file open: the WAL then stays.
    func foldWAL() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                let db = self.connection.value.db
                _ = try? db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                _ = try? db.scalar(sql: "PRAGMA journal_mode=DELETE")
                continuation.resume()
            }
        }
    }

    private func enqueue(_ job: Job, urgent: Bool) {
        let closed: Bool = state.withLock { state in
            if state.isClosed { return true }
            state.pending.append(job)
            return false
        }
        if closed {
            switch job {
            case .push(_, let continuation): continuation.resume(throwing: CancellationError())
            case .barrier(let continuation): continuation.resume()
            case .session: break
            }
            return
        }
        scheduleDrain(urgent: urgent)
    }

    /// Makes sure a drain is coming: at once for a push or a flush (even when a delayed one is
    /// already planned, so a push never waits for the session delay), later for session rows.
    private func scheduleDrain(urgent: Bool) {
        let next: Scheduled? = state.withLock { state in
            switch (state.scheduled, urgent) {
            case (.immediate, _), (.delayed, false): return nil
            case (_, true): state.scheduled = .immediate; return .immediate
            case (.idle, false): state.scheduled = .delayed; return .delayed
            }
        }
        switch next {
        case .immediate: queue.async { self.drain() }
        case .delayed: queue.asyncAfter(deadline: .now() + sessionFlushDelay) { self.drain() }
        case .idle, nil: break
        }
    }

    /// Takes every pending job and writes them in one transaction.
    private func drain() {
        let jobs: [Job] = state.withLock { state in
            state.scheduled = .idle
            defer { state.pending.removeAll() }
            return state.pending
        }
        guard !jobs.isEmpty else { return }
        let (db, applier) = connection.value
        let at = clock.iso8601()
        var results: [Result<PushOutcome, any Error>?] = Array(repeating: nil, count: jobs.count)
        let seqBefore = applier.lastSeq
        let hasWrites = jobs.contains { if case .barrier = $0 { return false } else { return true } }
        do {
            if hasWrites {
                try db.inTransaction(.immediate) {
                    for (i, job) in jobs.enumerated() {
                        switch job {
                        case .push(let push, _):
                            results[i] = applyInSavepoint(push, at: at, db: db, applier: applier)
                        case .session(let entry):
                            do { try SessionLog.insert(entry, into: db) } catch {
                                logger.error("could not write a session log row: \(error)")
                            }
                        case .barrier:
                            break
                        }
                    }
                    return .commit
                }
            }
        } catch {
            // The commit itself failed: nothing of the group is stored.
            applier.lastSeq = seqBefore
            logger.error("a write transaction failed: \(error)")
            for (i, job) in jobs.enumerated() {
                if case .push = job { results[i] = .failure(error) }
            }
        }
        for (i, job) in jobs.enumerated() {
            switch job {
            case .push(_, let continuation): continuation.resume(with: results[i] ?? .failure(CancellationError()))
            case .barrier(let continuation): continuation.resume()
            case .session: break
            }
        }
    }

    private func applyInSavepoint(
        _ push: ValidatedPush, at: String, db: Database, applier: PushApplier<PushStatements>
    ) -> Result<PushOutcome, any Error> {
        let seqBefore = applier.lastSeq
        do {
            try db.execute(sql: "SAVEPOINT push")
            do {
                let outcome = try applier.apply(push, at: at)
                try db.execute(sql: "RELEASE push")
                return .success(outcome)
            } catch {
                try? db.execute(sql: "ROLLBACK TO push")
                try? db.execute(sql: "RELEASE push")
                applier.lastSeq = seqBefore
                return .failure(error)
            }
        } catch {
            return .failure(error)
        }
    }
}

/// A value that is only touched on one serial queue, so it may cross into `@Sendable` code.
final class Confined<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
