import GisementSQLite
import GisementShared

/// The current row of a statement reading one of the store's SQLite tables. A column that does
/// not hold what the store writes there is ``StoreDamage`` naming the table, the column and the
/// row, never a default (`.zero`, an empty clock, `.null`) or a row skipped.
struct StoreRow {
    let statement: Statement
    let table: String
    /// The column that names the row in a message (its `seq`, its id)…
    var keyColumn: Int32 = 0
    /// …or what names it when the statement reads no such column (the record's id).
    var key: SQLValue? = nil

    /// A record kind stored by its name.
    func kind(_ column: Int32) throws -> RecordKind {
        guard let kind = RecordKind(rawValue: statement.text(at: column)) else { throw damage(column) }
        return kind
    }

    /// A token's role stored by its name.
    func role(_ column: Int32) throws -> Role {
        guard let role = Role(rawValue: statement.text(at: column)) else { throw damage(column) }
        return role
    }

    /// A hybrid logical clock stamp stored as text (the merge log).
    func hlc(_ column: Int32) throws -> HLCTimestamp {
        guard let hlc = HLCTimestamp(statement.text(at: column)) else { throw damage(column) }
        return hlc
    }

    /// A vector clock in ``ClockText``'s form.
    func clock(_ column: Int32) throws -> VectorClock {
        guard let clock = ClockText.decode(statement.text(at: column)) else { throw damage(column) }
        return clock
    }

    /// A value stored as `(value_type, value)` at `typeColumn` and the column after it.
    func value(_ typeColumn: Int32) throws -> FieldValue {
        guard case .integer(let type) = statement.value(at: typeColumn) else { throw damage(typeColumn) }
        guard let value = StoredValue.value(type: type, statement.value(at: typeColumn + 1)) else {
            throw damage(StoredValue.isType(type) ? typeColumn + 1 : typeColumn)
        }
        return value
    }

    /// The error for `column`, which holds something that cannot be read.
    func damage(_ column: Int32) -> StoreDamage {
        StoreDamage.value(
            table: table, column: statement.columnNames[Int(column)], row: (key ?? statement.value(at: keyColumn)).literal)
    }
}
