import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// Merges changes pulled from the server and moves the sync cursor, in one transaction
    /// committed without waiting for the disk (``transactionNotWaitingForDisk(_:)``).
    ///
    /// Each run of changes to one record goes through ``RecordMerger/plan(record:stored:incoming:)`` against the stored versions of its
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
        try apply(pulled: pulled, position: .feed(cursor))
    }

    /// Where a pulled page leaves the replica: the feed cursor, or the catch-up of a schema
    /// version (its own cursor; `finished` records the version as pulled).
    enum PullPosition {
        case feed(Int64)
        case catchUp(cursor: Int64, finished: Bool)
    }

    func apply(pulled: [Change], position: PullPosition) throws -> ApplyResult {
        // A page lost in a power cut is pulled again (its cursor goes with it): no fsync per page.
        return try transactionNotWaitingForDisk {
            let versions = try VersionTables(database: database, numbers: numbers)
            var state = try WriterState.load(database)
            var result = ApplyResult()
            var upsert = KindRowUpsert()
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
                try applyRun(
                    pulled[start..<end], versions: versions, upsert: &upsert, state: &state, result: &result, now: now)
                start = end
            }
            try state.save(database)
            switch position {
            case .feed(let cursor):
                try database.execute(sql: "UPDATE replica_meta SET sync_cursor = ?1", arguments: [.integer(cursor)])
            case .catchUp(let cursor, finished: false):
                try database.execute(sql: "UPDATE replica_meta SET catch_up_cursor = ?1", arguments: [.integer(cursor)])
            case .catchUp(_, finished: true):
                try database.execute(
                    sql: "UPDATE replica_meta SET catch_up_cursor = 0, pulled_schema = ?1",
                    arguments: [.integer(Int64(SchemaVersion.current))])
            }
            return result
        }
    }

    /// Merges consecutive changes of one record through ``RecordMerger``: this loads what the
    /// plan needs and writes what it says (winners, clock, digest, kind table row, conflicts).
    private func applyRun(
        _ run: ArraySlice<Change>, versions: VersionTables, upsert: inout KindRowUpsert, state: inout WriterState,
        result: inout ApplyResult, now: Int64
    ) throws {
        guard let first = run.first else { return }
        let table = KindTable.of(first.kind)
        let recordKey = first.record
        let incoming = run.map { change -> Change in
            state.hlc.receive(change.hlc)
            var change = change
            if let normalized = try? table.schema.normalize(field: change.field, value: change.value) {
                change.value = normalized
            }
            return change
        }
        let record = try versions.record(first.kind, first.id)
        var stored = StoredRecord(clock: record?.clock ?? VectorClock())
        if let record {
            if RecordMerger.needsAllVersions(incoming) {
                stored.versions = try versions.versions(record.key, kind: first.kind)
            } else {
                for field in Set(incoming.map(\.field)).union([Schema.deletedField]) {
                    stored.versions[field] = try versions.version(
                        record.key, field, type: table.schema.field(field)?.type)
                }
            }
        }
        let plan = RecordMerger.plan(record: recordKey, stored: stored, incoming: incoming)
        result.applied += plan.applied
        result.kept += plan.kept
        result.duplicates += plan.duplicates
        for entry in plan.log {
            let isOwn = entry.loser.dot.replica == state.replicaID
            switch entry.kind {
            case .conflict, .editVsDelete: result.conflicts += 1
            case .anomaly: result.anomalies += 1
            }
            if isOwn { result.ownEditsLost += 1 }
            try recordConflict(entry, isOwnEditLost: isOwn, at: now)
        }
        guard plan.isTouched else { return }
        let clockText = try numbers.encode(plan.clock)
        let key: Int64
        if let record {
            key = record.key
            try versions.setClock(record, kind: first.kind, id: first.id, clockText: clockText, delta: plan.digestDelta)
        } else {
            key = try versions.insert(first.kind, first.id, clockText: clockText, digest: plan.digestDelta)
        }
        var rows: [VersionTables.Row] = []
        rows.reserveCapacity(plan.writes.count)
        var columns: [String] = []
        var values: [SQLValue] = []
        for (field, version) in plan.writes {
            let row = try versions.row(field, version)
            rows.append(row)
            if table.hasColumn(field) {
                columns.append(field)
                values.append(row.value)
            }
        }
        try versions.save(key, rows)
        if !columns.isEmpty {
            let statement = try upsert.statement(first.kind, columns: columns, in: database)
            statement.bind(text: first.id, at: 1)
            for (i, value) in values.enumerated() { try statement.bind(value, at: Int32(i + 2)) }
            try statement.step()
        }
    }

    /// The conflicts this replica resolved, oldest first.
    /// - Parameter mark: only the conflicts recorded after this `seq` (0: the whole history).
    /// - Throws: ``ReplicaError`` `.damaged` for a row that cannot be read (no kind, no stamp);
    ///   ``SQLiteError``.
    public func conflicts(since mark: Int64 = 0) throws -> [ConflictEntry] {
        let rows = try database.query(
            sql: """
                SELECT seq, at_ms, kind, id, field, winner_value, winner_hlc, winner_replica, winner_counter,
                       loser_value, loser_hlc, loser_replica, loser_counter, own_lost, anomaly, edit_vs_delete
                FROM conflicts WHERE seq > ?1 ORDER BY seq
                """, arguments: [.integer(mark)])
        return try rows.map { row in
            let row = StoredRow(row: row, table: "conflicts", key: row[0], path: path)
            guard let kind = RecordKind(rawValue: try row.text(2)) else { throw row.damaged(2) }
            let field = try row.text(4)
            let type = Schema.of(kind).field(field)?.type
            func side(_ offset: Int) throws -> FieldVersion {
                guard let hlc = HLCTimestamp(try row.text(offset + 1)) else { throw row.damaged(offset + 1) }
                return FieldVersion(
                    value: StoredValue.field(row.row[offset], type: type), hlc: hlc,
                    dot: Dot(replica: try row.text(offset + 2), counter: UInt64(bitPattern: try row.integer(offset + 3))),
                    clock: VectorClock())
            }
            return ConflictEntry(
                seq: try row.integer(0), at: try row.integer(1), kind: kind, id: try row.text(3),
                field: field, winner: try side(5), loser: try side(9), isOwnEditLost: try row.integer(13) == 1,
                isAnomaly: try row.integer(14) == 1, isEditVsDelete: try row.integer(15) == 1)
        }
    }

    /// How many conflicts this replica resolved.
    public func conflictCount() throws -> Int {
        Int(try database.scalar(sql: "SELECT count(*) FROM conflicts")?.integerValue ?? 0)
    }

    /// Keeps a merge worth telling: a conflict, an anomaly or an edit concurrent with a removal.
    func recordConflict(_ entry: MergeLogEntry, isOwnEditLost: Bool, at: Int64) throws {
        let (winner, loser) = (entry.winner, entry.loser)
        try database.execute(
            sql: """
                INSERT INTO conflicts (at_ms, kind, id, field, winner_value, winner_hlc, winner_replica, winner_counter,
                    loser_value, loser_hlc, loser_replica, loser_counter, own_lost, anomaly, edit_vs_delete)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                """,
            arguments: [
                .integer(at), .text(entry.record.kind.rawValue), .text(entry.record.id), .text(entry.field),
                StoredValue.sql(winner.value), .text(winner.hlc.description), .text(winner.dot.replica),
                .integer(Int64(winner.dot.counter)),
                StoredValue.sql(loser.value), .text(loser.hlc.description), .text(loser.dot.replica),
                .integer(Int64(loser.dot.counter)), .integer(isOwnEditLost ? 1 : 0),
                .integer(entry.isAnomaly ? 1 : 0), .integer(entry.isEditVsDelete ? 1 : 0),
            ])
    }
}
