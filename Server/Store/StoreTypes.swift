import GisementShared

/// A push that passed validation, ready for the writer: the pushing replica, its changes in
/// the order sent (values already in canonical form) and the token that sent them.
public struct ValidatedPush: Sendable {
    public var replica: ReplicaID
    public var changes: [Change]
    /// The name of the token that pushed, for the merge log's `pushed_by`.
    public var pushedBy: String
    /// What that token may write (an admin's rights unless said).
    public var rights: WriteRights

    public init(replica: ReplicaID, changes: [Change], pushedBy: String, rights: WriteRights = .everything) {
        self.replica = replica
        self.changes = changes
        self.pushedBy = pushedBy
        self.rights = rights
    }
}

/// Why a push was refused as a whole by the store (nothing of it is kept).
public enum PushRefusal: Error, Sendable, Hashable {
    /// The server holds a different change under this dot, pushed by the replica's owner: two
    /// copies of one replica file issue the same dots (409 `replica_conflict`).
    case replicaConflict(index: Int, dot: Dot)
    /// The replica id belongs to another token (403 `replica_owned`).
    case replicaOwned(replica: ReplicaID, owner: String)
    /// A change the token may not write: a kind its role does not write, or a record its scope does
    /// not hold (403 `forbidden_change`).
    case forbiddenChange(index: Int, field: String, reason: String)
}

/// What applying a push did.
public struct PushOutcome: Sendable, Hashable {
    /// Changes the server had not received before (whether they won their field or not).
    public var accepted: Int
    /// Changes it already held (dot at or below the replica's high-water mark): counted, not applied.
    public var duplicates: Int
    /// Accepted changes that went into the merge log: concurrent writes of different values, or anomalies.
    public var conflicts: Int
    /// The feed's last position after the push (the highest `seq`).
    public var cursor: Int64

    public init(accepted: Int = 0, duplicates: Int = 0, conflicts: Int = 0, cursor: Int64 = 0) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.cursor = cursor
    }
}

/// The schema versions of the fields a pull serves: those added after `above` and up to `upTo`.
///
/// A client of version 1 pulls `0 < v ≤ 1`; an updated client's one catch-up pull of what it
/// could not hold before pulls `1 < v ≤ 2` from position 0 (docs/protocol.md, "Schema version").
public struct SchemaWindow: Sendable, Equatable {
    public var above: Int
    public var upTo: Int

    public init(above: Int = 0, upTo: Int = SchemaVersion.current) {
        self.above = above
        self.upTo = upTo
    }

    /// Everything this server holds: no row is filtered.
    public static let all = SchemaWindow()

    /// Whether the window lets every row through, so the feed need not look.
    var isEverything: Bool { above <= 0 && upTo >= SchemaVersion.current }

    func contains(_ version: Int64) -> Bool { version > above && version <= upTo }
}

/// One page of the change feed.
public struct FeedPage: Sendable {
    /// Current winners with `seq` set, oldest first.
    public var changes: [Change]
    /// The last position scanned: pass it as `since` for the next page. Rows skipped by
    /// `exclude_replica` move it too, so an up-to-date client never sees the same rows again.
    public var cursor: Int64
    /// Whether rows remain after `cursor`.
    public var more: Bool
}

/// One side of a logged merge.
public struct MergeSide: Sendable, Hashable {
    public var value: FieldValue
    public var hlc: HLCTimestamp
    public var replica: ReplicaID
    public var counter: UInt64

    public init(value: FieldValue, hlc: HLCTimestamp, replica: ReplicaID, counter: UInt64) {
        self.value = value
        self.hlc = hlc
        self.replica = replica
        self.counter = counter
    }

    init(_ version: FieldVersion) {
        self.init(value: version.value, hlc: version.hlc, replica: version.dot.replica, counter: version.dot.counter)
    }
}

/// One row of the merge log: a concurrent write of a different value, or an anomaly.
public struct MergeEntry: Sendable, Hashable {
    /// The entry's position in the merge log (its own sequence, not the feed's).
    public var seq: Int64
    /// Server time of the push, ISO 8601 UTC.
    public var at: String
    public var kind: RecordKind
    public var id: RecordID
    public var field: String
    public var winner: MergeSide
    public var loser: MergeSide
    /// The name of the token whose push caused the decision.
    public var pushedBy: String
    /// The clocks disagreed with the HLC order (a causal successor stamped earlier).
    public var isAnomaly: Bool
    /// An edit concurrent with the removal of its record: `winner` is the removal (`deleted`),
    /// `loser` the edit of `field`.
    public var isEditVsDelete: Bool = false
}

/// A filter and page of the merge log.
public struct MergeQuery: Sendable, Hashable {
    public var since: Int64 = 0
    public var kind: RecordKind?
    public var id: RecordID?
    public var field: String?
    public var pushedBy: String?
    public var limit: Int = 1000

    public init(
        since: Int64 = 0, kind: RecordKind? = nil, id: RecordID? = nil, field: String? = nil,
        pushedBy: String? = nil, limit: Int = 1000
    ) {
        self.since = since
        self.kind = kind
        self.id = id
        self.field = field
        self.pushedBy = pushedBy
        self.limit = limit
    }
}

/// One row of the session log: one authenticated sync request.
public struct SessionEntry: Sendable, Hashable {
    /// Position in the session log (0 before it is written).
    public var seq: Int64
    /// Server time of the request, ISO 8601 UTC.
    public var at: String
    /// The token's name.
    public var token: String
    /// The replica that pushed, or that a pull excluded or a lookup named; nil when unknown.
    public var replica: ReplicaID?
    /// `push`, `pull` or `replica`.
    public var route: String
    public var pushed: Int
    public var accepted: Int
    public var duplicates: Int
    public var conflicts: Int
    public var pulled: Int
    /// The HTTP status answered.
    public var status: Int
    public var durationMilliseconds: Double

    public init(
        seq: Int64 = 0, at: String, token: String, replica: ReplicaID?, route: String, pushed: Int = 0,
        accepted: Int = 0, duplicates: Int = 0, conflicts: Int = 0, pulled: Int = 0, status: Int,
        durationMilliseconds: Double
    ) {
        self.seq = seq
        self.at = at
        self.token = token
        self.replica = replica
        self.route = route
        self.pushed = pushed
        self.accepted = accepted
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.pulled = pulled
        self.status = status
        self.durationMilliseconds = durationMilliseconds
    }
}
