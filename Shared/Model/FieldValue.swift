/// The value of one field, as it travels on the wire and sits in a store.
///
/// Dates and date-times are `.text` in their ISO form; the schema says which
/// text is which. A JSON number without a fraction or exponent decodes as
/// `.integer`; the schema turns it into `.decimal` for decimal fields
/// (see ``FieldSpec/normalize(_:)``), so that `12` and `12.0` compare equal there.
///
/// Texts compare by their UTF-8 bytes, not by Swift's canonical equivalence: the NFC and NFD
/// forms of "café" are different values (what a user typed is what is stored and sent), and
/// every replica must agree on which of two texts is "the same".
public enum FieldValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case decimal(Double)
    case text(String)

    public static func == (lhs: FieldValue, rhs: FieldValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.decimal(let a), .decimal(let b)): return a == b
        case (.text(let a), .text(let b)): return a.utf8.elementsEqual(b.utf8)
        default: return false
        }
    }

    /// Hashes as the synthesized form would: byte-equal texts are canonically equal, so equal values
    /// still hash alike.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer(let i): hasher.combine(2); hasher.combine(i)
        case .decimal(let d): hasher.combine(3); hasher.combine(d)
        case .text(let s): hasher.combine(4); hasher.combine(s)
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var textValue: String? { if case .text(let s) = self { return s } else { return nil } }

    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// The value as an integer, when it is one.
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        default: return nil
        }
    }

    /// The value as a number, for integers and decimals alike.
    public var numberValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d
        default: return nil
        }
    }

    /// A plain rendering for people: no quotes, `null` for nothing.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .decimal(let d): return FieldValue.format(d)
        case .text(let s): return s
        }
    }

    /// Formats a decimal the shortest way that reads back to the same value (`12.5`, `3`, `0.125`).
    public static func format(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
            return String(Int64(d))
        }
        return "\(d)"
    }
}
