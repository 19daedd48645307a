import GisementShared

/// What a sync needs from the local replica: its outbox, its position in the server's feed and
/// its settings. ``ReplicaStore`` is the real one (see `ReplicaStore+SyncStore.swift`); tests use
/// a store in memory.
///
/// Every method is one transaction of its own: a sync killed between two calls leaves the store
/// in a state the next sync goes on from. In particular `applyPulled` merges a page and moves the
/// cursor together, and `acknowledge` is called only after the server acknowledged the batch.
public protocol SyncStore: AnyObject {
    /// The replica's id, its highest counter, its feed cursor and the remembered server and token.
    func syncStatus() throws -> SyncStoreStatus
    /// How many changes wait to be pushed (set-aside ones left out).
    func pendingCount() throws -> Int
    /// The oldest `limit` changes waiting to be pushed above `counter`, lowest counter first,
    /// leaving out set-aside ones and those a server of `schema` cannot hold.
    func pendingChanges(limit: Int, heldAbove schema: Int, after counter: UInt64) throws -> [Change]
    /// The highest counter this replica has ever sent to a server (0 before its first push).
    ///
    /// Compared with the server's counter for the replica: a server that holds more than this
    /// replica ever sent holds dots this copy never issued to it, so this copy is a restored one.
    func sentCounter() throws -> UInt64
    /// Records, before a batch goes out, the highest counter in it.
    func recordSending(upTo counter: UInt64) throws
    /// Takes changes the server acknowledged out of the outbox.
    func acknowledge(_ dots: [Dot]) throws
    /// Merges a page of pulled changes, moves the HLC past them and sets the cursor, in one transaction.
    /// - Returns: how many concurrent conflicts the merge resolved.
    func applyPulled(_ changes: [Change], cursor: Int64) throws -> Int
    /// Keeps a change the server refused out of later pushes, with the server's reason.
    func setAside(dot: Dot, reason: String) throws
    /// Takes a new replica id and stamps the pending changes again under it.
    /// - Returns: how many changes were stamped again.
    func rotateReplicaID(newID: ReplicaID) throws -> Int
    /// Writes again, under the current id and into the outbox, versions held under the id this
    /// replica left (a copy of this file pushed other changes under those dots); returns how many.
    func reissue(_ changes: [Change]) throws -> Int
    /// Remembers a server URL and/or a token; nil leaves a setting unchanged.
    func updateSyncSettings(server: String?, token: String?) throws
    /// Records when a sync finished (milliseconds since 1970; nil for now).
    func recordSync(at: Int64?) throws
    /// A mark of the conflicts recorded so far (the last one's sequence number, 0 for none).
    func conflictMark() throws -> Int64
    /// The conflicts recorded after `mark`, oldest first.
    func conflicts(after mark: Int64) throws -> [SyncConflict]
    /// A short human label of a record (a name, a collection's item and category), when it has one.
    func recordLabel(kind: RecordKind, id: RecordID) throws -> String?

    // Recovery and verify (docs/sync.md, "When the server went back").

    /// What the replica knows of the server's store and generations.
    func serverKnowledge() throws -> ServerKnowledge
    /// Remembers the store and generation seen, and whether a recovery is pending.
    func saveServerKnowledge(store: String?, generation: ServerGeneration?, recoveryPending: Bool) throws
    /// Moves the feed cursor (after a recovery, to the server's head it compared against).
    func setCursor(_ cursor: Int64) throws
    /// The digest of every bucket of records.
    func bucketDigests() throws -> [UInt64]
    /// The records of some buckets with their digests.
    func recordDigests(buckets: [Int]) throws -> [(RecordKey, UInt64)]
    /// Every version held of some records.
    func versions(of records: [RecordKey]) throws -> [Change]
    /// Stamps again the pending changes stamped more than `margin` ms after `now` (a device clock
    /// that was ahead, then corrected); returns how many.
    func restampFutureChanges(now: Int64, margin: Int64) throws -> Int
    /// Merges versions fetched to repair the replica; the cursor stays.
    func applyRepair(_ changes: [Change]) throws -> ApplyResult

    // Schema versions (docs/protocol.md, "Schema version").

    /// The version last pulled with, the catch-up's position, what is known of the server.
    func schemaProgress() throws -> SchemaProgress
    /// Merges a page of the catch-up pull of a newer schema version; the feed cursor stays.
    /// `finished` records the current version as pulled.
    func applyCatchUp(_ changes: [Change], cursor: Int64, finished: Bool) throws -> Int
    /// Remembers the server's schema version and app version.
    func saveServerSchema(_ version: Int, appVersion: String?) throws
    /// How many pending changes a server of `schema` cannot hold.
    func heldCount(above schema: Int) throws -> Int

    // Scopes (contract "Scopes").

    /// The token's rights as learnt at the last sync, nil if never.
    func knownRights() throws -> TokenRights?
    /// Remembers the token's rights.
    func saveKnownRights(_ rights: TokenRights) throws
    /// Removes the records the scope does not hold, except those with changes not yet sent.
    func forgetOutsideScope(_ holds: Set<String>) throws -> (removed: Int, kept: Int)
    /// The ``ScopeKey`` of a record held here, nil when it has none.
    func scopeKey(of record: RecordKey) throws -> String?
}

extension SyncStore {
    public func knownRights() throws -> TokenRights? { nil }
    public func saveKnownRights(_ rights: TokenRights) throws {}
    public func forgetOutsideScope(_ holds: Set<String>) throws -> (removed: Int, kept: Int) { (0, 0) }
    public func scopeKey(of record: RecordKey) throws -> String? {
        ScopeKey.of(record.kind, id: record.id, test: nil)
    }
}

/// What the store says about its sync position.
public struct SyncStoreStatus: Sendable, Hashable {
    public var replicaID: ReplicaID
    /// The highest counter this replica has issued.
    public var counter: UInt64
    /// The server feed position read up to.
    public var cursor: Int64
    public var server: String?
    public var token: String?

    public init(replicaID: ReplicaID, counter: UInt64, cursor: Int64, server: String? = nil, token: String? = nil) {
        self.replicaID = replicaID
        self.counter = counter
        self.cursor = cursor
        self.server = server
        self.token = token
    }
}

/// A conflict the replica resolved: one field written concurrently with two different values.
public struct SyncConflict: Sendable, Hashable {
    public var kind: RecordKind
    public var id: RecordID
    public var field: String
    public var winner: FieldVersion
    public var loser: FieldVersion
    /// Whether the losing side is an edit made on this replica.
    public var isOwnEditLost: Bool
    /// An edit concurrent with the removal of its record (`winner` is the removal).
    public var isEditVsDelete = false

    public init(
        kind: RecordKind, id: RecordID, field: String, winner: FieldVersion, loser: FieldVersion,
        isOwnEditLost: Bool
    ) {
        self.kind = kind
        self.id = id
        self.field = field
        self.winner = winner
        self.loser = loser
        self.isOwnEditLost = isOwnEditLost
    }
}
