import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// Writes records locally in one IMMEDIATE transaction: all of them or, after any error or a
    /// crash, none.
    ///
    /// For each field: the HLC ticks with the wall clock, the counter goes up by one, the record's
    /// vector clock takes the new dot, ``RecordMerger/plan(record:stored:incoming:)`` compares it with the
    /// stored version, and the winner goes to `field_versions` and the kind's table while the
    /// change goes to the outbox.
    /// - Returns: the number of changes written.
    /// - Throws: ``ValidationError`` for a field or value the schema refuses (nothing written),
    ///   ``ReplicaError`` `.invalid` for a bad id, ``SQLiteError``.
    @discardableResult
    public func write(_ writes: [RecordWrite]) throws -> Int {
        var batch: [RecordWrite]? = writes
        return try write(batches: {
            defer { batch = nil }
            return batch
        })
    }

    /// Writes records handed over in batches, all in one IMMEDIATE transaction: `next` is called
    /// until it returns nil, and an error it throws rolls everything back. A large import writes
    /// one batch while it checks the next (see `CSVImportPipeline`).
    /// - Returns: the number of changes written.
    /// - Throws: as ``write(_:)``, and what `next` throws.
    @discardableResult
    public func write(batches next: () throws -> [RecordWrite]?) throws -> Int {
        try transaction {
            var state = try WriterState.load(database)
            var writer = try LocalWriter(database: database, numbers: numbers, replicaID: state.replicaID)
            let now = clock.now()
            var count = 0
            var rights = try LocalRightsCheck(database: database)
            while let writes = try next() {
                for write in writes {
                    if let why = Identifier.problem(with: write.id) {
                        throw ReplicaError(.invalid, "the id '\(write.id)' \(why)")
                    }
                    try rights.check(write)
                    count += try writer.write(write, state: &state, now: now)
                }
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
        let id = newID(for: kind)
        try write(kind: kind, id: id, fields: fields, isNew: true)
        return id
    }

    /// Removes a record: sets its `deleted` field to true.
    public func delete(kind: RecordKind, id: RecordID) throws {
        try write(kind: kind, id: id, fields: [(Schema.deletedField, .bool(true))])
    }

    /// A new record id with the kind's prefix: `c-0193a5b2-c3d4-4e5f-…`, the UUID layout with the
    /// current time in milliseconds in its first 12 hex digits and 80 random bits after (the idea of
    /// UUID version 7, RFC 9562 §5.7).
    ///
    /// Ids made later sort later, so the rows of new records land at the end of every table and
    /// index keyed by id, here and on the server, instead of on a random page each: a commit of
    /// 1,000 new changes then rewrites a few pages rather than hundreds. Measured with the server's
    /// tables at 1,000,000 rows, 1,000 rows per commit: 48,000 rows/s with random ids, 120,000
    /// with time-ordered ones (see docs/benchmarks.md).
    public func newID(for kind: RecordKind) -> RecordID {
        idGenerator.timeOrderedID(prefix: ReplicaStore.idPrefix(kind), milliseconds: clock.now())
    }

    /// `d-` district, `p-` partner, `t-` test, `pp-` participation, `c-` collection, `w-` workshop.
    public static func idPrefix(_ kind: RecordKind) -> String {
        switch kind {
        case .district: return "d-"
        case .partner: return "p-"
        case .pilotTest: return "t-"
        case .participation: return "pp-"
        case .collection: return "c-"
        case .workshop: return "w-"
        }
    }
}

/// The prepared statements of local writes, and the loop that stamps and stores each field.
struct LocalWriter {
    let database: Database
    let numbers: ReplicaNumbers
    let versions: VersionTables
    let outbox: Outbox
    /// This replica's number, for the common clock of a new record (`7=1042`).
    let ownNumber: Int64
    /// `7=`: the start of such a clock, made once.
    private let ownClockPrefix: String
    /// A large import writes the same columns record after record.
    private var upsert = KindRowUpsert()

    /// One field of the record being written, stamped.
    private struct StampedField {
        let name: String
        /// The value in canonical form, and as its SQLite column holds it.
        let value: FieldValue
        let column: SQLValue
        let hlc: HLCTimestamp
        let counter: UInt64
        let clockText: String
        /// The record's clock with this change (nil for a new record: its own dot only).
        let clock: VectorClock?
    }

    init(database: Database, numbers: ReplicaNumbers, replicaID: ReplicaID) throws {
        self.database = database
        self.numbers = numbers
        versions = try VersionTables(database: database, numbers: numbers)
        ownNumber = try numbers.number(replicaID)
        ownClockPrefix = "\(ownNumber)="
        outbox = Outbox(database: database)
    }

    /// Stamps and stores the fields of one record; returns how many changes it wrote.
    mutating func write(_ write: RecordWrite, state: inout WriterState, now: Int64) throws -> Int {
        let table = KindTable.of(write.kind)
        var key: Int64? = nil
        var found: VersionTables.StoredRecordRow? = nil
        var recordClock = VectorClock()
        if !write.isNew, let record = try versions.record(write.kind, write.id) {
            key = record.key
            found = record
            recordClock = record.clock
            // A copy of this file wrote under this id beyond this file's counter, and its versions
            // came back through the server: issue no dot of this id the record has already seen.
            state.counter = max(state.counter, recordClock[state.replicaID])
        }
        var stamped: [StampedField] = []
        stamped.reserveCapacity(write.fields.count)
        for index in write.fields.indices {
            let name = write.fields[index].name
            let value = try table.schema.normalize(field: name, value: write.fields[index].value)
            state.counter += 1
            let hlc = state.hlc.tick(now: now)
            let clockText: String
            if key != nil {
                recordClock.include(Dot(replica: state.replicaID, counter: state.counter))
                clockText = try numbers.encode(recordClock)
            } else {
                // A new record's clock holds only this change's dot: stored as "" (see
                // ReplicaNumbers.decode(_:ownDot:)), no clock to build.
                clockText = ""
            }
            stamped.append(
                StampedField(
                    name: name, value: value, column: StoredValue.sql(value), hlc: hlc, counter: state.counter,
                    clockText: clockText, clock: key == nil ? nil : recordClock))
        }
        guard let last = stamped.last else { return 0 }
        let address = RecordKey(kind: write.kind, id: write.id)
        // Which stamped fields are saved, and how the record's digest moves.
        var saved: [Int] = []
        var delta: UInt64 = 0
        if let key {
            // An existing record: the one record merge decides, against the stored versions.
            let replica = state.replicaID
            let incoming = stamped.map { item in
                Change(
                    kind: write.kind, id: write.id, field: item.name, value: item.value, hlc: item.hlc,
                    replica: replica, counter: item.counter, clock: item.clock ?? VectorClock())
            }
            var stored = StoredRecord(clock: found?.clock ?? VectorClock())
            for name in Set(stamped.map(\.name)) {
                stored.versions[name] = try versions.version(key, name, type: table.schema.field(name)?.type)
            }
            let plan = RecordMerger.plan(record: address, stored: stored, incoming: incoming)
            let indexByCounter = Dictionary(uniqueKeysWithValues: stamped.indices.map { (stamped[$0].counter, $0) })
            saved = plan.writes.compactMap { indexByCounter[$0.version.dot.counter] }
            delta = plan.digestDelta
        } else {
            // A new record: every field is stored, the last of a field written twice.
            var lastIndex: [String: Int] = [:]
            for (index, item) in stamped.enumerated() { lastIndex[item.name] = index }
            saved = stamped.indices.filter { lastIndex[stamped[$0].name] == $0 }
            for i in saved {
                let item = stamped[i]
                delta &+= VersionDigest.hash(
                    address, field: item.name,
                    FieldVersion(value: item.value, hlc: item.hlc, dot: Dot(replica: state.replicaID, counter: item.counter),
                                 clock: VectorClock()))
            }
        }
        let changedColumns = saved.map { stamped[$0].name }
        let changedValues = saved.map { stamped[$0].column }
        let recordKey: Int64
        if let found {
            recordKey = found.key
            try versions.setClock(found, kind: write.kind, id: write.id, clockText: last.clockText, delta: delta)
        } else {
            recordKey = try versions.insert(
                write.kind, write.id, clockText: ownClockPrefix + String(last.counter), digest: delta)
        }
        try versions.save(
            recordKey,
            saved.map { i in
                let item = stamped[i]
                return VersionTables.Row(
                    field: item.name, value: item.column, hlc: item.hlc, replica: ownNumber, counter: item.counter,
                    clockText: item.clockText)
            })
        try outbox.append(
            record: recordKey,
            entries: stamped.map { item in
                OutboxEntry(
                    counter: item.counter, field: item.name, value: item.column, hlc: item.hlc, clockText: item.clockText)
            })
        if !changedColumns.isEmpty {
            let statement = try upsert.statement(write.kind, columns: changedColumns, in: database)
            statement.bind(text: write.id, at: 1)
            for (i, value) in changedValues.enumerated() {
                try statement.bind(value, at: Int32(i + 2))
            }
            try statement.step()
        }
        return stamped.count
    }
}
