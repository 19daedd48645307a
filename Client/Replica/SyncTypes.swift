import GisementShared

/// What sync needs to know about this replica: where the server is, how far the feed was read.
public struct SyncState: Sendable, Hashable {
    public var replicaID: ReplicaID
    /// The highest counter this replica has issued (compared with the server's before a push).
    public var counter: UInt64
    public var hlc: HLCTimestamp
    public var server: String?
    public var token: String?
    public var agent: String?
    /// The server feed position read up to (`since` of the next pull).
    public var cursor: Int64
    /// When the last sync finished, in milliseconds since 1970; nil before the first.
    public var lastSync: Int64?
}

/// What ``ReplicaStore/apply(pulled:cursor:)`` did with a batch of pulled changes.
public struct ApplyResult: Sendable, Hashable {
    /// Changes that became the current version of their field (inserted or replacing).
    public var applied = 0
    /// Changes that lost to the stored version.
    public var kept = 0
    /// Changes already stored (same dot).
    public var duplicates = 0
    /// Concurrent writes of different values (recorded in `conflicts`).
    public var conflicts = 0
    /// Of those, the ones where this replica's own edit lost.
    public var ownEditsLost = 0
    /// Clock anomalies (a causal successor with a smaller HLC), recorded too.
    public var anomalies = 0

    public init() {}
}

/// A conflict this replica resolved: one field written concurrently with two values.
public struct ConflictEntry: Sendable, Hashable {
    public var seq: Int64
    /// When this replica saw it, in milliseconds since 1970.
    public var at: Int64
    public var kind: RecordKind
    public var id: RecordID
    public var field: String
    public var winner: FieldVersion
    public var loser: FieldVersion
    /// Whether the losing side was written on this replica.
    public var isOwnEditLost: Bool
    /// Whether the clocks disagreed with the HLC order (see ``LoserRelation/anomaly``).
    public var isAnomaly: Bool
    /// An edit concurrent with the removal of its record: `winner` is the removal, `loser` the edit.
    public var isEditVsDelete: Bool = false
}

/// A pending change the server refused: sync skips it and `status` lists it with the reason.
public struct SetAsideChange: Sendable, Hashable {
    public var change: Change
    public var reason: String
    /// When it was set aside, in milliseconds since 1970.
    public var at: Int64
}
