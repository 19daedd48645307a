/// A replica held entirely in memory, built on ``Merger``: the reference model the tests use
/// to prove that replicas converge, and a readable statement of what a replica does.
///
/// It keeps what a real replica keeps: an id, a ``HybridLogicalClock``, a write counter, a
/// vector clock per record (merged from every version received, winners and losers alike, so
/// that it says everything the replica has seen of the record), the current version of each
/// field, the changes it wrote, and the conflicts and anomalies it logged.
///
/// ```swift
/// var a = InMemoryReplica(id: "r-a")
/// var b = InMemoryReplica(id: "r-b")
/// let change = a.write(kind: .district, id: "d-1", field: "name", value: .text("Nord"), now: 1_000)
/// _ = b.receive([change])
/// a.state == b.state  // true
/// ```
public struct InMemoryReplica: Sendable {
    public let id: ReplicaID
    /// The replica's hybrid logical clock.
    public private(set) var hlc: HybridLogicalClock
    /// The counter of the last write (its dots are `(id, 1)`, `(id, 2)`, …).
    public private(set) var counter: UInt64
    /// Per record, the merge of the clocks of every version seen and written.
    public private(set) var recordClocks: [RecordKey: VectorClock] = [:]
    /// The current (winning) version of each field.
    public private(set) var versions: [FieldKey: FieldVersion] = [:]
    /// The changes this replica wrote, oldest first.
    public private(set) var written: [Change] = []
    /// The changes received for the first time, in arrival order (duplicates left out).
    public private(set) var received: [Change] = []
    /// Conflicts and anomalies, in the order they were found.
    public private(set) var log: [LogEntry] = []
    /// Every dot written or received: a change whose dot is here is a duplicate.
    public private(set) var seenDots: Set<Dot> = []

    public init(id: ReplicaID, hlc: HybridLogicalClock = HybridLogicalClock(), counter: UInt64 = 0) {
        self.id = id
        self.hlc = hlc
        self.counter = counter
    }

    /// Writes one field locally at physical time `now` (ms since 1970) and returns the change.
    ///
    /// The change gets the next HLC reading, the next counter, and the record's clock with its
    /// own dot included; it is merged into the replica's state like any received change.
    public mutating func write(kind: RecordKind, id recordID: RecordID, field: String, value: FieldValue, now: Int64)
        -> Change
    {
        let key = FieldKey(kind: kind, id: recordID, field: field)
        counter += 1
        let stamp = hlc.tick(now: now)
        var clock = recordClocks[key.record] ?? VectorClock()
        clock.include(Dot(replica: id, counter: counter))
        let change = Change(
            kind: kind, id: recordID, field: field, value: value, hlc: stamp, replica: id, counter: counter,
            clock: clock)
        seenDots.insert(change.dot)
        written.append(change)
        _ = merge(change, at: key)
        return change
    }

    /// Receives changes from another replica or the server, in the order given.
    ///
    /// A change whose dot was seen before is a duplicate and is not merged again (so a
    /// re-delivered loser is not logged twice). Every other change moves the HLC, widens the
    /// record's clock and goes through ``RecordMerger/plan(record:stored:incoming:)``.
    public mutating func receive(_ changes: [Change]) -> [ReceivedOutcome] {
        var outcomes: [ReceivedOutcome] = []
        outcomes.reserveCapacity(changes.count)
        for change in changes {
            hlc.receive(change.hlc)
            guard seenDots.insert(change.dot).inserted else {
                outcomes.append(ReceivedOutcome(change: change, decision: MergeDecision(action: .duplicate)))
                continue
            }
            received.append(change)
            let key = FieldKey(kind: change.kind, id: change.id, field: change.field)
            outcomes.append(ReceivedOutcome(change: change, decision: merge(change, at: key)))
        }
        return outcomes
    }

    /// Merges one change through the record planner the stores run, so the property tests
    /// exercise the product's merge. Edits concurrent with a removal are the stores' concern
    /// (their own log kind); this replica's log keeps conflicts and anomalies.
    private mutating func merge(_ change: Change, at key: FieldKey) -> MergeDecision {
        recordClocks[key.record, default: VectorClock()].merge(change.clock)
        var stored = StoredRecord(clock: recordClocks[key.record] ?? VectorClock())
        if let version = versions[key] { stored.versions[key.field] = version }
        let plan = RecordMerger.plan(record: key.record, stored: stored, incoming: CollectionOfOne(change))
        for (field, version) in plan.writes {
            versions[FieldKey(kind: key.kind, id: key.id, field: field)] = version
        }
        for entry in plan.log where !entry.isEditVsDelete {
            log.append(LogEntry(field: key, winner: entry.winner, loser: entry.loser, isAnomaly: entry.isAnomaly))
        }
        return plan.decisions[0]
    }

    /// Every change this replica holds (written and received), for forwarding to others.
    public var knownChanges: [Change] { written + received }

    /// The conflicts logged (anomalies left out).
    public var conflicts: [LogEntry] { log.filter { !$0.isAnomaly } }

    /// The vector clock of one record (empty when nothing of it was seen).
    public func recordClock(kind: RecordKind, id recordID: RecordID) -> VectorClock {
        recordClocks[RecordKey(kind: kind, id: recordID)] ?? VectorClock()
    }

    /// The winning value of every field: what two converged replicas hold alike.
    public var state: State {
        State(values: versions.mapValues(\.value))
    }

    /// The records, sorted by kind and id.
    public var records: [Record] {
        var byRecord: [RecordKey: [String: FieldValue]] = [:]
        for (key, version) in versions { byRecord[key.record, default: [:]][key.field] = version.value }
        return byRecord.keys.sorted().map { Record(kind: $0.kind, id: $0.id, fields: byRecord[$0]!) }
    }
}
