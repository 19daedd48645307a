import GisementShared

/// Checks every change of a push against the pushing token's rights (``WriteRights``), inside the
/// writer's transaction, before anything is applied: the first change outside them refuses the
/// whole push (``PushRefusal/forbiddenChange(index:field:reason:)``).
///
/// A scoped token's changes are checked against what its scope holds, grown as the push goes: a
/// district or test the push creates (a coordinator), a partner it creates or that one of its
/// records references. It costs one expansion of the scope and one probe per record.
struct WriteCheck<Rows: PushRows> {
    let rows: Rows
    let push: ValidatedPush

    /// Whether a record is stored, and under which key.
    private enum Stored {
        case absent
        case present(String?)
    }

    /// - Returns: the district and test keys the push creates, to add to a scoped token's scope.
    /// - Throws: ``PushRefusal``, ``SQLiteError``.
    func run() throws -> Set<String> {
        let rights = push.rights
        if rights.role == .admin { return [] }
        var holds = try rights.scope.map { try rows.expandScope(token: push.pushedBy, scope: $0) }
        // The `test` a push gives each record that belongs to a test (its last one).
        var pushedTests: [RecordKey: RecordID] = [:]
        for change in push.changes where change.field == ScopeKey.testField && ScopeKey.belongsToTest(change.kind) {
            if case .text(let test) = change.value { pushedTests[change.record] = test }
        }
        var seen: [RecordKey: Stored] = [:]
        var entering: Set<String> = []
        for (index, change) in push.changes.enumerated() {
            guard rights.writes(change.kind) else {
                throw PushRefusal.forbiddenChange(index: index, field: change.field, reason: rights.kindRefusal(change.kind))
            }
            guard var held = holds else { continue }
            let record = change.record
            let stored = try seen[record] ?? lookUp(record)
            func refuse(_ field: String, _ what: String) -> PushRefusal {
                .forbiddenChange(
                    index: index, field: field,
                    reason: "\(what) is outside the token's scope; ask an admin to add it ('gisement-server token scope')")
            }
            switch stored {
            case .present(let key):
                guard held.holds(key) else { throw refuse(change.field, "the \(change.kind) \(change.id)") }
            case .absent:
                let key: String
                if ScopeKey.belongsToTest(change.kind) {
                    guard let test = pushedTests[record] else {
                        throw refuse(ScopeKey.testField, "a new \(change.kind) without a test")
                    }
                    key = ScopeKey.test(test)
                    guard held.holds(key) else { throw refuse(ScopeKey.testField, "the test \(test)") }
                } else {
                    guard let own = ScopeKey.of(change.kind, id: change.id, test: nil) else { continue }
                    key = own
                    if change.kind != .partner { entering.insert(key) }
                    held.keys.insert(key)
                }
                seen[record] = .present(key)
            }
            if ScopeKey.belongsToTest(change.kind), change.field == ScopeKey.testField {
                guard case .text(let test) = change.value, held.holds(ScopeKey.test(test)) else {
                    throw refuse(ScopeKey.testField, "the test \(change.value)")
                }
            }
            if change.field == "partner", case .text(let partner) = change.value {
                held.keys.insert(ScopeKey.partner(partner))
            }
            holds = held
        }
        return entering
    }

    private func lookUp(_ record: RecordKey) throws -> Stored {
        let stored = try rows.storedScopeKey(of: record)
        return stored.exists ? .present(stored.key) : .absent
    }
}
