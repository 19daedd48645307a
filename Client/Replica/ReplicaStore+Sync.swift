import GisementShared
import GisementSQLite

/// The part of the store the sync client uses: the outbox, acknowledgements, settings, cursor.
extension ReplicaStore {
    /// The pending changes of this replica, oldest (lowest counter) first, leaving out set-aside ones.
    /// - Parameter limit: at most this many.
    /// - Throws: ``SQLiteError``.
    public func pendingChanges(limit: Int = Int.max) throws -> [Change] {
        let statement = try database.cachedStatement(
            sql: OutboxSQL.select + " WHERE o.counter NOT IN (SELECT counter FROM set_aside) ORDER BY o.counter LIMIT ?1")
        statement.bind(int64: Int64(min(limit, Int(Int64.max))), at: 1)
        return try OutboxSQL.changes(statement, replica: replicaID, numbers: numbers)
    }

    /// How many changes wait to be pushed (set-aside ones not counted).
    public func pendingCount() throws -> Int {
        // Two plain counts: every set-aside change is in the outbox, and a count without a
        // condition lets SQLite walk the table without testing each row.
        let all = try database.scalar(sql: "SELECT count(*) FROM outbox")?.integerValue ?? 0
        let aside = try database.scalar(sql: "SELECT count(*) FROM set_aside")?.integerValue ?? 0
        return Int(all - aside)
    }

    /// Removes acknowledged changes from the outbox. Dots of other replicas are ignored.
    /// - Throws: ``SQLiteError``.
    public func acknowledge(_ dots: [Dot]) throws {
        let own = dots.filter { $0.replica == replicaID }
        guard !own.isEmpty else { return }
        try transaction {
            let delete = try database.cachedStatement(sql: "DELETE FROM outbox WHERE counter = ?1")
            for dot in own {
                delete.reset()
                delete.bind(int64: Int64(dot.counter), at: 1)
                try delete.step()
            }
        }
    }

    /// Removes every pushed change up to `counter` from the outbox; set-aside changes stay.
    /// - Throws: ``SQLiteError``.
    public func acknowledge(upToCounter counter: UInt64) throws {
        try transaction {
            try database.execute(
                sql: "DELETE FROM outbox WHERE counter <= ?1 AND counter NOT IN (SELECT counter FROM set_aside)",
                arguments: [.integer(Int64(counter))])
        }
    }

    /// Sets a pending change aside: sync no longer pushes it, `status` shows it with `reason`.
    /// - Throws: ``ReplicaError`` `.notFound` when the dot is not a pending change of this replica.
    public func setAside(dot: Dot, reason: String) throws {
        try transaction {
            let exists = try database.scalar(
                sql: "SELECT 1 FROM outbox WHERE counter = ?1", arguments: [.integer(Int64(dot.counter))])
            guard dot.replica == replicaID, exists != nil else {
                throw ReplicaError(.notFound, "\(dot) is not a pending change of this replica")
            }
            try database.execute(
                sql: "INSERT OR REPLACE INTO set_aside (counter, replica, reason, at_ms) VALUES (?1, ?2, ?3, ?4)",
                arguments: [.integer(Int64(dot.counter)), .text(dot.replica), .text(reason), .integer(clock.now())])
        }
    }

    /// The changes set aside, oldest first, with their reasons.
    public func setAsideChanges() throws -> [SetAsideChange] {
        let statement = try database.cachedStatement(
            sql: """
                SELECT o.counter, r.kind, r.id, o.field, o.value, o.hlc_wall, o.hlc_logical, o.clock, s.reason, s.at_ms
                FROM outbox o JOIN records r ON r.key = o.record JOIN set_aside s ON s.counter = o.counter
                ORDER BY o.counter
                """)
        var result: [SetAsideChange] = []
        defer { statement.reset() }
        while try statement.step() {
            result.append(SetAsideChange(
                change: try OutboxSQL.change(statement, replica: replicaID, numbers: numbers), reason: statement.text(at: 8),
                at: statement.int64(at: 9)))
        }
        return result
    }

    /// The sync settings and position.
    public var syncState: SyncState {
        get throws {
            let row = try database.query(
                sql: """
                    SELECT replica_id, counter, hlc_wall, hlc_logical, server_url, token, agent, sync_cursor, last_sync_ms
                    FROM replica_meta
                    """)
            guard let row = row.first else {
                throw ReplicaError(.notInitialized, "\(path) holds no replica yet", path: path)
            }
            return SyncState(
                replicaID: row[0].textValue ?? replicaID, counter: UInt64(row[1].integerValue ?? 0),
                hlc: HLCTimestamp(wall: row[2].integerValue ?? 0, logical: UInt32(truncatingIfNeeded: row[3].integerValue ?? 0)),
                server: row[4].textValue, token: row[5].textValue, agent: row[6].textValue,
                cursor: row[7].integerValue ?? 0, lastSync: row[8].integerValue)
        }
    }

    /// Remembers a server URL and/or token; nil leaves the setting as it is.
    public func updateSyncSettings(server: String?, token: String?) throws {
        try transaction {
            if let server { try database.execute(sql: "UPDATE replica_meta SET server_url = ?1", arguments: [.text(server)]) }
            if let token { try database.execute(sql: "UPDATE replica_meta SET token = ?1", arguments: [.text(token)]) }
        }
    }

    /// Records the end of a successful sync, at `at` milliseconds since 1970 (default: now).
    public func recordSync(at: Int64? = nil) throws {
        try transaction {
            try database.execute(
                sql: "UPDATE replica_meta SET last_sync_ms = ?1", arguments: [.integer(at ?? clock.now())])
        }
    }

    /// Takes a new replica id after a restore from an old copy, so that no dot the server already
    /// holds is issued again: every outbox change (set-aside ones too) is stamped again under
    /// `newID` with counters from 1 in the same order, keeping its value and HLC; the record clocks
    /// and the field versions that carried the old dots take the new ones. One transaction.
    /// - Returns: how many pending changes were stamped again.
    /// - Throws: ``ReplicaError`` `.invalid` for a bad or unchanged id; ``SQLiteError``.
    @discardableResult
    public func rotateReplicaID(newID: ReplicaID) throws -> Int {
        if let why = Identifier.problem(with: newID) { throw ReplicaError(.invalid, "the replica id '\(newID)' \(why)") }
        guard newID != replicaID else { throw ReplicaError(.invalid, "the new replica id equals the current one") }
        return try transaction {
            let oldID = try WriterState.load(database).replicaID
            let pending = try OutboxSQL.changes(
                try database.cachedStatement(sql: OutboxSQL.select + " ORDER BY o.counter"), replica: oldID,
                numbers: numbers)
            let versions = try VersionTables(database: database, numbers: numbers)
            for (i, change) in pending.enumerated() {
                let newDot = Dot(replica: newID, counter: UInt64(i + 1))
                var clock = change.clock
                clock.include(newDot)
                let text = try numbers.encode(clock)
                try database.execute(
                    sql: "UPDATE outbox SET counter = ?1, clock = ?2 WHERE counter = ?3",
                    arguments: [.integer(Int64(newDot.counter)), .text(text), .integer(Int64(change.counter))])
                try database.execute(
                    sql: "UPDATE set_aside SET counter = ?1, replica = ?2 WHERE counter = ?3",
                    arguments: [.integer(Int64(newDot.counter)), .text(newID), .integer(Int64(change.counter))])
                guard let record = try versions.record(change.kind, change.id) else { continue }
                let type = Schema.of(change.kind).field(change.field)?.type
                if var stored = try versions.version(record.key, change.field, type: type), stored.dot == change.dot {
                    stored.dot = newDot
                    stored.clock = clock
                    try versions.save(record.key, change.field, stored, clockText: text)
                }
                var recordClock = record.clock
                recordClock.include(newDot)
                try versions.setClock(record.key, clockText: try numbers.encode(recordClock))
            }
            try database.execute(
                sql: "UPDATE replica_meta SET replica_id = ?1, counter = ?2",
                arguments: [.text(newID), .integer(Int64(pending.count))])
            replicaID = newID
            return pending.count
        }
    }
}

/// The SQL of the outbox: its rows joined to their records.
enum OutboxSQL {
    static let select = """
        SELECT o.counter, r.kind, r.id, o.field, o.value, o.hlc_wall, o.hlc_logical, o.clock
        FROM outbox o JOIN records r ON r.key = o.record
        """

    /// Reads every row of a `select` statement (already bound) as changes of `replica`.
    static func changes(_ statement: Statement, replica: ReplicaID, numbers: ReplicaNumbers) throws -> [Change] {
        defer { statement.reset() }
        var changes: [Change] = []
        while try statement.step() { changes.append(try change(statement, replica: replica, numbers: numbers)) }
        return changes
    }

    static func change(_ statement: Statement, replica: ReplicaID, numbers: ReplicaNumbers) throws -> Change {
        let kind = KindCode.kind(statement.int64(at: 1)) ?? .collection
        let field = statement.text(at: 3)
        return Change(
            kind: kind, id: statement.text(at: 2), field: field,
            value: StoredValue.field(statement, 4, type: Schema.of(kind).field(field)?.type),
            hlc: HLCTimestamp(wall: statement.int64(at: 5), logical: UInt32(truncatingIfNeeded: statement.int64(at: 6))),
            replica: replica, counter: UInt64(statement.int64(at: 0)), clock: try numbers.decode(statement.text(at: 7)))
    }
}
