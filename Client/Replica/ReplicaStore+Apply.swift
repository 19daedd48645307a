import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// Merges changes pulled from the server and moves the sync cursor, in one transaction.
    ///
    /// Each change goes through ``Merger/decide(stored:incoming:)`` against the stored version of its
    /// field; a winner replaces the stored version and the kind table's column. The record's clock
    /// takes the change's clock, the HLC moves with `receive`, so later local writes are stamped after
    /// everything seen. Concurrent writes of different values and clock anomalies are recorded in
    /// `conflicts` with both sides, marked when the losing side is this replica's own edit.
    /// Values are put in canonical form by the schema; a field this version does not know is kept
    /// in `field_versions` only (no column holds it).
    /// - Parameters:
    ///   - pulled: the changes, in feed order.
    ///   - cursor: the feed position they were read up to.
    /// - Throws: ``SQLiteError``; nothing is applied then.
    @discardableResult
    public func apply(pulled: [Change], cursor: Int64) throws -> ApplyResult {
        return try transaction {
            let versions = try VersionTables(database: database, numbers: numbers)
            var state = try WriterState.load(database)
            var result = ApplyResult()
            let now = clock.now()
            // The feed holds the fields of one write next to each other: each run of changes to
            // the same record is merged with one lookup of the record, one clock write, one
            // multi-row save of the winners and one upsert of the kind table's row.
            var start = pulled.startIndex
            while start < pulled.endIndex {
                var end = start + 1
                while end < pulled.endIndex, pulled[end].id == pulled[start].id, pulled[end].kind == pulled[start].kind {
                    end += 1
                }
                try applyRun(pulled[start..<end], versions: versions, state: &state, result: &result, now: now)
                start = end
            }
            try state.save(database)
            try database.execute(sql: "UPDATE replica_meta SET sync_cursor = ?1", arguments: [.integer(cursor)])
            return result
        }
    }

    /// Merges consecutive changes of one record. A field changed twice in the run is decided
    /// against the first change's outcome, exactly as if they were applied one by one.
    private func applyRun(
        _ run: ArraySlice<Change>, versions: VersionTables, state: inout WriterState, result: inout ApplyResult, now: Int64
    ) throws {
        guard let first = run.first else { return }
        let table = KindTable.of(first.kind)
        let record = try versions.record(first.kind, first.id)
        var recordClock = record?.clock ?? VectorClock()
        var touched = false
        // The version each field holds so far in this run (loaded, or won within the run).
        var current: [String: FieldVersion?] = [:]
        var winners: [(field: String, version: FieldVersion)] = []
        for change in run {
            var incoming = change.version
            if let normalized = try? table.schema.normalize(field: change.field, value: change.value) {
                incoming.value = normalized
            }
            let stored: FieldVersion?
            if let decided = current[change.field] {
                stored = decided
            } else if let record {
                stored = try versions.version(record.key, change.field, type: table.schema.field(change.field)?.type)
            } else {
                stored = nil
            }
            let decision = Merger.decide(stored: stored, incoming: incoming)
            state.hlc.receive(change.hlc)
            if decision.action == .duplicate {
                result.duplicates += 1
                current[change.field] = stored
                continue
            }
            touched = true
            recordClock = recordClock.merged(with: change.clock)
            if decision.replacesStored {
                result.applied += 1
                current[change.field] = incoming
                if let i = winners.firstIndex(where: { $0.field == change.field }) {
                    winners[i].version = incoming
                } else {
                    winners.append((change.field, incoming))
                }
            } else {
                result.kept += 1
                current[change.field] = stored
            }
            if decision.isLogged, let stored {
                let (winner, loser) = decision.action == .replace ? (incoming, stored) : (stored, incoming)
                let isOwn = loser.dot.replica == state.replicaID
                if decision.isConflict { result.conflicts += 1 }
                if decision.isAnomaly { result.anomalies += 1 }
                if isOwn { result.ownEditsLost += 1 }
                try recordConflict(
                    kind: change.kind, id: change.id, field: change.field, winner: winner, loser: loser,
                    isOwnEditLost: isOwn, isAnomaly: decision.isAnomaly, at: now)
            }
        }
        guard touched else { return }
        let clockText = try numbers.encode(recordClock)
        let key: Int64
        if let record {
            key = record.key
            try versions.setClock(key, clockText: clockText)
        } else {
            key = try versions.insert(first.kind, first.id, clockText: clockText)
        }
        var rows: [VersionTables.Row] = []
        rows.reserveCapacity(winners.count)
        var columns: [String] = []
        var values: [SQLValue] = []
        for (field, version) in winners {
            let row = try versions.row(field, version)
            rows.append(row)
            if table.hasColumn(field) {
                columns.append(field)
                values.append(row.value)
            }
        }
        try versions.save(key, rows)
        if !columns.isEmpty {
            let upsert = try database.cachedStatement(sql: table.upsert(fields: columns))
            upsert.bind(text: first.id, at: 1)
            for (i, value) in values.enumerated() { try upsert.bind(value, at: Int32(i + 2)) }
            try upsert.step()
        }
    }

    /// The conflicts this replica resolved, oldest first.
    /// - Parameter mark: only the conflicts recorded after this `seq` (0: the whole history).
    /// - Throws: ``SQLiteError``.
    public func conflicts(since mark: Int64 = 0) throws -> [ConflictEntry] {
        let rows = try database.query(
            sql: """
                SELECT seq, at_ms, kind, id, field, winner_value, winner_hlc, winner_replica, winner_counter,
                       loser_value, loser_hlc, loser_replica, loser_counter, own_lost, anomaly
                FROM conflicts WHERE seq > ?1 ORDER BY seq
                """, arguments: [.integer(mark)])
        return rows.compactMap { row in
            guard let kind = RecordKind(rawValue: row[2].textValue ?? "") else { return nil }
            let field = row[4].textValue ?? ""
            let type = Schema.of(kind).field(field)?.type
            func side(_ offset: Int) -> FieldVersion {
                FieldVersion(
                    value: StoredValue.field(row[offset], type: type),
                    hlc: HLCTimestamp(row[offset + 1].textValue ?? "") ?? .zero,
                    dot: Dot(replica: row[offset + 2].textValue ?? "", counter: UInt64(row[offset + 3].integerValue ?? 0)),
                    clock: VectorClock())
            }
            return ConflictEntry(
                seq: row[0].integerValue ?? 0, at: row[1].integerValue ?? 0, kind: kind, id: row[3].textValue ?? "",
                field: field, winner: side(5), loser: side(9), isOwnEditLost: row[13].integerValue == 1,
                isAnomaly: row[14].integerValue == 1)
        }
    }

    /// How many conflicts this replica resolved.
    public func conflictCount() throws -> Int {
        Int(try database.scalar(sql: "SELECT count(*) FROM conflicts")?.integerValue ?? 0)
    }

    private func recordConflict(
        kind: RecordKind, id: RecordID, field: String, winner: FieldVersion, loser: FieldVersion,
        isOwnEditLost: Bool, isAnomaly: Bool, at: Int64
    ) throws {
        try database.execute(
            sql: """
                INSERT INTO conflicts (at_ms, kind, id, field, winner_value, winner_hlc, winner_replica, winner_counter,
                    loser_value, loser_hlc, loser_replica, loser_counter, own_lost, anomaly)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                """,
            arguments: [
                .integer(at), .text(kind.rawValue), .text(id), .text(field),
                StoredValue.sql(winner.value), .text(winner.hlc.description), .text(winner.dot.replica),
                .integer(Int64(winner.dot.counter)),
                StoredValue.sql(loser.value), .text(loser.hlc.description), .text(loser.dot.replica),
                .integer(Int64(loser.dot.counter)), .integer(isOwnEditLost ? 1 : 0), .integer(isAnomaly ? 1 : 0),
            ])
    }
}
