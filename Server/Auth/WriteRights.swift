import GisementShared

/// What a token may write (contract "Scopes"): an agent writes the records that belong to a test
/// (collections, participations) and partners; a coordinator every kind; an admin everything,
/// everywhere. A scoped token writes only what its scope holds, and what it creates: a new
/// district or test enters a scoped coordinator's scope, a new partner the scope of its creator.
public struct WriteRights: Sendable, Hashable {
    public var role: Role
    /// The token's district and test keys; nil for the whole network.
    public var scope: Set<String>?

    public init(role: Role, scope: Set<String>?) {
        self.role = role
        self.scope = scope
    }

    /// No limit: what the server's own tools and an admin token have.
    public static let everything = WriteRights(role: .admin, scope: nil)

    /// Whether the role writes records of `kind` at all.
    public func writes(_ kind: RecordKind) -> Bool {
        role != .agent || ScopeKey.agentWrites(kind)
    }

    /// Why the role does not write `kind`.
    public func kindRefusal(_ kind: RecordKind) -> String {
        "the \(role) token may not write a \(kind) (an agent writes collections, participations and partners); "
            + "ask a coordinator"
    }
}
