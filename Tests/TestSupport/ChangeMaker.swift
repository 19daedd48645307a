import GisementShared

/// Makes valid changes for one replica, counting its dots from 1 and ticking its HLC, the
/// way a real replica would (server tests, and raw pushers in end-to-end tests).
public struct ChangeMaker {
    public var replica: ReplicaID
    public var counter: UInt64 = 0
    public var hlc: HybridLogicalClock
    public var now: Int64
    /// The record clocks this replica knows.
    public var clocks: [String: VectorClock] = [:]

    public init(replica: ReplicaID, startingAt now: Int64 = 1_763_720_130_000) {
        self.replica = replica
        self.now = now
        self.hlc = HybridLogicalClock()
    }

    /// The next write of `field` on a record, with the record clock this replica knows.
    public mutating func write(_ kind: RecordKind, _ id: RecordID, _ field: String, _ value: FieldValue) -> Change {
        counter += 1
        now += 1
        let stamp = hlc.tick(now: now)
        var clock = clocks["\(kind.rawValue)/\(id)"] ?? VectorClock()
        clock.include(Dot(replica: replica, counter: counter))
        clocks["\(kind.rawValue)/\(id)"] = clock
        return Change(kind: kind, id: id, field: field, value: value, hlc: stamp, replica: replica, counter: counter, clock: clock)
    }

    /// Takes a change from elsewhere into account: its clock joins the record's, its HLC the replica's.
    public mutating func receive(_ change: Change) {
        hlc.receive(change.hlc)
        clocks["\(change.kind.rawValue)/\(change.id)", default: VectorClock()].merge(change.clock)
    }

    /// `count` partner names, one record each: what any token may write (an agent's may not
    /// write districts, contract "Scopes").
    public mutating func partners(_ count: Int, prefix: String = "p") -> [Change] {
        (0..<count).map { write(.partner, "\(prefix)-\(replica)-\($0)", "name", .text("Partner \($0)")) }
    }

    /// `count` district names, one record each.
    public mutating func districts(_ count: Int, prefix: String = "d") -> [Change] {
        (0..<count).map { write(.district, "\(prefix)-\(replica)-\($0)", "name", .text("District \($0)")) }
    }
}
