import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// The current state of one record, or nil when no field of it was ever written here.
    /// - Throws: ``SQLiteError``.
    public func record(kind: RecordKind, id: RecordID) throws -> Record? {
        let table = KindTable.of(kind)
        let statement = try database.cachedStatement(sql: table.selectAll + " WHERE \"id\" = ?1")
        statement.bind(text: id, at: 1)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return ReplicaStore.record(statement, table)
    }

    /// The kinds that hold a record with this id (an id is unique within a kind, not across kinds).
    /// - Throws: ``SQLiteError``.
    public func kinds(holding id: RecordID) throws -> [RecordKind] {
        var kinds: [RecordKind] = []
        for kind in Schema.kindsInDependencyOrder {
            let table = KindTable.of(kind)
            let found = try database.cachedStatement(sql: "SELECT 1 FROM \"\(table.name)\" WHERE \"id\" = ?1")
            found.bind(text: id, at: 1)
            if try found.step() { kinds.append(kind) }
            found.reset()
        }
        return kinds
    }

    /// Calls `body` with each record of `kind` that `filter` selects, without holding them all in memory:
    /// collections by `collected_at`, participations by test, the other kinds by name.
    /// - Throws: ``ReplicaError`` `.invalid` for a filter the kind has no field for; ``SQLiteError``.
    public func forEachRecord(kind: RecordKind, filter: RecordFilter = .all, _ body: (Record) throws -> Void) throws {
        let table = KindTable.of(kind)
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let test = filter.test {
            guard table.hasColumn("test") else { throw ReplicaError(.invalid, "\(kind.plural) have no test") }
            conditions.append("\"test\" = ?")
            arguments.append(.text(test))
        }
        if let district = filter.district {
            guard table.hasColumn("district") else { throw ReplicaError(.invalid, "\(kind.plural) have no district") }
            conditions.append("\"district\" = ?")
            arguments.append(.text(district))
        }
        if !filter.includesDeleted { conditions.append("\"deleted\" IS NOT 1") }
        var sql = table.selectAll
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        switch kind {
        case .collection: sql += " ORDER BY \"collected_at\", \"id\""
        case .participation: sql += " ORDER BY \"test\", \"partner\""
        case .workshop: sql += " ORDER BY \"held_on\", \"id\""
        default: sql += " ORDER BY \"name\", \"id\""
        }
        let statement = try database.makeStatement(sql: sql)
        try statement.bind(arguments)
        while try statement.step() {
            try body(ReplicaStore.record(statement, table))
        }
    }

    /// Every record of `kind` that `filter` selects; see ``forEachRecord(kind:filter:_:)``.
    public func records(kind: RecordKind, filter: RecordFilter = .all) throws -> [Record] {
        var records: [Record] = []
        try forEachRecord(kind: kind, filter: filter) { records.append($0) }
        return records
    }

    /// The records of `kind` (not removed) whose name is exactly `name`: what a reference by name resolves to.
    /// - Throws: ``SQLiteError``.
    public func records(kind: RecordKind, named name: String) throws -> [Record] {
        let table = KindTable.of(kind)
        guard table.hasColumn("name") else { return [] }
        let statement = try database.cachedStatement(
            sql: table.selectAll + " WHERE \"name\" = ?1 AND \"deleted\" IS NOT 1 ORDER BY \"id\"")
        statement.bind(text: name, at: 1)
        defer { statement.reset() }
        var records: [Record] = []
        while try statement.step() { records.append(ReplicaStore.record(statement, table)) }
        return records
    }

    /// How many records of `kind` there are (removed ones left out unless asked).
    public func count(kind: RecordKind, includesDeleted: Bool = false) throws -> Int {
        let table = KindTable.of(kind)
        let sql = "SELECT count(*) FROM \"\(table.name)\"" + (includesDeleted ? "" : " WHERE \"deleted\" IS NOT 1")
        return Int(try database.scalar(sql: sql)?.integerValue ?? 0)
    }

    /// The stored versions of every field of a record, by field name (for `show` and tests).
    public func fieldVersions(kind: RecordKind, id: RecordID) throws -> [String: FieldVersion] {
        let table = KindTable.of(kind)
        let statement = try database.cachedStatement(
            sql: """
                SELECT v.field, v.value, v.hlc_wall, v.hlc_logical, v.replica, v.counter, v.clock
                FROM records r JOIN field_versions v ON v.record = r.key WHERE r.kind = ?1 AND r.id = ?2
                """)
        statement.bind(int64: KindCode.of(kind), at: 1)
        statement.bind(text: id, at: 2)
        defer { statement.reset() }
        var versions: [String: FieldVersion] = [:]
        while try statement.step() {
            let field = statement.text(at: 0)
            let dot = Dot(replica: try numbers.id(statement.int64(at: 4)), counter: UInt64(statement.int64(at: 5)))
            versions[field] = FieldVersion(
                value: StoredValue.field(statement, 1, type: table.schema.field(field)?.type),
                hlc: HLCTimestamp(wall: statement.int64(at: 2), logical: UInt32(truncatingIfNeeded: statement.int64(at: 3))),
                dot: dot, clock: try numbers.decode(statement.text(at: 6), ownDot: dot))
        }
        return versions
    }

    /// The vector clock of a record (empty when it has none).
    public func recordClock(kind: RecordKind, id: RecordID) throws -> VectorClock {
        try VersionTables(database: database, numbers: numbers).record(kind, id)?.clock ?? VectorClock()
    }

    /// Builds a record from the current row of a `selectAll` statement.
    static func record(_ statement: Statement, _ table: KindTable) -> Record {
        var fields: [String: FieldValue] = [:]
        fields.reserveCapacity(table.columns.count)
        for (i, column) in table.columns.enumerated() {
            let index = Int32(i + 1)
            if statement.isNull(at: index) { continue }
            fields[column] = StoredValue.field(statement, index, type: table.types[i])
        }
        return Record(kind: table.schema.kind, id: statement.text(at: 0), fields: fields)
    }
}
