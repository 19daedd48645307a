import GisementSQLite
import GisementShared

/// How a ``FieldValue`` sits in a `(value_type, value)` column pair.
///
/// SQLite has no boolean and would turn `1.0` into `1` in a column with numeric affinity, so the
/// type travels in its own small integer column and `value` has no declared type.
enum StoredValue {
    static let nullType: Int64 = 0
    static let boolType: Int64 = 1
    static let integerType: Int64 = 2
    static let decimalType: Int64 = 3
    static let textType: Int64 = 4

    /// Binds `value` as `(type, value)` at `typeIndex` and `typeIndex + 1`.
    static func bind(_ value: FieldValue, to statement: Statement, at typeIndex: Int32) {
        switch value {
        case .null:
            statement.bind(int64: nullType, at: typeIndex)
            statement.bindNull(at: typeIndex + 1)
        case .bool(let b):
            statement.bind(int64: boolType, at: typeIndex)
            statement.bind(int64: b ? 1 : 0, at: typeIndex + 1)
        case .integer(let i):
            statement.bind(int64: integerType, at: typeIndex)
            statement.bind(int64: i, at: typeIndex + 1)
        case .decimal(let d):
            statement.bind(int64: decimalType, at: typeIndex)
            statement.bind(double: d, at: typeIndex + 1)
        case .text(let s):
            statement.bind(int64: textType, at: typeIndex)
            statement.bind(text: s, at: typeIndex + 1)
        }
    }

    /// Whether `type` is one of the codes above.
    static func isType(_ type: Int64) -> Bool { (nullType...textType).contains(type) }

    /// The value of type code `type` that SQLite returned as `stored`; nil when the pair is not one
    /// the store writes (an unknown code, a text where an integer belongs): a damaged file, read
    /// through ``StoreRow/value(_:)`` as ``StoreDamage``.
    static func value(type: Int64, _ stored: SQLValue) -> FieldValue? {
        switch (type, stored) {
        case (nullType, .null): return .null
        case (boolType, .integer(let b)) where b == 0 || b == 1: return .bool(b != 0)
        case (integerType, .integer(let i)): return .integer(i)
        case (decimalType, .real(let d)): return .decimal(d)
        case (textType, .text(let s)): return .text(s)
        default: return nil
        }
    }
}

/// A vector clock as stored text: `replica=counter` entries joined by commas, sorted by replica
/// (`r-4f9a=42,r-77aa=17`). Replica ids never hold `=` or `,`, so the form needs no escaping.
enum ClockText {
    static func encode(_ clock: VectorClock) -> String {
        var out = ""
        for (i, entry) in clock.entries.enumerated() {
            if i > 0 { out += "," }
            out += entry.replica
            out += "="
            out += String(entry.counter)
        }
        return out
    }

    /// Parses the stored form (`""` is the empty clock); nil for a text the store never writes (an
    /// entry without `=`, an empty replica, a counter that is no number): a damaged file.
    static func decode(_ text: String) -> VectorClock? {
        if text.isEmpty { return VectorClock() }
        var entries: [(replica: ReplicaID, counter: UInt64)] = []
        for part in text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            guard let eq = part.lastIndex(of: UInt8(ascii: "=")), eq != part.startIndex,
                let counter = UInt64(String(decoding: part[part.index(after: eq)...], as: UTF8.self))
            else { return nil }
            entries.append((String(decoding: part[part.startIndex..<eq], as: UTF8.self), counter))
        }
        return VectorClock(sortedEntries: entries)
    }
}
