import GisementPostgres
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

    static func read(_ row: PostgresRow, at typeIndex: Int) -> FieldValue {
        let text = row.optionalText(typeIndex + 1)
        switch row.int64(typeIndex) {
        case StoredValue.boolType: return .bool(text == "1")
        case StoredValue.integerType: return .integer(text.flatMap { Int64($0) } ?? 0)
        case StoredValue.decimalType: return .decimal(text.flatMap { Double($0) } ?? 0)
        case StoredValue.textType: return .text(text ?? "")
        default: return .null
        }
    }
}

/// One row of a ``PostgresRows`` result, read like a SQLite statement's current row.
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
