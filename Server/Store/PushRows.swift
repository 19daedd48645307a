import GisementShared

/// The rows a push reads and writes, whatever engine holds them: ``PushApplier`` decides (through
/// ``RecordMerger``) and ``WriteCheck`` checks; an implementation only runs its engine's SQL.
///
/// One implementation per engine: ``PushStatements`` (SQLite, prepared once) and
/// ``PostgresPushRows``. Every call runs inside the push's transaction.
protocol PushRows {
    /// Reads ahead, in a few queries, what the push will look up (its dots, records and buckets):
    /// where each statement is a round trip to a server, this saves most of them.
    func prefetch(_ push: ValidatedPush) throws
    /// Sends what was held back; called once the push's rows are all given.
    func finish() throws
    /// The token that owns a replica id, nil when none does yet.
    func owner(of replica: ReplicaID) throws -> String?
    /// Binds a replica id to a token.
    func claimReplica(_ replica: ReplicaID, by token: String) throws
    /// Raises the highest counter a replica pushed itself.
    func raiseOwnHigh(_ replica: ReplicaID, to counter: UInt64, at: String) throws
    /// Raises the highest counter others relayed for a replica.
    func raiseRelayedHigh(_ replica: ReplicaID, to counter: UInt64, at: String) throws
    /// The hash and origin of a dot the store holds, nil when it holds none.
    func heldDot(_ dot: Dot) throws -> (digest: UInt64, relayed: Bool)?
    func saveDot(_ dot: Dot, hash: UInt64, relayed: Bool) throws
    /// Every stored version of a record, with positions, clock, digest and scope key.
    func loadRecord(_ key: RecordKey) throws -> LoadedRecord
    func insertVersion(seq: Int64, record: RecordKey, field: String, _ version: FieldVersion, scopeKey: String?) throws
    /// Replaces the version at `oldSeq`, which moves to `seq`.
    func replaceVersion(oldSeq: Int64, seq: Int64, _ version: FieldVersion) throws
    func saveRecord(_ key: RecordKey, clock: VectorClock, digest: UInt64, bucket: Int, scopeKey: String?) throws
    /// Adds to a bucket's digest (wrapping) and record count.
    func addToBucket(_ bucket: Int, digest: UInt64, records: Int64) throws
    func insertMerge(_ entry: MergeLogEntry, pushedBy: String, at: String) throws
    /// Sets the scope key of every row of a record.
    func setScopeKey(_ record: RecordKey, _ scopeKey: String?) throws
    /// Moves a row to a new feed position.
    func moveRow(from oldSeq: Int64, to seq: Int64) throws
    /// A feed position where a record left a scope key.
    func insertExit(seq: Int64, scopeKey: String, record: RecordKey) throws
    func savePartnerCreator(partner: RecordID, token: String) throws
    func addToTokenScope(token: String, key: String) throws
    /// Whether a record is stored, and its scope key (``WriteCheck``).
    func storedScopeKey(of record: RecordKey) throws -> (exists: Bool, key: String?)
    /// What a token's scope holds now (``ScopeHolds/expand(_:token:scope:)``).
    func expandScope(token: String, scope: Set<String>) throws -> ScopeHolds
}

extension PushRows {
    /// Nothing to read ahead: SQLite's statements are function calls, not round trips.
    func prefetch(_ push: ValidatedPush) throws {}
    func finish() throws {}
}

/// A record as a push needs it: every stored version, the feed position of each, the clock and
/// the digest.
struct LoadedRecord {
    var record = StoredRecord()
    var seqs: [String: Int64] = [:]
    var digest: UInt64 = 0
    var exists = false
    /// Its ``ScopeKey`` as stored.
    var scopeKey: String?
}
