/// The type of a field, as the contract defines it.
public enum FieldType: Sendable, Hashable {
    /// Text of at most ``FieldSpec/maxTextLength`` characters.
    case text
    /// A whole number (JSON number without fraction).
    case integer
    /// A decimal number.
    case decimal
    case boolean
    /// `YYYY-MM-DD`.
    case date
    /// ISO 8601 with a zone, e.g. `2026-11-21T10:15:30Z`.
    case dateTime
    /// One of a fixed list of values.
    case choice([String])
    /// The id of a record of another kind.
    case reference(RecordKind)

    /// A short name for messages and docs: `text`, `int`, `decimal`, `date`, `ref test`…
    public var name: String {
        switch self {
        case .text: return "text"
        case .integer: return "int"
        case .decimal: return "decimal"
        case .boolean: return "bool"
        case .date: return "date"
        case .dateTime: return "date-time"
        case .choice: return "choice"
        case .reference(let kind): return "ref \(kind.rawValue)"
        }
    }
}
