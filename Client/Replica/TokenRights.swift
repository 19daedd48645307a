import GisementShared

/// What this replica's token may do, as the server said at the last sync (`GET /v1/me`): its role,
/// and what its scope holds (``ScopeKey`` keys), nil for a token that sees the whole network.
///
/// Local writes are checked against it (``ReplicaStore/write(batches:)``), so that a command
/// refuses at once what the server would refuse at the next sync.
public struct TokenRights: Sendable, Hashable {
    public var role: String
    public var holds: Set<String>?

    public init(role: String, holds: Set<String>?) {
        self.role = role
        self.holds = holds
    }

    /// Whether the role writes records of `kind` (an agent: partners and what belongs to a test).
    public func writes(_ kind: RecordKind) -> Bool {
        role != "agent" || ScopeKey.agentWrites(kind)
    }
}
