/// One version of one field of one record: what the merge compares.
public struct FieldVersion: Hashable, Sendable {
    public var value: FieldValue
    public var hlc: HLCTimestamp
    public var dot: Dot
    /// The record's vector clock as the writer knew it, including `dot`.
    public var clock: VectorClock

    public init(value: FieldValue, hlc: HLCTimestamp, dot: Dot, clock: VectorClock) {
        self.value = value
        self.hlc = hlc
        self.dot = dot
        self.clock = clock
    }

    /// Whether this version wins over `other` under the total order of the merge rule:
    /// greater HLC, then greater replica id (as strings); the counter and then the value
    /// only break ties that a well-behaved replica never produces, so that even then
    /// every replica picks the same winner.
    public func wins(over other: FieldVersion) -> Bool {
        if hlc != other.hlc { return hlc > other.hlc }
        if dot.replica != other.dot.replica { return dot.replica > other.dot.replica }
        if dot.counter != other.dot.counter { return dot.counter > other.dot.counter }
        return FieldVersion.tieBreak(value) > FieldVersion.tieBreak(other.value)
    }

    private static func tieBreak(_ value: FieldValue) -> String {
        switch value {
        case .null: return "0"
        case .bool(let b): return "1" + (b ? "1" : "0")
        case .integer(let i): return "2" + String(i)
        case .decimal(let d): return "3" + String(d)
        case .text(let s): return "4" + s
        }
    }
}
