import GisementShared
import GisementSQLite

/// Scopes on the replica: the token's rights as last learnt, the local check of writes against
/// them, and the removal of what left the scope (contract "Scopes").
extension ReplicaStore {
    /// The table that keeps the token's rights (replica migration 006).
    static let tokenRightsTable = """
        CREATE TABLE token_rights (
            singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
            role TEXT NOT NULL,
            holds TEXT
        );
        """

    /// The token's rights as learnt at the last sync; nil before the first sync that learnt them.
    public func tokenRights() throws -> TokenRights? {
        try Self.tokenRights(database)
    }

    static func tokenRights(_ database: Database) throws -> TokenRights? {
        guard let first = try database.query(sql: "SELECT role, holds FROM token_rights").first else { return nil }
        let holds = first[1].textValue.map { Set($0.split(separator: "\n").map(String.init)) }
        let row = StoredRow(row: first, table: "token_rights", key: .integer(1), path: database.path)
        return TokenRights(role: try row.text(0), holds: holds)
    }

    /// Remembers the token's rights (nil: forgets them, as when the token changes).
    public func saveTokenRights(_ rights: TokenRights?) throws {
        try transaction {
            try database.execute(sql: "DELETE FROM token_rights")
            guard let rights else { return }
            let holds: SQLValue = rights.holds.map { .text($0.sorted().joined(separator: "\n")) } ?? .null
            try database.execute(
                sql: "INSERT INTO token_rights (singleton, role, holds) VALUES (1, ?, ?)",
                arguments: [.text(rights.role), holds])
        }
    }

    /// The ``ScopeKey`` of a record as held here.
    public func scopeKey(of record: RecordKey) throws -> String? {
        guard ScopeKey.belongsToTest(record.kind) else { return ScopeKey.of(record.kind, id: record.id, test: nil) }
        let test = try database.scalar(
            sql: "SELECT \"test\" FROM \"\(KindTable.of(record.kind).name)\" WHERE id = ?", arguments: [.text(record.id)])
        return ScopeKey.of(record.kind, id: record.id, test: test?.textValue)
    }

    /// Removes every record the scope `holds` does not hold, except those with changes not yet
    /// sent (kept, and counted).
    /// - Returns: how many records were removed and how many were kept for their pending changes.
    public func forgetOutsideScope(_ holds: Set<String>) throws -> (removed: Int, kept: Int) {
        try transaction {
            var removed = 0
            var kept = 0
            let pending = Set(
                try database.query(sql: "SELECT DISTINCT record FROM outbox").compactMap { $0[0].integerValue })
            let versions = try VersionTables(database: database, numbers: numbers)
            for kind in RecordKind.allCases {
                let table = KindTable.of(kind)
                let hasTest = ScopeKey.belongsToTest(kind)
                let rows = try database.query(
                    sql: "SELECT id\(hasTest ? ", \"test\"" : "") FROM \"\(table.name)\"")
                for row in rows {
                    guard let id = row[0].textValue else { continue }
                    let key = ScopeKey.of(kind, id: id, test: hasTest ? row[1].textValue : nil)
                    if let key, holds.contains(key) { continue }
                    guard let stored = try versions.record(kind, id) else { continue }
                    if pending.contains(stored.key) {
                        kept += 1
                        continue
                    }
                    try versions.forget(stored, kind: kind, id: id)
                    try database.execute(sql: "DELETE FROM \"\(table.name)\" WHERE id = ?", arguments: [.text(id)])
                    removed += 1
                }
            }
            return (removed, kept)
        }
    }
}

/// The local check of writes against the token's rights.
struct LocalRightsCheck {
    let rights: TokenRights?
    let database: Database
    /// Decisions already taken for a test id (an import writes thousands of collections of one test).
    private var tests: [RecordID: Bool] = [:]

    init(database: Database) throws {
        self.database = database
        self.rights = try ReplicaStore.tokenRights(database)
    }

    /// Refuses a write the token could not send.
    /// - Throws: ``ReplicaError`` `.forbidden`.
    mutating func check(_ write: RecordWrite) throws {
        guard let rights else { return }
        guard rights.writes(write.kind) else {
            throw ReplicaError(.forbidden, ScopeMessages.roleRefusal(role: rights.role, kind: write.kind))
        }
        guard let holds = rights.holds else { return }
        if ScopeKey.belongsToTest(write.kind) {
            var test: RecordID?
            if case .text(let given)? = write.fields.last(where: { $0.name == ScopeKey.testField })?.value {
                test = given
            } else if !write.isNew {
                test = try database.scalar(
                    sql: "SELECT \"test\" FROM \"\(KindTable.of(write.kind).name)\" WHERE id = ?",
                    arguments: [.text(write.id)])?.textValue
            }
            guard let test else { return }
            if let allowed = tests[test] {
                if !allowed { throw ReplicaError(.forbidden, ScopeMessages.outsideScope(kind: .pilotTest, id: test)) }
                return
            }
            let allowed = try holds.contains(ScopeKey.test(test)) || hasPendingChanges(.pilotTest, test)
            tests[test] = allowed
            if !allowed { throw ReplicaError(.forbidden, ScopeMessages.outsideScope(kind: .pilotTest, id: test)) }
            return
        }
        // A district, test or partner made here enters the scope when it is sent.
        guard !write.isNew, let key = ScopeKey.of(write.kind, id: write.id, test: nil), !holds.contains(key) else { return }
        let exists = try database.scalar(
            sql: "SELECT 1 FROM records WHERE kind = ? AND id = ?",
            arguments: [.integer(KindCode.of(write.kind)), .text(write.id)]) != nil
        if exists, try !hasPendingChanges(write.kind, write.id) {
            throw ReplicaError(.forbidden, ScopeMessages.outsideScope(kind: write.kind, id: write.id))
        }
    }

    private func hasPendingChanges(_ kind: RecordKind, _ id: RecordID) throws -> Bool {
        try database.scalar(
            sql: "SELECT 1 FROM outbox o JOIN records r ON r.key = o.record WHERE r.kind = ? AND r.id = ? LIMIT 1",
            arguments: [.integer(KindCode.of(kind)), .text(id)]) != nil
    }
}
