/// One field write: the unit that replicas and the server exchange.
///
/// On the wire (see `docs/protocol.md`):
/// ```json
/// {"kind": "collection", "id": "c-7f3a", "field": "weight_kg", "value": 12.5,
///  "hlc": "1763720130123:0", "replica": "r-4f9a", "counter": 42,
///  "clock": {"r-4f9a": 42, "r-77aa": 17}}
/// ```
/// `seq` is set only on changes served by the server's feed.
public struct Change: Hashable, Sendable {
    public var kind: RecordKind
    public var id: RecordID
    public var field: String
    public var value: FieldValue
    public var hlc: HLCTimestamp
    public var replica: ReplicaID
    public var counter: UInt64
    public var clock: VectorClock
    public var seq: Int64?
    /// Set on a pushed change that the pushing replica re-sends for another replica (it pulled it
    /// earlier): the one case where `replica` may differ from the push's replica (docs/protocol.md,
    /// "Relayed changes"). On the wire `"relayed": true`, absent otherwise.
    public var isRelayed: Bool

    public init(
        kind: RecordKind, id: RecordID, field: String, value: FieldValue, hlc: HLCTimestamp,
        replica: ReplicaID, counter: UInt64, clock: VectorClock, seq: Int64? = nil, isRelayed: Bool = false
    ) {
        self.kind = kind
        self.id = id
        self.field = field
        self.value = value
        self.hlc = hlc
        self.replica = replica
        self.counter = counter
        self.clock = clock
        self.seq = seq
        self.isRelayed = isRelayed
    }

    /// The change's identity.
    public var dot: Dot { Dot(replica: replica, counter: counter) }

    /// The field version this change carries, as the merge sees it.
    public var version: FieldVersion {
        FieldVersion(value: value, hlc: hlc, dot: dot, clock: clock)
    }

    /// Builds a change from a field version and its address.
    public init(kind: RecordKind, id: RecordID, field: String, version: FieldVersion, seq: Int64? = nil) {
        self.init(
            kind: kind, id: id, field: field, value: version.value, hlc: version.hlc,
            replica: version.dot.replica, counter: version.dot.counter, clock: version.clock, seq: seq)
    }
}
