import GisementSQLite
import GisementShared

/// What a token's scope holds, expanded from its districts and tests (contract "Scopes"): its
/// districts; the tests of those districts and the tests named; the districts of those tests; the
/// records of those tests (collections, participations, any kind that belongs to a test); the
/// partners those records reference, and the partners the token created. As ``ScopeKey`` keys,
/// so that a record is held exactly when its key is in ``keys``.
///
/// Read in one snapshot; the cost grows with the scope (index probes per test and district), not
/// with the store.
public struct ScopeHolds: Sendable, Hashable {
    public var keys: Set<String>

    public init(keys: Set<String>) { self.keys = keys }

    public func holds(_ key: String?) -> Bool { key.map(keys.contains) ?? false }

    /// The tests, districts and partners held, by kind, sorted (for `GET /v1/me`).
    public func ids(_ letter: Character) -> [RecordID] {
        keys.compactMap { key in ScopeKey.split(key).flatMap { $0.letter == letter ? $0.id : nil } }.sorted()
    }

    /// Expands `scope` (district and test keys) for the token `token`, on either engine.
    static func expand(_ db: some StoreSnapshot, token: String, scope: Set<String>) throws -> ScopeHolds {
        var tests = Set<RecordID>()
        var districts = Set<RecordID>()
        for key in scope {
            guard let (letter, id) = ScopeKey.split(key) else { continue }
            if letter == "t" { tests.insert(id) }
            if letter == "d" { districts.insert(id) }
        }
        for district in districts {
            tests.formUnion(try db.ids(kind: .pilotTest, field: "district", equals: district))
        }
        var keys = Set<String>()
        for test in tests {
            keys.insert(ScopeKey.test(test))
            if let district = try db.district(ofTest: test) { districts.insert(district) }
            for partner in try db.partners(ofTestKey: ScopeKey.test(test)) { keys.insert(ScopeKey.partner(partner)) }
        }
        for district in districts { keys.insert(ScopeKey.district(district)) }
        for partner in try db.partners(createdBy: token) { keys.insert(ScopeKey.partner(partner)) }
        return ScopeHolds(keys: keys)
    }

    /// The key of a stored record, nil when the store has none (or it belongs to no test yet).
    /// - Throws: ``SQLiteError``.
    static func key(_ db: Database, of record: RecordKey) throws -> String? {
        let statement = try db.cachedStatement(sql: "SELECT scope_key FROM record_clocks WHERE kind = ? AND id = ?")
        statement.bind(text: record.kind.rawValue, at: 1)
        statement.bind(text: record.id, at: 2)
        defer { statement.reset() }
        guard try statement.step(), !statement.isNull(at: 0) else { return nil }
        return statement.text(at: 0)
    }
}
