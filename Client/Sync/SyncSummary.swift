import GisementShared

/// What one sync did: the one summary printed at its end, as text or (with `--json`) as JSON.
///
/// Lists, besides the counts, every edit of this replica that lost to a concurrent edit of
/// another value (``lostEdits``) and every change the server refused (``setAside``), so that
/// the agent knows what to look at again.
public struct SyncSummary: Sendable, Hashable {
    public var server: String
    public var replicaID: ReplicaID
    /// The id the replica had before it took a new one (restored from an old copy), if it did.
    public var previousReplicaID: ReplicaID?
    /// How many pending changes were stamped again under the new id.
    public var restamped = 0
    /// Changes the server acknowledged (stored or already held).
    public var pushed = 0
    /// Of ``pushed``, those the server already held (a batch sent again after an interruption).
    public var duplicates = 0
    /// Changes pulled from the server and merged here.
    public var pulled = 0
    /// Concurrent edits of different values met by this sync: found by the server in what was
    /// pushed, or found here in what was pulled.
    public var conflicts = 0
    /// This replica's edits that lost to a concurrent edit.
    public var lostEdits: [LostEdit] = []
    /// Changes the server refused during this sync, now set aside.
    public var setAside: [SetAsideNotice] = []
    /// The server clock minus the local clock, in milliseconds, when the server told its time.
    public var clockOffset: Int64?
    /// The feed position reached.
    public var cursor: Int64 = 0
    /// Changes still waiting to be pushed after the sync (set-aside ones left out).
    public var pendingAfter = 0
    /// Wall time of the sync, in milliseconds.
    public var durationMilliseconds: Int64 = 0
    /// Why this sync found the server behind what the replica knew, when it did.
    public var serverWentBack: String?
    /// The same reason as a catalogue message (id and blanks), for the text summary in the user's language.
    public var serverWentBackMessage: CatalogueMessage?
    /// What the recovery sent and fetched, when the server went back.
    public var recovery: RecoveryCounts?
    /// Pending changes of kinds or fields the server's (older) schema version cannot hold: kept.
    public var heldForNewerServer = 0
    /// The server's schema version and app version, from its health answer.
    public var serverSchema: Int?
    public var serverVersion: String?
    /// Changes fetched once by the catch-up of a newer schema version.
    public var caughtUp = 0
    /// Scope keys (tests, districts, partners) that entered the token's scope and were fetched whole.
    public var scopeEntered = 0
    /// Records removed because they left the token's scope.
    public var scopeRemoved = 0
    /// Records outside the scope kept because they have changes not yet sent.
    public var scopeKept = 0

    /// What a recovery or `verify --repair` did.
    public struct RecoveryCounts: Sendable, Hashable {
        /// This replica's own versions sent again.
        public var sent = 0
        /// Others' versions sent on their behalf.
        public var relayed = 0
        /// Versions fetched from the server that changed this replica.
        public var received = 0
        /// Versions the server refused (kept here).
        public var refused = 0
        /// Records found different before the repair.
        public var records = 0
        /// Versions this replica's token may not write, left to replicas whose tokens may.
        public var left = 0
        /// This replica's own versions written again under a new id: a copy of the file had
        /// pushed other changes under their dots (docs/sync.md, "When the server went back").
        public var reissued = 0
    }

    public init(server: String, replicaID: ReplicaID) {
        self.server = server
        self.replicaID = replicaID
    }

    /// One edit of this replica that lost to a concurrent edit of another value.
    public struct LostEdit: Sendable, Hashable {
        public var kind: RecordKind
        public var id: RecordID
        /// The record's name or item, when it has one.
        public var label: String?
        public var field: String
        /// The value this replica wrote.
        public var yourValue: FieldValue
        /// The value that won and stays.
        public var winningValue: FieldValue
        /// The replica that wrote the winning value.
        public var winningReplica: ReplicaID
        /// The edit was made while another replica removed the record: the record stays removed.
        public var isRemoval = false
        public var winningHLC: HLCTimestamp

        public init(
            kind: RecordKind, id: RecordID, label: String?, field: String, yourValue: FieldValue,
            winningValue: FieldValue, winningReplica: ReplicaID, winningHLC: HLCTimestamp
        ) {
            self.kind = kind
            self.id = id
            self.label = label
            self.field = field
            self.yourValue = yourValue
            self.winningValue = winningValue
            self.winningReplica = winningReplica
            self.winningHLC = winningHLC
        }
    }

    /// One change the server refused: which record and field, the value, and why.
    public struct SetAsideNotice: Sendable, Hashable {
        public var kind: RecordKind
        public var id: RecordID
        public var label: String?
        public var field: String
        public var value: FieldValue
        public var reason: String

        public init(kind: RecordKind, id: RecordID, label: String?, field: String, value: FieldValue, reason: String) {
            self.kind = kind
            self.id = id
            self.label = label
            self.field = field
            self.value = value
            self.reason = reason
        }
    }

    /// A short label of a record for people: its name, or for a collection its item and category.
    public static func label(of record: Record) -> String? {
        if let name = record.text("name") { return name }
        if record.kind == .collection {
            let parts = [record.text("item"), record.text("category")].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        return nil
    }
}
