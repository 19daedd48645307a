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
    private let loadVersions: Statement
    private let saveVersions: MultiRowInsert
    private let selectBucket: Statement
    private let saveBucket: Statement

    init(database: Database, numbers: ReplicaNumbers) throws {
        self.database = database
        self.numbers = numbers
        saveVersions = MultiRowInsert(
            database: database,
            head: "INSERT OR REPLACE INTO field_versions (record, field, value, hlc_wall, hlc_logical, replica, counter, clock)",
            columns: 8)
        findRecord = try database.cachedStatement(
            sql: "SELECT key, clock, digest FROM records WHERE kind = ?1 AND id = ?2")
        insertRecord = try database.cachedStatement(
            sql: "INSERT INTO records (kind, id, clock, digest, bucket) VALUES (?1, ?2, ?3, ?4, ?5)")
        updateClock = try database.cachedStatement(sql: "UPDATE records SET clock = ?2, digest = ?3 WHERE key = ?1")
        loadVersions = try database.cachedStatement(
            sql: "SELECT field, value, hlc_wall, hlc_logical, replica, counter, clock FROM field_versions WHERE record = ?1")
        selectBucket = try database.cachedStatement(sql: "SELECT digest, records FROM digest_buckets WHERE bucket = ?1")
        saveBucket = try database.cachedStatement(
            sql: "INSERT OR REPLACE INTO digest_buckets (bucket, digest, records) VALUES (?1, ?2, ?3)")
        loadVersion = try database.cachedStatement(
            sql: """
                SELECT value, hlc_wall, hlc_logical, replica, counter, clock FROM field_versions
                WHERE record = ?1 AND field = ?2
                """)
    }

    /// A record as stored here: its key, vector clock and digest (``VersionDigest``).
    struct StoredRecordRow {
        var key: Int64
        var clock: VectorClock
        var digest: UInt64
    }

    /// The key, vector clock and digest of a record, nil when it has none here.
    func record(_ kind: RecordKind, _ id: RecordID) throws -> StoredRecordRow? {
        findRecord.reset()
        findRecord.bind(int64: KindCode.of(kind), at: 1)
        findRecord.bind(text: id, at: 2)
        guard try findRecord.step() else { return nil }
        let key = findRecord.int64(at: 0)
        let text = findRecord.text(at: 1)
        let digest = UInt64(bitPattern: findRecord.int64(at: 2))
        findRecord.reset()
        return StoredRecordRow(key: key, clock: try numbers.decode(text), digest: digest)
    }

    /// Adds a record holding versions of hash sum `digest` and returns its key; counts it in its bucket.
    func insert(_ kind: RecordKind, _ id: RecordID, clockText: String, digest: UInt64) throws -> Int64 {
        let bucket = VersionDigest.bucket(RecordKey(kind: kind, id: id))
        insertRecord.reset()
        insertRecord.bind(int64: KindCode.of(kind), at: 1)
        insertRecord.bind(text: id, at: 2)
        insertRecord.bind(text: clockText, at: 3)
        insertRecord.bind(int64: Int64(bitPattern: digest), at: 4)
        insertRecord.bind(int64: Int64(bucket), at: 5)
        try insertRecord.step()
        let key = database.lastInsertRowID
        try addToBucket(bucket, digest, records: 1)
        return key
    }

    /// Stores a record's merged clock and its digest moved by `delta` (wrapping).
    func setClock(_ record: StoredRecordRow, kind: RecordKind, id: RecordID, clockText: String, delta: UInt64) throws {
        updateClock.reset()
        updateClock.bind(int64: record.key, at: 1)
        updateClock.bind(text: clockText, at: 2)
        updateClock.bind(int64: Int64(bitPattern: record.digest &+ delta), at: 3)
        try updateClock.step()
        if delta != 0 { try addToBucket(VersionDigest.bucket(RecordKey(kind: kind, id: id)), delta, records: 0) }
    }

    /// Removes a record and its versions from the replica (it left the token's scope), and its digest
    /// from its bucket, so that verify compares with what the scope holds.
    func forget(_ record: StoredRecordRow, kind: RecordKind, id: RecordID) throws {
        try database.execute(sql: "DELETE FROM field_versions WHERE record = ?", arguments: [.integer(record.key)])
        try database.execute(sql: "DELETE FROM records WHERE key = ?", arguments: [.integer(record.key)])
        try addToBucket(VersionDigest.bucket(RecordKey(kind: kind, id: id)), 0 &- record.digest, records: -1)
    }

    /// Adds to a bucket's digest in Swift: SQLite turns an overflowing integer sum into a REAL.
    private func addToBucket(_ bucket: Int, _ delta: UInt64, records: Int64) throws {
        selectBucket.reset()
        selectBucket.bind(int64: Int64(bucket), at: 1)
        var sum = delta
        var count = records
        if try selectBucket.step() {
            sum &+= UInt64(bitPattern: selectBucket.int64(at: 0))
            count += selectBucket.int64(at: 1)
        }
        selectBucket.reset()
        saveBucket.reset()
        saveBucket.bind(int64: Int64(bucket), at: 1)
        saveBucket.bind(int64: Int64(bitPattern: sum), at: 2)
        saveBucket.bind(int64: count, at: 3)
        try saveBucket.step()
    }

    /// Every stored version of record `key`, typed by `kind`'s schema.
    func versions(_ key: Int64, kind: RecordKind) throws -> [String: FieldVersion] {
        let schema = Schema.of(kind)
        loadVersions.reset()
        loadVersions.bind(int64: key, at: 1)
        var rows: [(String, FieldValue, HLCTimestamp, Int64, UInt64, String)] = []
        while try loadVersions.step() {
            let field = loadVersions.text(at: 0)
            rows.append(
                (
                    field, StoredValue.field(loadVersions, 1, type: schema.field(field)?.type),
                    HLCTimestamp(wall: loadVersions.int64(at: 2), logical: UInt32(truncatingIfNeeded: loadVersions.int64(at: 3))),
                    loadVersions.int64(at: 4), UInt64(loadVersions.int64(at: 5)), loadVersions.text(at: 6)
                ))
        }
        loadVersions.reset()
        var versions: [String: FieldVersion] = [:]
        for (field, value, hlc, replica, counter, clockText) in rows {
            let dot = Dot(replica: try numbers.id(replica), counter: counter)
            versions[field] = FieldVersion(value: value, hlc: hlc, dot: dot, clock: try numbers.decode(clockText, ownDot: dot))
        }
        return versions
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
