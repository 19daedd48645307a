import GisementShared
import GisementSQLite

/// The SQL of the `field_versions` and `record_clocks` tables, shared by local writes and pulls.
enum FieldVersionSQL {
    static let load = """
        SELECT value, hlc_wall, hlc_logical, replica, counter, clock FROM field_versions
        WHERE kind = ?1 AND id = ?2 AND field = ?3
        """

    static let save = """
        INSERT OR REPLACE INTO field_versions (kind, id, field, value, hlc_wall, hlc_logical, replica, counter, clock)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """

    /// The stored version of one field, or nil.
    static func version(_ statement: Statement, _ kind: String, _ id: RecordID, _ field: String, _ table: KindTable)
        throws -> FieldVersion?
    {
        statement.reset()
        statement.bind(text: kind, at: 1)
        statement.bind(text: id, at: 2)
        statement.bind(text: field, at: 3)
        guard try statement.step() else { return nil }
        let version = FieldVersion(
            value: StoredValue.field(statement, 0, type: table.schema.field(field)?.type),
            hlc: HLCTimestamp(wall: statement.int64(at: 1), logical: UInt32(truncatingIfNeeded: statement.int64(at: 2))),
            dot: Dot(replica: statement.text(at: 3), counter: UInt64(statement.int64(at: 4))),
            clock: ClockCodec.decode(statement.text(at: 5)))
        statement.reset()
        return version
    }

    /// Stores a version as the current one of its field.
    static func save(
        _ statement: Statement, _ kind: String, _ id: RecordID, _ field: String, _ version: FieldVersion,
        clockText: String? = nil
    ) throws {
        statement.reset()
        statement.bind(text: kind, at: 1)
        statement.bind(text: id, at: 2)
        statement.bind(text: field, at: 3)
        try statement.bind(StoredValue.sql(version.value), at: 4)
        statement.bind(int64: version.hlc.wall, at: 5)
        statement.bind(int64: Int64(version.hlc.logical), at: 6)
        statement.bind(text: version.dot.replica, at: 7)
        statement.bind(int64: Int64(version.dot.counter), at: 8)
        statement.bind(text: clockText ?? ClockCodec.encode(version.clock), at: 9)
        try statement.step()
    }

    /// A record's stored vector clock (empty when it has none).
    static func clock(_ statement: Statement, _ kind: String, _ id: RecordID) throws -> VectorClock {
        statement.reset()
        statement.bind(text: kind, at: 1)
        statement.bind(text: id, at: 2)
        guard try statement.step() else { return VectorClock() }
        let clock = ClockCodec.decode(statement.text(at: 0))
        statement.reset()
        return clock
    }
}
