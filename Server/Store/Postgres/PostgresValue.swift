import GisementPostgres
import GisementSQLite
import GisementShared

/// How a ``FieldValue`` sits in a `(value_type, value)` column pair in PostgreSQL: the type codes
/// of ``StoredValue``, the value as text (libpq's text format; a decimal in Swift's shortest
/// round-tripping form).
enum PostgresValue {
    /// `value_type` and `value` parameters.
    static func parameters(_ value: FieldValue) -> [String?] {
        switch value {
        case .null: [String(StoredValue.nullType), nil]
        case .bool(let b): [String(StoredValue.boolType), b ? "1" : "0"]
        case .integer(let i): [String(StoredValue.integerType), String(i)]
        case .decimal(let d): [String(StoredValue.decimalType), String(d)]
        case .text(let s): [String(StoredValue.textType), s]
        }
    }

    /// The value of type code `type` stored as `text`; nil when the pair is not one ``parameters(_:)``
    /// writes (an unknown code, a text that is no number): a damaged store, read through
    /// ``PostgresRow/value(_:in:)`` as ``StoreDamage``.
    static func value(type: Int64, _ text: String?) -> FieldValue? {
        switch (type, text) {
        case (StoredValue.nullType, nil): return .null
        case (StoredValue.boolType, "0"?): return .bool(false)
        case (StoredValue.boolType, "1"?): return .bool(true)
        case (StoredValue.integerType, let text?): return Int64(text).map { .integer($0) }
        case (StoredValue.decimalType, let text?): return Double(text).map { .decimal($0) }
        case (StoredValue.textType, let text?): return .text(text)
        default: return nil
        }
    }
}

/// Reading the store's own columns: what a column holds that the store never writes there is
/// ``StoreDamage`` naming the table, the column and the row (by its column `key`, or `keyText`),
/// as ``StoreRow`` says it for SQLite; never a default or a row skipped.
extension PostgresRow {
    func kind(_ column: Int, in table: String, key: Int = 0, keyText: String? = nil) throws -> RecordKind {
        guard let kind = RecordKind(rawValue: text(column)) else { throw damage(column, in: table, key: key, keyText) }
        return kind
    }

    /// A token's role stored by its name.
    func role(_ column: Int, in table: String, key: Int = 0) throws -> Role {
        guard let role = Role(rawValue: text(column)) else { throw damage(column, in: table, key: key) }
        return role
    }

    /// A hybrid logical clock stamp stored as text (the merge log).
    func hlc(_ column: Int, in table: String, key: Int = 0) throws -> HLCTimestamp {
        guard let hlc = HLCTimestamp(text(column)) else { throw damage(column, in: table, key: key) }
        return hlc
    }

    /// A vector clock in ``ClockText``'s form.
    func clock(_ column: Int, in table: String, key: Int = 0, keyText: String? = nil) throws -> VectorClock {
        guard let clock = ClockText.decode(text(column)) else { throw damage(column, in: table, key: key, keyText) }
        return clock
    }

    /// A value stored as `(value_type, value)` at `typeColumn` and the column after it.
    func value(_ typeColumn: Int, in table: String, key: Int = 0, keyText: String? = nil) throws -> FieldValue {
        guard let type = rows.integer(index, typeColumn) else { throw damage(typeColumn, in: table, key: key, keyText) }
        guard let value = PostgresValue.value(type: type, optionalText(typeColumn + 1)) else {
            throw damage(StoredValue.isType(type) ? typeColumn + 1 : typeColumn, in: table, key: key, keyText)
        }
        return value
    }

    /// The error for `column`, which holds something that cannot be read; the row is named as SQL
    /// writes it (`42`, `'abc'`).
    func damage(_ column: Int, in table: String, key: Int, _ keyText: String? = nil) -> StoreDamage {
        let name: SQLValue = (keyText ?? optionalText(key)).map { text in Int64(text).map { .integer($0) } ?? .text(text) } ?? .null
        return StoreDamage.value(table: table, column: rows.columns[column], row: name.literal)
    }
}

/// One row of a ``PostgresRows`` result, read like a SQLite statement's current row.
///
/// `text` and `int64` give `""` and 0 for NULL: PostgreSQL itself keeps NULL out of the `NOT NULL`
/// columns they read and text out of its integer columns, so no damage hides behind them; a NULL
/// a column may hold is read with `optionalText`, and what PostgreSQL cannot check (a kind, a
/// stamp, a clock, a value's text) with the readers below that throw ``StoreDamage``.
struct PostgresRow {
    let rows: PostgresRows
    let index: Int

    func optionalText(_ column: Int) -> String? { rows[index, column] }
    func text(_ column: Int) -> String { rows[index, column] ?? "" }
    func isNull(_ column: Int) -> Bool { rows[index, column] == nil }
    func int64(_ column: Int) -> Int64 { rows.integer(index, column) ?? 0 }
    func double(_ column: Int) -> Double { rows[index, column].flatMap { Double($0) } ?? 0 }
}

extension PostgresRows {
    /// The rows in order.
    var all: [PostgresRow] { (0..<count).map { PostgresRow(rows: self, index: $0) } }
    /// The first row, nil when there is none.
    var first: PostgresRow? { count > 0 ? PostgresRow(rows: self, index: 0) : nil }
}

/// Parameter text for integers and digests (the bit pattern of a UInt64, as SQLite stores it).
extension Int64 {
    var parameter: String? { String(self) }
}

extension UInt64 {
    var bitPatternParameter: String? { String(Int64(bitPattern: self)) }
    var clampedParameter: String? { String(Int64(clamping: self)) }
}
