import GisementShared
import GisementSQLite

/// The prepared statements over `records` and `field_versions`, shared by local writes, pulls and
/// the replica-id rotation.
///
/// Field versions point at their record by its integer key, so the versions of a new record are
/// appended at the end of the table rather than scattered by a text key: that, and replica
/// numbers instead of ids, is what keeps a 100,000-row import fast.
struct VersionTables {
    /// One field version as `field_versions` stores it: the value in its column form, the replica
    /// as its number, the clock encoded (empty when it holds only the version's own dot).
    struct Row {
        var field: String
        var value: SQLValue
        var hlc: HLCTimestamp
        var replica: Int64
        var counter: UInt64
        var clockText: String
    }

    let database: Database
    let numbers: ReplicaNumbers
    private let findRecord: Statement
    private let insertRecord: Statement
    private let updateClock: Statement
    private let loadVersion: Statement
    private let saveVersions: MultiRowInsert

    init(database: Database, numbers: ReplicaNumbers) throws {
        self.database = database
        self.numbers = numbers
        saveVersions = MultiRowInsert(
            database: database,
            head: "INSERT OR REPLACE INTO field_versions (record, field, value, hlc_wall, hlc_logical, replica, counter, clock)",
            columns: 8)
        findRecord = try database.cachedStatement(sql: "SELECT key, clock FROM records WHERE kind = ?1 AND id = ?2")
        insertRecord = try database.cachedStatement(sql: "INSERT INTO records (kind, id, clock) VALUES (?1, ?2, ?3)")
        updateClock = try database.cachedStatement(sql: "UPDATE records SET clock = ?2 WHERE key = ?1")
        loadVersion = try database.cachedStatement(
            sql: """
                SELECT value, hlc_wall, hlc_logical, replica, counter, clock FROM field_versions
                WHERE record = ?1 AND field = ?2
                """)
    }

    /// The key and vector clock of a record, nil when it has none here.
    func record(_ kind: RecordKind, _ id: RecordID) throws -> (key: Int64, clock: VectorClock)? {
        findRecord.reset()
        findRecord.bind(int64: KindCode.of(kind), at: 1)
        findRecord.bind(text: id, at: 2)
        guard try findRecord.step() else { return nil }
        let key = findRecord.int64(at: 0)
        let text = findRecord.text(at: 1)
        findRecord.reset()
        return (key, try numbers.decode(text))
    }

    /// Adds a record and returns its key.
    func insert(_ kind: RecordKind, _ id: RecordID, clockText: String) throws -> Int64 {
        insertRecord.reset()
        insertRecord.bind(int64: KindCode.of(kind), at: 1)
        insertRecord.bind(text: id, at: 2)
        insertRecord.bind(text: clockText, at: 3)
        try insertRecord.step()
        return database.lastInsertRowID
    }

    /// Stores a record's merged clock.
    func setClock(_ key: Int64, clockText: String) throws {
        updateClock.reset()
        updateClock.bind(int64: key, at: 1)
        updateClock.bind(text: clockText, at: 2)
        try updateClock.step()
    }

    /// The stored version of one field, or nil.
    func version(_ key: Int64, _ field: String, type: FieldType?) throws -> FieldVersion? {
        loadVersion.reset()
        loadVersion.bind(int64: key, at: 1)
        loadVersion.bind(text: field, at: 2)
        guard try loadVersion.step() else { return nil }
        let value = StoredValue.field(loadVersion, 0, type: type)
        let hlc = HLCTimestamp(wall: loadVersion.int64(at: 1), logical: UInt32(truncatingIfNeeded: loadVersion.int64(at: 2)))
        let replica = loadVersion.int64(at: 3)
        let counter = UInt64(loadVersion.int64(at: 4))
        let clockText = loadVersion.text(at: 5)
        loadVersion.reset()
        let dot = Dot(replica: try numbers.id(replica), counter: counter)
        return FieldVersion(value: value, hlc: hlc, dot: dot, clock: try numbers.decode(clockText, ownDot: dot))
    }

    /// Stores `rows` as the current versions of their fields of record `key`, in as few statements
    /// as possible (a record's fields go in together; see ``MultiRowInsert``).
    func save(_ key: Int64, _ rows: [Row]) throws {
        try saveVersions.run(rows: rows.count) { i, values in
            let row = rows[i]
            values.bind(int64: key)
            values.bind(text: row.field)
            try values.bind(row.value)
            values.bind(int64: row.hlc.wall)
            values.bind(int64: Int64(row.hlc.logical))
            values.bind(int64: row.replica)
            values.bind(int64: Int64(row.counter))
            values.bind(text: row.clockText)
        }
    }

    /// The row of a version received or re-stamped (its replica numbered, its clock encoded).
    func row(_ field: String, _ version: FieldVersion) throws -> Row {
        Row(
            field: field, value: StoredValue.sql(version.value), hlc: version.hlc,
            replica: try numbers.number(version.dot.replica), counter: version.dot.counter,
            clockText: try numbers.encode(version.clock, ownDot: version.dot))
    }
}
