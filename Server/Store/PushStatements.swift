import GisementSQLite
import GisementShared

/// The push applier's prepared statements, each behind a method that binds, steps and resets it.
struct PushStatements: PushRows {
    private let db: Database
    struct Run {
        let statement: Statement
        fileprivate func execute(_ bind: (Statement) -> Void) throws {
            bind(statement)
            defer { statement.reset() }
            try statement.step()
        }
    }

    private let selectOwner: Statement
    private let claimStatement: ClaimReplica
    private let raiseOwnStatement: RaiseHigh
    private let raiseRelayedStatement: RaiseHigh
    private let selectDot: Statement
    private let saveDotStatement: SaveDot
    private let selectVersions: Statement
    private let selectRecord: Statement
    private let insertVersionStatement: InsertVersion
    private let replaceVersionStatement: ReplaceVersion
    private let saveRecordStatement: SaveRecord
    private let addToBucketStatement: AddToBucket
    private let insertMergeStatement: InsertMerge
    /// Scopes (migration 004): a record's key on its rows, a row moved to a new position, an exit.
    private let setScopeKeyStatement: Statement
    private let moveRowStatement: Statement
    private let insertExitStatement: Statement
    private let savePartnerCreatorStatement: Statement
    private let addToTokenScopeStatement: Statement

    init(_ db: Database) throws {
        self.db = db
        selectOwner = try db.makeStatement(sql: "SELECT owner FROM replicas WHERE replica = ?")
        claimStatement = ClaimReplica(statement: try db.makeStatement(sql: """
            INSERT INTO replicas(replica, counter, last_push_at, owner) VALUES (?1, 0, '', ?2)
            ON CONFLICT(replica) DO UPDATE SET owner = ?2
            """))
        raiseOwnStatement = RaiseHigh(statement: try db.makeStatement(sql: """
            INSERT INTO replicas(replica, counter, last_push_at) VALUES (?1, ?2, ?3)
            ON CONFLICT(replica) DO UPDATE SET counter = max(counter, ?2), last_push_at = ?3
            """))
        raiseRelayedStatement = RaiseHigh(statement: try db.makeStatement(sql: """
            INSERT INTO replicas(replica, counter, last_push_at, relayed_counter) VALUES (?1, 0, ?3, ?2)
            ON CONFLICT(replica) DO UPDATE SET relayed_counter = max(relayed_counter, ?2)
            """))
        selectDot = try db.makeStatement(sql: "SELECT digest, relayed FROM dots WHERE replica = ? AND counter = ?")
        saveDotStatement = SaveDot(statement: try db.makeStatement(sql: """
            INSERT INTO dots(replica, counter, digest, relayed) VALUES (?, ?, ?, ?)
            ON CONFLICT(replica, counter) DO UPDATE SET digest = excluded.digest, relayed = excluded.relayed
            """))
        selectVersions = try db.makeStatement(sql: """
            SELECT field, seq, value_type, value, hlc_wall, hlc_logical, replica, counter, clock
            FROM field_versions WHERE kind = ? AND id = ?
            """)
        selectRecord = try db.makeStatement(sql: "SELECT clock, digest, scope_key FROM record_clocks WHERE kind = ? AND id = ?")
        setScopeKeyStatement = try db.makeStatement(sql: """
            UPDATE field_versions SET scope_key = ?3 WHERE kind = ?1 AND id = ?2 AND scope_key IS NOT ?3
            """)
        moveRowStatement = try db.makeStatement(sql: "UPDATE field_versions SET seq = ? WHERE seq = ?")
        insertExitStatement = try db.makeStatement(sql: "INSERT INTO feed_exits(seq, scope_key, kind, id) VALUES (?, ?, ?, ?)")
        savePartnerCreatorStatement = try db.makeStatement(sql: "INSERT OR IGNORE INTO partner_creators(partner, token) VALUES (?, ?)")
        addToTokenScopeStatement = try db.makeStatement(sql: "INSERT OR IGNORE INTO token_scopes(token, key) VALUES (?, ?)")
        insertVersionStatement = InsertVersion(statement: try db.makeStatement(sql: """
            INSERT INTO field_versions(seq, kind, id, field, value_type, value, hlc_wall, hlc_logical,
                replica, counter, clock, schema_version, scope_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        replaceVersionStatement = ReplaceVersion(statement: try db.makeStatement(sql: """
            UPDATE field_versions SET seq = ?, value_type = ?, value = ?, hlc_wall = ?, hlc_logical = ?,
                replica = ?, counter = ?, clock = ? WHERE seq = ?
            """))
        saveRecordStatement = SaveRecord(statement: try db.makeStatement(sql: """
            INSERT INTO record_clocks(kind, id, clock, digest, bucket, scope_key) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(kind, id) DO UPDATE SET clock = excluded.clock, digest = excluded.digest,
                scope_key = excluded.scope_key
            """))
        addToBucketStatement = AddToBucket(
            select: try db.makeStatement(sql: "SELECT digest, records FROM digest_buckets WHERE bucket = ?"),
            save: try db.makeStatement(sql: "INSERT OR REPLACE INTO digest_buckets(bucket, digest, records) VALUES (?, ?, ?)"))
        insertMergeStatement = InsertMerge(statement: try db.makeStatement(sql: """
            INSERT INTO merges(at, kind, id, field, winner_value_type, winner_value, winner_hlc,
                winner_replica, winner_counter, loser_value_type, loser_value, loser_hlc, loser_replica,
                loser_counter, pushed_by, anomaly, edit_vs_delete)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
    }

    func owner(of replica: ReplicaID) throws -> String? {
        selectOwner.bind(text: replica, at: 1)
        defer { selectOwner.reset() }
        guard try selectOwner.step(), !selectOwner.isNull(at: 0) else { return nil }
        return selectOwner.text(at: 0)
    }

    func heldDot(_ dot: Dot) throws -> (digest: UInt64, relayed: Bool)? {
        selectDot.bind(text: dot.replica, at: 1)
        selectDot.bind(int64: Int64(clamping: dot.counter), at: 2)
        defer { selectDot.reset() }
        guard try selectDot.step() else { return nil }
        return (UInt64(bitPattern: selectDot.int64(at: 0)), selectDot.int64(at: 1) != 0)
    }

    func loadRecord(_ key: RecordKey) throws -> LoadedRecord {
        var loaded = LoadedRecord()
        do {
            // Reset even when a damaged clock throws: the writer's next push binds this statement
            // again, and a bind on a statement left running fails (it would read the old record).
            defer { selectRecord.reset() }
            selectRecord.bind(text: key.kind.rawValue, at: 1)
            selectRecord.bind(text: key.id, at: 2)
            if try selectRecord.step() {
                loaded.exists = true
                loaded.record.clock = try StoreRow(statement: selectRecord, table: "record_clocks", key: .text(key.id)).clock(0)
                loaded.digest = UInt64(bitPattern: selectRecord.int64(at: 1))
                loaded.scopeKey = selectRecord.isNull(at: 2) ? nil : selectRecord.text(at: 2)
            }
        }
        selectVersions.bind(text: key.kind.rawValue, at: 1)
        selectVersions.bind(text: key.id, at: 2)
        defer { selectVersions.reset() }
        while try selectVersions.step() {
            let row = StoreRow(statement: selectVersions, table: "field_versions", keyColumn: 1)
            let field = selectVersions.text(at: 0)
            loaded.seqs[field] = selectVersions.int64(at: 1)
            loaded.record.versions[field] = FieldVersion(
                value: try row.value(2),
                hlc: HLCTimestamp(wall: selectVersions.int64(at: 4), logical: UInt32(clamping: selectVersions.int64(at: 5))),
                dot: Dot(replica: selectVersions.text(at: 6), counter: UInt64(clamping: selectVersions.int64(at: 7))),
                clock: try row.clock(8))
        }
        return loaded
    }


    // MARK: PushRows

    func claimReplica(_ replica: ReplicaID, by token: String) throws { try claimStatement.run(replica, token) }

    func raiseOwnHigh(_ replica: ReplicaID, to counter: UInt64, at: String) throws {
        try raiseOwnStatement.run(replica, counter, at)
    }

    func raiseRelayedHigh(_ replica: ReplicaID, to counter: UInt64, at: String) throws {
        try raiseRelayedStatement.run(replica, counter, at)
    }

    func saveDot(_ dot: Dot, hash: UInt64, relayed: Bool) throws { try saveDotStatement.run(dot, hash, relayed: relayed) }

    func insertVersion(seq: Int64, record: RecordKey, field: String, _ version: FieldVersion, scopeKey: String?) throws {
        try insertVersionStatement.run(seq, record, field, version, scopeKey: scopeKey)
    }

    func replaceVersion(oldSeq: Int64, seq: Int64, _ version: FieldVersion) throws {
        try replaceVersionStatement.run(oldSeq, seq, version)
    }

    func saveRecord(_ key: RecordKey, clock: VectorClock, digest: UInt64, bucket: Int, scopeKey: String?) throws {
        try saveRecordStatement.run(key, clock, digest: digest, bucket: bucket, scopeKey: scopeKey)
    }

    func addToBucket(_ bucket: Int, digest: UInt64, records: Int64) throws {
        try addToBucketStatement.run(bucket, digest, records)
    }

    func insertMerge(_ entry: MergeLogEntry, pushedBy: String, at: String) throws {
        try insertMergeStatement.run(entry, pushedBy: pushedBy, at: at)
    }

    func setScopeKey(_ record: RecordKey, _ scopeKey: String?) throws {
        try Run(statement: setScopeKeyStatement).execute {
            $0.bind(text: record.kind.rawValue, at: 1)
            $0.bind(text: record.id, at: 2)
            if let scopeKey { $0.bind(text: scopeKey, at: 3) } else { $0.bindNull(at: 3) }
        }
    }

    func moveRow(from oldSeq: Int64, to seq: Int64) throws {
        try Run(statement: moveRowStatement).execute {
            $0.bind(int64: seq, at: 1)
            $0.bind(int64: oldSeq, at: 2)
        }
    }

    func insertExit(seq: Int64, scopeKey: String, record: RecordKey) throws {
        try Run(statement: insertExitStatement).execute {
            $0.bind(int64: seq, at: 1)
            $0.bind(text: scopeKey, at: 2)
            $0.bind(text: record.kind.rawValue, at: 3)
            $0.bind(text: record.id, at: 4)
        }
    }

    func savePartnerCreator(partner: RecordID, token: String) throws {
        try Run(statement: savePartnerCreatorStatement).execute {
            $0.bind(text: partner, at: 1)
            $0.bind(text: token, at: 2)
        }
    }

    func addToTokenScope(token: String, key: String) throws {
        try Run(statement: addToTokenScopeStatement).execute {
            $0.bind(text: token, at: 1)
            $0.bind(text: key, at: 2)
        }
    }

    func storedScopeKey(of record: RecordKey) throws -> (exists: Bool, key: String?) {
        let statement = try db.cachedStatement(sql: "SELECT scope_key FROM record_clocks WHERE kind = ? AND id = ?")
        statement.bind(text: record.kind.rawValue, at: 1)
        statement.bind(text: record.id, at: 2)
        defer { statement.reset() }
        guard try statement.step() else { return (false, nil) }
        return (true, statement.isNull(at: 0) ? nil : statement.text(at: 0))
    }

    func expandScope(token: String, scope: Set<String>) throws -> ScopeHolds {
        try ScopeHolds.expand(db, token: token, scope: scope)
    }

    // MARK: Writes

    struct ClaimReplica {
        let statement: Statement
        func run(_ replica: ReplicaID, _ token: String) throws {
            try Run(statement: statement).execute {
                $0.bind(text: replica, at: 1)
                $0.bind(text: token, at: 2)
            }
        }
    }

    struct RaiseHigh {
        let statement: Statement
        func run(_ replica: ReplicaID, _ counter: UInt64, _ at: String) throws {
            try Run(statement: statement).execute {
                $0.bind(text: replica, at: 1)
                $0.bind(int64: Int64(clamping: counter), at: 2)
                $0.bind(text: at, at: 3)
            }
        }
    }

    struct SaveDot {
        let statement: Statement
        func run(_ dot: Dot, _ hash: UInt64, relayed: Bool) throws {
            try Run(statement: statement).execute {
                $0.bind(text: dot.replica, at: 1)
                $0.bind(int64: Int64(clamping: dot.counter), at: 2)
                $0.bind(int64: Int64(bitPattern: hash), at: 3)
                $0.bind(int64: relayed ? 1 : 0, at: 4)
            }
        }
    }

    struct InsertVersion {
        let statement: Statement
        func run(_ seq: Int64, _ key: RecordKey, _ field: String, _ version: FieldVersion, scopeKey: String?) throws {
            try Run(statement: statement).execute {
                if let scopeKey { $0.bind(text: scopeKey, at: 13) } else { $0.bindNull(at: 13) }
                $0.bind(int64: seq, at: 1)
                $0.bind(text: key.kind.rawValue, at: 2)
                $0.bind(text: key.id, at: 3)
                $0.bind(text: field, at: 4)
                StoredValue.bind(version.value, to: $0, at: 5)
                bindTail(version, $0, from: 7)
                $0.bind(int64: Int64(SchemaVersion.introducing(kind: key.kind, field: field)), at: 12)
            }
        }
    }

    struct ReplaceVersion {
        let statement: Statement
        func run(_ oldSeq: Int64, _ seq: Int64, _ version: FieldVersion) throws {
            try Run(statement: statement).execute {
                $0.bind(int64: seq, at: 1)
                StoredValue.bind(version.value, to: $0, at: 2)
                bindTail(version, $0, from: 4)
                $0.bind(int64: oldSeq, at: 9)
            }
        }
    }

    struct SaveRecord {
        let statement: Statement
        func run(_ key: RecordKey, _ clock: VectorClock, digest: UInt64, bucket: Int, scopeKey: String?) throws {
            try Run(statement: statement).execute {
                if let scopeKey { $0.bind(text: scopeKey, at: 6) } else { $0.bindNull(at: 6) }
                $0.bind(text: key.kind.rawValue, at: 1)
                $0.bind(text: key.id, at: 2)
                $0.bind(text: ClockText.encode(clock), at: 3)
                $0.bind(int64: Int64(bitPattern: digest), at: 4)
                $0.bind(int64: Int64(bucket), at: 5)
            }
        }
    }

    /// Adds to a bucket's digest in Swift: SQLite turns an overflowing integer sum into a REAL,
    /// and digests must wrap.
    struct AddToBucket {
        let select: Statement
        let save: Statement
        func run(_ bucket: Int, _ digest: UInt64, _ records: Int64) throws {
            var sum = digest
            var count = records
            do {
                defer { select.reset() }  // also when the step fails: the next push binds it again
                select.bind(int64: Int64(bucket), at: 1)
                if try select.step() {
                    sum &+= UInt64(bitPattern: select.int64(at: 0))
                    count += select.int64(at: 1)
                }
            }
            try Run(statement: save).execute {
                $0.bind(int64: Int64(bucket), at: 1)
                $0.bind(int64: Int64(bitPattern: sum), at: 2)
                $0.bind(int64: count, at: 3)
            }
        }
    }

    struct InsertMerge {
        let statement: Statement
        func run(_ entry: MergeLogEntry, pushedBy: String, at: String) throws {
            try Run(statement: statement).execute { statement in
                statement.bind(text: at, at: 1)
                statement.bind(text: entry.record.kind.rawValue, at: 2)
                statement.bind(text: entry.record.id, at: 3)
                statement.bind(text: entry.field, at: 4)
                for (side, base) in [(entry.winner, Int32(5)), (entry.loser, Int32(10))] {
                    StoredValue.bind(side.value, to: statement, at: base)
                    statement.bind(text: side.hlc.description, at: base + 2)
                    statement.bind(text: side.dot.replica, at: base + 3)
                    statement.bind(int64: Int64(clamping: side.dot.counter), at: base + 4)
                }
                statement.bind(text: pushedBy, at: 15)
                statement.bind(int64: entry.isAnomaly ? 1 : 0, at: 16)
                statement.bind(int64: entry.isEditVsDelete ? 1 : 0, at: 17)
            }
        }
    }
}

/// Binds hlc wall, hlc logical, replica, counter, clock from `index` on.
private func bindTail(_ version: FieldVersion, _ statement: Statement, from index: Int32) {
    statement.bind(int64: version.hlc.wall, at: index)
    statement.bind(int64: Int64(version.hlc.logical), at: index + 1)
    statement.bind(text: version.dot.replica, at: index + 2)
    statement.bind(int64: Int64(clamping: version.dot.counter), at: index + 3)
    statement.bind(text: ClockText.encode(version.clock), at: index + 4)
}
