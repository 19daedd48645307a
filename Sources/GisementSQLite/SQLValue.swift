/// A value as SQLite stores it: one of its five storage classes.
/// See https://www.sqlite.org/datatype3.html
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .real(let d) where d == d.rounded(): return Int64(exactly: d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        default: return nil
        }
    }

    public var textValue: String? { if case .text(let s) = self { return s } else { return nil } }
    public var blobValue: [UInt8]? { if case .blob(let b) = self { return b } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as SQL writes it, to name a row in a message: `42`, `'abc'`, `NULL`.
    public var literal: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return "'" + s + "'"
        case .blob(let b): return "x'" + b.map { String($0, radix: 16) }.joined() + "'"
        }
    }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    /// `.text` or `.null`.
    public static func optional(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }
    /// `.integer` or `.null`.
    public static func optional(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    /// `.real` or `.null`.
    public static func optional(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }
}
