import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// Writes records locally in one IMMEDIATE transaction: all of them or, after any error or a
    /// crash, none.
    ///
    /// For each field: the HLC ticks with the wall clock, the counter goes up by one, the record's
    /// vector clock takes the new dot, ``Merger/decide(stored:incoming:)`` compares it with the
    /// stored version, and the winner goes to `field_versions` and the kind's table while the
    /// change goes to the outbox.
    /// - Returns: the number of changes written.
    /// - Throws: ``ValidationError`` for a field or value the schema refuses (nothing written),
    ///   ``ReplicaError`` `.invalid` for a bad id, ``SQLiteError``.
    @discardableResult
    public func write(_ writes: [RecordWrite]) throws -> Int {
        for write in writes {
            if let why = Identifier.problem(with: write.id) {
                throw ReplicaError(.invalid, "the id '\(write.id)' \(why)")
            }
        }
        var writer = try LocalWriter(database: database)
        return try database.write {
            var state = try WriterState.load(database)
            let now = clock.now()
            var count = 0
            for write in writes {
                count += try writer.write(write, state: &state, now: now)
            }
            try state.save(database)
            if state.replicaID != replicaID { replicaID = state.replicaID }
            return count
        }
    }

    /// Writes one record; see ``write(_:)``.
    @discardableResult
    public func write(kind: RecordKind, id: RecordID, fields: [(name: String, value: FieldValue)], isNew: Bool = false)
        throws -> Int
    {
        try write([RecordWrite(kind: kind, id: id, fields: fields, isNew: isNew)])
    }

    /// Creates a record with a new random id (`d-…`, `p-…`, `t-…`, `c-…`) and returns the id.
    /// - Throws: as ``write(_:)``.
    public func create(kind: RecordKind, fields: [(name: String, value: FieldValue)]) throws -> RecordID {
        let id = ReplicaStore.newID(for: kind)
        try write(kind: kind, id: id, fields: fields, isNew: true)
        return id
    }

    /// Removes a record: sets its `deleted` field to true.
    public func delete(kind: RecordKind, id: RecordID) throws {
        try write(kind: kind, id: id, fields: [(Schema.deletedField, .bool(true))])
    }

    /// A new random record id with the kind's prefix.
    public static func newID(for kind: RecordKind) -> RecordID {
        Identifier.random(prefix: idPrefix(kind))
    }

    /// `d-` district, `p-` partner, `t-` test, `pp-` participation, `c-` collection.
    public static func idPrefix(_ kind: RecordKind) -> String {
        switch kind {
        case .district: return "d-"
        case .partner: return "p-"
        case .pilotTest: return "t-"
        case .participation: return "pp-"
        case .collection: return "c-"
        }
    }
}

/// The prepared statements of local writes, and the loop that stamps and stores each field.
struct LocalWriter {
    let database: Database
    let loadVersion: Statement
    let saveVersion: Statement
    let loadClock: Statement
    let saveClock: Statement
    let appendOutbox: Statement

    init(database: Database) throws {
        self.database = database
        loadVersion = try database.cachedStatement(sql: FieldVersionSQL.load)
        saveVersion = try database.cachedStatement(sql: FieldVersionSQL.save)
        loadClock = try database.cachedStatement(sql: "SELECT clock FROM record_clocks WHERE kind = ?1 AND id = ?2")
        saveClock = try database.cachedStatement(
            sql: "INSERT OR REPLACE INTO record_clocks (kind, id, clock) VALUES (?1, ?2, ?3)")
        appendOutbox = try database.cachedStatement(
            sql: """
                INSERT INTO outbox (counter, kind, id, field, value, hlc_wall, hlc_logical, clock)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
    }

    /// Stamps and stores the fields of one record; returns how many changes it wrote.
    mutating func write(_ write: RecordWrite, state: inout WriterState, now: Int64) throws -> Int {
        let table = KindTable.of(write.kind)
        let kindName = write.kind.rawValue
        var recordClock = write.isNew ? VectorClock() : try FieldVersionSQL.clock(loadClock, kindName, write.id)
        var changedColumns: [String] = []
        var changedValues: [FieldValue] = []
        for (name, raw) in write.fields {
            let value = try table.schema.normalize(field: name, value: raw)
            state.counter += 1
            let hlc = state.hlc.tick(now: now)
            let dot = Dot(replica: state.replicaID, counter: state.counter)
            recordClock.include(dot)
            let incoming = FieldVersion(value: value, hlc: hlc, dot: dot, clock: recordClock)
            let stored = write.isNew ? nil : try FieldVersionSQL.version(loadVersion, kindName, write.id, name, table)
            let decision = Merger.decide(stored: stored, incoming: incoming)
            let clockText = ClockCodec.encode(recordClock)
            if decision.replacesStored {
                try FieldVersionSQL.save(saveVersion, kindName, write.id, name, incoming, clockText: clockText)
                if let i = changedColumns.firstIndex(of: name) {
                    changedValues[i] = value
                } else {
                    changedColumns.append(name)
                    changedValues.append(value)
                }
            }
            appendOutbox.reset()
            appendOutbox.bind(int64: Int64(state.counter), at: 1)
            appendOutbox.bind(text: kindName, at: 2)
            appendOutbox.bind(text: write.id, at: 3)
            appendOutbox.bind(text: name, at: 4)
            try appendOutbox.bind(StoredValue.sql(value), at: 5)
            appendOutbox.bind(int64: hlc.wall, at: 6)
            appendOutbox.bind(int64: Int64(hlc.logical), at: 7)
            appendOutbox.bind(text: clockText, at: 8)
            try appendOutbox.step()
        }
        if !changedColumns.isEmpty {
            let statement = try database.cachedStatement(sql: table.upsert(fields: changedColumns))
            statement.bind(text: write.id, at: 1)
            for (i, value) in changedValues.enumerated() {
                try statement.bind(StoredValue.sql(value), at: Int32(i + 2))
            }
            try statement.step()
        }
        saveClock.reset()
        saveClock.bind(text: kindName, at: 1)
        saveClock.bind(text: write.id, at: 2)
        saveClock.bind(text: ClockCodec.encode(recordClock), at: 3)
        try saveClock.step()
        return write.fields.count
    }
}
