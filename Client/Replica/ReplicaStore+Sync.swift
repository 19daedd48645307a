import GisementShared
import GisementSQLite

/// The part of the store the sync client uses: the outbox, acknowledgements, settings, cursor.
extension ReplicaStore {
    /// The pending changes of this replica, oldest (lowest counter) first, leaving out set-aside ones.
    /// - Parameters:
    ///   - limit: at most this many.
    ///   - schema: the server's schema version; changes to fields it cannot hold stay in the outbox.
    ///   - counter: only changes above this counter: the push reads batch N+1 while batch N, still
    ///     in the outbox, is on its way.
    /// - Throws: ``SQLiteError``, ``ReplicaError`` `.damaged`.
    public func pendingChanges(
        limit: Int = Int.max, heldAbove schema: Int = SchemaVersion.current, after counter: UInt64 = 0
    ) throws -> [Change] {
        // Rows that are not set aside never interleave (see ``Outbox``), so `last > counter` skips
        // whole rows below the mark in `first` order and keeps the one row that straddles it.
        let statement = try database.cachedStatement(
            sql: OutboxSQL.select
                + " WHERE o.last > ?1 AND o.first NOT IN (SELECT counter FROM set_aside) ORDER BY o.first")
        statement.bind(int64: Int64(counter), at: 1)
        let holdsAll = schema >= SchemaVersion.current
        var changes: [Change] = []
        try OutboxSQL.forEachChange(statement, replica: replicaID, numbers: numbers) { change in
            guard changes.count < limit else { return false }
            if change.counter > counter, holdsAll || SchemaVersion.holds(schema, kind: change.kind, field: change.field) {
                changes.append(change)
            }
            return true
        }
        return changes
    }

    /// How many changes wait to be pushed (set-aside ones not counted).
    public func pendingCount() throws -> Int {
        try Outbox(database: database).pendingCount()
    }

    /// Removes acknowledged changes from the outbox. Dots of other replicas are ignored.
    ///
    /// Committed without waiting for the disk (``transactionNotWaitingForDisk(_:)``): an
    /// acknowledgement lost in a power cut only means the batch is pushed again and the server
    /// counts it as duplicates. A push makes one per batch, and each fsync was 3–4 ms on the
    /// development machine.
    /// - Throws: ``SQLiteError``.
    public func acknowledge(_ dots: [Dot]) throws {
        let own = dots.filter { $0.replica == replicaID }
        guard !own.isEmpty else { return }
        let highest = own.map(\.counter).max() ?? 0
        try transactionNotWaitingForDisk {
            try Outbox(database: database).remove(counters: own.map(\.counter))
            // The highest own counter the server acknowledged: a server that later holds less went back.
            try database.execute(
                sql: """
                    INSERT INTO sync_sent (replica_id, counter, acked) VALUES (?1, ?2, ?2)
                    ON CONFLICT (replica_id) DO UPDATE SET acked = max(acked, excluded.acked)
                    """,
                arguments: [.text(replicaID), .integer(Int64(highest))])
        }
    }

    /// Removes every pushed change up to `counter` from the outbox; set-aside changes stay.
    /// - Throws: ``SQLiteError``.
    public func acknowledge(upToCounter counter: UInt64) throws {
        try transaction { try Outbox(database: database).remove(upTo: counter) }
    }

    /// Sets a pending change aside: sync no longer pushes it, `status` shows it with `reason`.
    /// - Throws: ``ReplicaError`` `.notFound` when the dot is not a pending change of this replica.
    public func setAside(dot: Dot, reason: String) throws {
        try transaction {
            guard dot.replica == replicaID, try Outbox(database: database).isolate(counter: dot.counter) != nil else {
                throw ReplicaError(.notFound, "\(dot) is not a pending change of this replica")
            }
            try database.execute(
                sql: "INSERT OR REPLACE INTO set_aside (counter, replica, reason, at_ms) VALUES (?1, ?2, ?3, ?4)",
                arguments: [.integer(Int64(dot.counter)), .text(dot.replica), .text(reason), .integer(clock.now())])
        }
    }

    /// The changes set aside, oldest first, with their reasons.
    public func setAsideChanges() throws -> [SetAsideChange] {
        var reasons: [UInt64: (reason: String, at: Int64)] = [:]
        for row in try database.query(sql: "SELECT counter, reason, at_ms FROM set_aside") {
            let row = StoredRow(row: row, table: "set_aside", key: row[0], path: path)
            reasons[UInt64(bitPattern: try row.integer(0))] = (try row.text(1), try row.integer(2))
        }
        // Each set-aside change has an outbox row of its own, keyed by its counter.
        let rows = try database.cachedStatement(
            sql: OutboxSQL.select + " WHERE o.first IN (SELECT counter FROM set_aside) ORDER BY o.first")
        var result: [SetAsideChange] = []
        try OutboxSQL.forEachChange(rows, replica: replicaID, numbers: numbers) { change in
            if let note = reasons[change.counter] {
                result.append(SetAsideChange(change: change, reason: note.reason, at: note.at))
            }
            return true
        }
        return result
    }

    /// The sync settings and position.
    public var syncState: SyncState {
        get throws {
            let rows = try database.query(
                sql: """
                    SELECT replica_id, counter, hlc_wall, hlc_logical, server_url, token, agent, sync_cursor, last_sync_ms
                    FROM replica_meta
                    """)
            guard let first = rows.first else {
                throw ReplicaError.notInitialized(path)
            }
            let row = StoredRow(row: first, table: "replica_meta", key: .integer(1), path: path)
            return SyncState(
                replicaID: try row.text(0), counter: UInt64(bitPattern: try row.integer(1)),
                hlc: HLCTimestamp(wall: try row.integer(2), logical: UInt32(truncatingIfNeeded: try row.integer(3))),
                server: first[4].textValue, token: first[5].textValue, agent: first[6].textValue,
                cursor: try row.integer(7), lastSync: first[8].integerValue)
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

    /// Holds `<replica>.sync-lock` for as long as the returned value lives: one sync at a time per
    /// replica file (two at once could take each other's push for a restored copy). When another
    /// sync holds it, calls `waiting` once and waits. Nil where no lock file can be made (a
    /// read-only folder): that sync runs unguarded, as before.
    public func lockForSync(waiting: () -> Void) -> AnyObject? {
        try? FileLock.acquire(path: path + ".sync-lock", waiting: waiting)
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
            let outbox = Outbox(database: database)
            var rows: [Outbox.Row] = []
            try Outbox.forEachRow(try database.cachedStatement(sql: "SELECT first, record, changes FROM outbox ORDER BY first"), path: path) {
                rows.append($0)
                return true
            }
            // New counters follow the old order across every row (set-aside rows sit inside others' spans).
            let oldCounters = rows.flatMap { $0.entries.map(\.counter) }.sorted()
            var newCounter: [UInt64: UInt64] = [:]
            // The old id's dots from the first one stamped again on belong to the copy that keeps
            // the old id: the clocks forget them, or that copy's next writes would carry clocks
            // that already hold its own new dots (a change every server refuses).
            let keptOfOldID = (oldCounters.first ?? 1) - 1
            for (i, counter) in oldCounters.enumerated() { newCounter[counter] = UInt64(i + 1) }
            let versions = try VersionTables(database: database, numbers: numbers)
            try database.execute(sql: "DELETE FROM outbox")
            for var row in rows {
                let (kind, id) = try outbox.recordOf(row)
                let stored = try versions.record(kind, id)
                var recordClock = stored?.clock
                recordClock?.limit(oldID, to: keptOfOldID)
                var delta: UInt64 = 0
                for i in row.entries.indices {
                    let old = row.entries[i]
                    let newDot = Dot(replica: newID, counter: newCounter[old.counter]!)
                    var clock = try numbers.decode(old.clockText, ownDot: Dot(replica: oldID, counter: old.counter))
                    clock.limit(oldID, to: keptOfOldID)
                    clock.include(newDot)
                    let text = try numbers.encode(clock)
                    row.entries[i].counter = newDot.counter
                    row.entries[i].clockText = text
                    try database.execute(
                        sql: "UPDATE set_aside SET counter = ?1, replica = ?2 WHERE counter = ?3",
                        arguments: [.integer(Int64(newDot.counter)), .text(newID), .integer(Int64(old.counter))])
                    let type = Schema.of(kind).field(old.field)?.type
                    if var version = try versions.version(row.record, old.field, type: type),
                        version.dot == Dot(replica: oldID, counter: old.counter)
                    {
                        let address = RecordKey(kind: kind, id: id)
                        delta &-= VersionDigest.hash(address, field: old.field, version)
                        version.dot = newDot
                        version.clock = clock
                        delta &+= VersionDigest.hash(address, field: old.field, version)
                        try versions.save(row.record, [try versions.row(old.field, version)])
                    }
                    recordClock?.include(newDot)
                }
                if let stored, let recordClock {
                    try versions.setClock(
                        stored, kind: kind, id: id, clockText: try numbers.encode(recordClock), delta: delta)
                }
                try outbox.append(record: row.record, entries: row.entries)
            }
            try database.execute(
                sql: "UPDATE replica_meta SET replica_id = ?1, counter = ?2",
                arguments: [.text(newID), .integer(Int64(oldCounters.count))])
            replicaID = newID
            return oldCounters.count
        }
    }
}

/// The SQL of the outbox: its rows joined to their records.
enum OutboxSQL {
    /// A left join: an outbox row whose record is missing is a damaged file, never a row to skip.
    static let select = """
        SELECT o.first, o.record, o.changes, r.kind, r.id
        FROM outbox o LEFT JOIN records r ON r.key = o.record
        """

    /// Reads the rows of a `select` statement (already bound) as changes of `replica`, in order,
    /// until `body` returns false.
    static func forEachChange(
        _ statement: Statement, replica: ReplicaID, numbers: ReplicaNumbers, _ body: (Change) throws -> Bool
    ) throws {
        try Outbox.forEachRow(statement, path: numbers.path) { row in
            guard !statement.isNull(at: 3) else {
                throw ReplicaDamage.missingRecord(row.record, table: "outbox", path: numbers.path)
            }
            let kind = try KindCode.kind(statement.int64(at: 3), path: numbers.path)
            let schema = Schema.of(kind)
            let id = statement.text(at: 4)
            for entry in row.entries {
                let change = Change(
                    kind: kind, id: id, field: entry.field,
                    value: StoredValue.field(entry.value, type: schema.field(entry.field)?.type), hlc: entry.hlc,
                    replica: replica, counter: entry.counter,
                    clock: try numbers.decode(entry.clockText, ownDot: Dot(replica: replica, counter: entry.counter)))
                guard try body(change) else { return false }
            }
            return true
        }
    }
}
