import GisementShared
import GisementSQLite

/// How field values sit in SQLite columns: booleans as 0/1, integers, decimals as reals, texts.
enum StoredValue {
    /// The column value of a field value.
    static func sql(_ value: FieldValue) -> SQLValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .integer(let i): return .integer(i)
        case .decimal(let d): return .real(d)
        case .text(let s): return .text(s)
        }
    }

    /// Reads a column back as the field's type (`type` nil for a field this version does not know).
    static func field(_ value: SQLValue, type: FieldType?) -> FieldValue {
        switch value {
        case .null: return .null
        case .integer(let i):
            switch type {
            case .boolean: return .bool(i != 0)
            case .decimal: return .decimal(Double(i))
            default: return .integer(i)
            }
        case .real(let d):
            if case .integer = type, let i = Int64(exactly: d) { return .integer(i) }
            return .decimal(d)
        case .text(let s): return .text(s)
        case .blob(let b): return .text(String(decoding: b, as: UTF8.self))
        }
    }

    /// Reads column `index` of the current row of `statement` as the field's type.
    static func field(_ statement: Statement, _ index: Int32, type: FieldType?) -> FieldValue {
        field(statement.value(at: index), type: type)
    }
}
