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
    /// only break ties that a well-behaved replica never produces (a forged or relayed copy of a
    /// dot with other content), so that even then every replica picks the same winner.
    public func wins(over other: FieldVersion) -> Bool {
        if hlc != other.hlc { return hlc > other.hlc }
        if dot.replica != other.dot.replica { return dot.replica > other.dot.replica }
        if dot.counter != other.dot.counter { return dot.counter > other.dot.counter }
        return FieldVersion.valueOrder(other.value, value)
    }

    /// Whether this version is the same write as `other`: same dot, same stamp, same value (by bytes).
    /// Two versions with one dot and different content come from a copied replica file or a forged
    /// relay; the merge then orders them like any two versions.
    public func isSameWrite(as other: FieldVersion) -> Bool {
        dot == other.dot && hlc == other.hlc && value == other.value
    }

    /// A total order of values for the last tie-break: by type, then by value (texts by bytes).
    static func valueOrder(_ a: FieldValue, _ b: FieldValue) -> Bool {
        func rank(_ v: FieldValue) -> Int {
            switch v {
            case .null: return 0
            case .bool: return 1
            case .integer: return 2
            case .decimal: return 3
            case .text: return 4
            }
        }
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return !x && y
        case (.integer(let x), .integer(let y)): return x < y
        case (.decimal(let x), .decimal(let y)): return x < y || (x == y && x.bitPattern < y.bitPattern)
        case (.text(let x), .text(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        default: return rank(a) < rank(b)
        }
    }
}
