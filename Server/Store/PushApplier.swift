import GisementSQLite
import GisementShared

/// Applies validated pushes to the writer connection, inside a transaction the caller opened.
///
/// For each change: a dot at or below its replica's high-water mark is a duplicate (counted, not
/// applied); otherwise the stored version of the field is loaded, ``Merger/decide(stored:incoming:)``
/// picks the winner, and when the incoming version wins the field's row is rewritten with the next
/// feed position `seq`, so the feed serves it. When the stored version wins, the feed does not
/// change. Logged decisions (conflicts, anomalies) go to the merge log.
///
/// Not thread-safe: owned by ``ChangeWriter``, used only on its queue.
final class PushApplier {
    private let db: Database
    /// The last feed position handed out; rolled back by the writer when a transaction fails.
    var lastSeq: Int64
    /// Prepared once and kept: the hot path never looks a statement up by its SQL text.
    private let statements: Statements

    init(db: Database) throws {
        self.db = db
        self.lastSeq = try db.scalar(sql: "SELECT coalesce(max(seq), 0) FROM field_versions")?.integerValue ?? 0
        self.statements = try Statements(db)
    }

    /// Applies one push; throws without having changed anything visible only if the caller rolls back.
    /// - Throws: ``SQLiteError``.
    func apply(_ push: ValidatedPush, at: String) throws -> PushOutcome {
        var outcome = PushOutcome()
        var highWater: [ReplicaID: UInt64] = [:]
        var raised: Set<ReplicaID> = []
        var clocks: [RecordKey: VectorClock] = [:]
        for change in push.changes {
            let mark = try highWater[change.replica] ?? loadHighWater(change.replica)
            if change.counter <= mark {
                highWater[change.replica] = mark
                outcome.duplicates += 1
                continue
            }
            highWater[change.replica] = change.counter
            raised.insert(change.replica)
            let stored = try loadVersion(change)
            let incoming = change.version
            let decision = Merger.decide(stored: stored?.version, incoming: incoming)
            switch decision.action {
            case .duplicate:
                outcome.duplicates += 1
                continue
            case .insert:
                lastSeq += 1
                try insertVersion(change, seq: lastSeq)
            case .replace:
                lastSeq += 1
                try replaceVersion(change, oldSeq: stored!.seq, seq: lastSeq)
            case .keep:
                break
            }
            outcome.accepted += 1
            clocks[RecordKey(kind: change.kind, id: change.id), default: VectorClock()].merge(change.clock)
            if decision.isLogged, let stored {
                outcome.conflicts += 1
                let winsIncoming = decision.action == .replace
                try logMerge(
                    change, winner: winsIncoming ? incoming : stored.version,
                    loser: winsIncoming ? stored.version : incoming, anomaly: decision.isAnomaly,
                    pushedBy: push.pushedBy, at: at)
            }
        }
        for replica in raised {
            try saveHighWater(replica, counter: highWater[replica]!, at: at)
        }
        for (key, clock) in clocks {
            try mergeRecordClock(key, clock)
        }
        outcome.cursor = lastSeq
        return outcome
    }

    // MARK: Statements

    private func loadHighWater(_ replica: ReplicaID) throws -> UInt64 {
        let statement = statements.selectHighWater
        statement.bind(text: replica, at: 1)
        defer { statement.reset() }
        return try statement.step() ? UInt64(max(0, statement.int64(at: 0))) : 0
    }

    private func saveHighWater(_ replica: ReplicaID, counter: UInt64, at: String) throws {
        let statement = statements.upsertHighWater
        statement.bind(text: replica, at: 1)
        statement.bind(int64: Int64(clamping: counter), at: 2)
        statement.bind(text: at, at: 3)
        try statement.step()
        statement.reset()
    }

    private struct StoredVersion {
        var seq: Int64
        var version: FieldVersion
    }

    private func loadVersion(_ change: Change) throws -> StoredVersion? {
        let statement = statements.selectVersion
        statement.bind(text: change.kind.rawValue, at: 1)
        statement.bind(text: change.id, at: 2)
        statement.bind(text: change.field, at: 3)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        let version = FieldVersion(
            value: StoredValue.read(statement, at: 1),
            hlc: HLCTimestamp(wall: statement.int64(at: 3), logical: UInt32(clamping: statement.int64(at: 4))),
            dot: Dot(replica: statement.text(at: 5), counter: UInt64(clamping: statement.int64(at: 6))),
            clock: ClockText.decode(statement.text(at: 7)))
        return StoredVersion(seq: statement.int64(at: 0), version: version)
    }

    private func insertVersion(_ change: Change, seq: Int64) throws {
        let statement = statements.insertVersion
        statement.bind(int64: seq, at: 1)
        statement.bind(text: change.kind.rawValue, at: 2)
        statement.bind(text: change.id, at: 3)
        statement.bind(text: change.field, at: 4)
        StoredValue.bind(change.value, to: statement, at: 5)
        bindVersionTail(change, statement, from: 7)
        try statement.step()
        statement.reset()
    }

    private func replaceVersion(_ change: Change, oldSeq: Int64, seq: Int64) throws {
        let statement = statements.replaceVersion
        statement.bind(int64: seq, at: 1)
        StoredValue.bind(change.value, to: statement, at: 2)
        bindVersionTail(change, statement, from: 4)
        statement.bind(int64: oldSeq, at: 9)
        try statement.step()
        statement.reset()
    }

    /// Binds hlc wall, hlc logical, replica, counter, clock from `index` on.
    private func bindVersionTail(_ change: Change, _ statement: Statement, from index: Int32) {
        statement.bind(int64: change.hlc.wall, at: index)
        statement.bind(int64: Int64(change.hlc.logical), at: index + 1)
        statement.bind(text: change.replica, at: index + 2)
        statement.bind(int64: Int64(clamping: change.counter), at: index + 3)
        statement.bind(text: ClockText.encode(change.clock), at: index + 4)
    }

    private func logMerge(
        _ change: Change, winner: FieldVersion, loser: FieldVersion, anomaly: Bool, pushedBy: String, at: String
    ) throws {
        let statement = statements.insertMerge
        statement.bind(text: at, at: 1)
        statement.bind(text: change.kind.rawValue, at: 2)
        statement.bind(text: change.id, at: 3)
        statement.bind(text: change.field, at: 4)
        for (side, base) in [(winner, Int32(5)), (loser, Int32(10))] {
            StoredValue.bind(side.value, to: statement, at: base)
            statement.bind(text: side.hlc.description, at: base + 2)
            statement.bind(text: side.dot.replica, at: base + 3)
            statement.bind(int64: Int64(clamping: side.dot.counter), at: base + 4)
        }
        statement.bind(text: pushedBy, at: 15)
        statement.bind(int64: anomaly ? 1 : 0, at: 16)
        try statement.step()
        statement.reset()
    }

    private func mergeRecordClock(_ key: RecordKey, _ clock: VectorClock) throws {
        let select = statements.selectClock
        select.bind(text: key.kind.rawValue, at: 1)
        select.bind(text: key.id, at: 2)
        var merged = clock
        if try select.step() { merged.merge(ClockText.decode(select.text(at: 0))) }
        select.reset()
        let upsert = statements.upsertClock
        upsert.bind(text: key.kind.rawValue, at: 1)
        upsert.bind(text: key.id, at: 2)
        upsert.bind(text: ClockText.encode(merged), at: 3)
        try upsert.step()
        upsert.reset()
    }
}

/// The applier's prepared statements.
private struct Statements {
    let selectHighWater: Statement
    let upsertHighWater: Statement
    let selectVersion: Statement
    let insertVersion: Statement
    let replaceVersion: Statement
    let insertMerge: Statement
    let selectClock: Statement
    let upsertClock: Statement

    init(_ db: Database) throws {
        selectHighWater = try db.makeStatement(sql: "SELECT counter FROM replicas WHERE replica = ?")
        upsertHighWater = try db.makeStatement(sql: """
            INSERT INTO replicas(replica, counter, last_push_at) VALUES (?, ?, ?)
            ON CONFLICT(replica) DO UPDATE SET counter = max(counter, excluded.counter),
                last_push_at = excluded.last_push_at
            """)
        selectVersion = try db.makeStatement(sql: """
            SELECT seq, value_type, value, hlc_wall, hlc_logical, replica, counter, clock
            FROM field_versions WHERE kind = ? AND id = ? AND field = ?
            """)
        insertVersion = try db.makeStatement(sql: """
            INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical,
                replica, counter, clock) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        replaceVersion = try db.makeStatement(sql: """
            UPDATE field_versions SET seq = ?, value_type = ?, value = ?, hlc_wall = ?, hlc_logical = ?,
                replica = ?, counter = ?, clock = ? WHERE seq = ?
            """)
        insertMerge = try db.makeStatement(sql: """
            INSERT INTO merges(at, kind, id, field, winner_value_type, winner_value, winner_hlc,
                winner_replica, winner_counter, loser_value_type, loser_value, loser_hlc, loser_replica,
                loser_counter, pushed_by, anomaly) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        selectClock = try db.makeStatement(sql: "SELECT clock FROM record_clocks WHERE kind = ? AND id = ?")
        upsertClock = try db.makeStatement(sql: """
            INSERT INTO record_clocks(kind, id, clock) VALUES (?, ?, ?)
            ON CONFLICT(kind, id) DO UPDATE SET clock = excluded.clock
            """)
    }
}

/// A record's address.
