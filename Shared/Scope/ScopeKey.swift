/// The part of the network a record belongs to, as scopes see it (contract "Scopes").
///
/// A record is keyed by the test it belongs to (`t:<test id>`: a test itself and every kind whose
/// schema has a `test` reference, such as collections and participations), or by itself for the
/// kinds that stand alone (`d:<district id>`, `p:<partner id>`). A scope is a set of keys, so the
/// server reads a scope's feed through an index on the key, and a new kind that belongs to a test
/// fits in by declaring its `test` reference: nothing here names it.
public enum ScopeKey {
    /// The field that ties a record to its test.
    public static let testField = "test"

    /// Whether records of `kind` belong to a test through their `test` reference.
    public static func belongsToTest(_ kind: RecordKind) -> Bool {
        if case .reference(.pilotTest)? = Schema.of(kind).field(testField)?.type { return true }
        return false
    }

    /// Whether an agent's token writes records of `kind` (contract "Scopes"): partners and what
    /// belongs to a test. Coordinators and admins write every kind. The server enforces it, the
    /// client refuses locally by the same rule.
    public static func agentWrites(_ kind: RecordKind) -> Bool {
        kind == .partner || belongsToTest(kind)
    }

    /// The key of a test's records.
    public static func test(_ id: RecordID) -> String { "t:" + id }
    /// The key of a district.
    public static func district(_ id: RecordID) -> String { "d:" + id }
    /// The key of a partner.
    public static func partner(_ id: RecordID) -> String { "p:" + id }

    /// The key of a record, given its `test` reference when its kind has one; nil for a record
    /// that belongs to a test not named yet (no scope holds it).
    public static func of(_ kind: RecordKind, id: RecordID, test: RecordID?) -> String? {
        switch kind {
        case .pilotTest: return Self.test(id)
        case .district: return district(id)
        case .partner: return partner(id)
        default: return belongsToTest(kind) ? test.map(Self.test) : nil
        }
    }

    /// The key of a record from its fields.
    public static func of(_ kind: RecordKind, id: RecordID, fields: [String: FieldValue]) -> String? {
        var test: RecordID?
        if case .text(let value)? = fields[testField] { test = value }
        return of(kind, id: id, test: test)
    }

    /// The id in a key (`t:T1` → `T1`), and its letter.
    public static func split(_ key: String) -> (letter: Character, id: RecordID)? {
        guard key.count > 2, key.dropFirst().first == ":", let letter = key.first else { return nil }
        return (letter, String(key.dropFirst(2)))
    }
}
