/// One merge worth telling someone about: the one type for the server's merge log, the replica's
/// `conflicts` table and the in-memory replica's log.
public struct MergeLogEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Two concurrent writes of different values to one field; the winner is kept.
        case conflict
        /// The clocks disagree with the HLC order (a causal successor stamped earlier); the HLC decides.
        case anomaly
        /// An edit concurrent with the removal of its record: the field holds the edit, but the
        /// record stays removed, so nobody sees it. `winner` is the removal (the `deleted` version),
        /// `loser` the edit, `field` the edited field.
        case editVsDelete
    }

    public var record: RecordKey
    public var field: String
    public var winner: FieldVersion
    public var loser: FieldVersion
    public var kind: Kind

    public init(record: RecordKey, field: String, winner: FieldVersion, loser: FieldVersion, kind: Kind) {
        self.record = record
        self.field = field
        self.winner = winner
        self.loser = loser
        self.kind = kind
    }

    public var isAnomaly: Bool { kind == .anomaly }
    public var isEditVsDelete: Bool { kind == .editVsDelete }
}
