/// What a store holds of one record before a merge: its vector clock and the stored versions of
/// (at least) the fields a run of changes touches, plus `deleted`.
public struct StoredRecord: Sendable {
    public var clock: VectorClock
    public var versions: [String: FieldVersion]

    public init(clock: VectorClock = VectorClock(), versions: [String: FieldVersion] = [:]) {
        self.clock = clock
        self.versions = versions
    }

    /// A record nothing is stored of.
    public static let empty = StoredRecord()
}

/// What a store writes after merging a run of changes into one record. Pure data: the store
/// only writes it.
public struct RecordMergePlan: Sendable {
    public var record: RecordKey
    /// The fields whose stored version changes and their new version, in the order first written.
    public var writes: [(field: String, version: FieldVersion)] = []
    /// The stored version each written field replaces (absent for a field stored for the first time).
    public var replaced: [String: FieldVersion] = [:]
    /// The record's clock after the merge: every clock seen merged.
    public var clock: VectorClock
    /// Whether anything but duplicates came in (else nothing needs writing).
    public var isTouched = false
    /// The merge decision taken for each incoming change, in order (what a simulation's oracle checks).
    public var decisions: [MergeDecision] = []
    /// Conflicts, anomalies and edits concurrent with a removal, in the order found.
    public var log: [MergeLogEntry] = []
    /// What to add (wrapping) to the record's digest and to its bucket's (``VersionDigest``).
    public var digestDelta: UInt64 = 0

    /// Changes that are now the stored version of their field.
    public var applied: Int { decisions.count(where: \.replacesStored) }
    /// Changes the stored version won over: known, not stored.
    public var kept: Int { decisions.count { $0.action == .keep } }
    /// Changes whose very write was stored already.
    public var duplicates: Int { decisions.count { $0.action == .duplicate } }
}

/// The merge of a run of changes into one record: the one implementation every store runs (the
/// replica's pulls and local writes, the server's pushes, the in-memory replica of the tests).
///
/// Stores load, call ``plan(record:stored:incoming:)`` and write the plan; no store decides a
/// winner, pairs a winner with a loser, merges a clock or keeps a digest itself. Each field goes
/// through ``Merger/decide(stored:incoming:)``; a field changed twice in the run is decided against
/// the first change's outcome, exactly as if the changes were merged one by one.
public enum RecordMerger {
    /// Whether a plan for `run` must see every stored version of the record, not only the touched
    /// fields and `deleted`: a removal is checked against every field for concurrent edits.
    public static func needsAllVersions<C: Collection<Change>>(_ run: C) -> Bool {
        run.contains { $0.field == Schema.deletedField && $0.value == .bool(true) }
    }

    /// Merges `incoming` (changes of `record`, in arrival order) into what is stored.
    public static func plan<C: Collection<Change>>(record: RecordKey, stored: StoredRecord, incoming: C)
        -> RecordMergePlan
    {
        var plan = RecordMergePlan(record: record, clock: stored.clock)
        plan.decisions.reserveCapacity(incoming.count)
        plan.writes.reserveCapacity(incoming.count)
        for change in incoming {
            let version = change.version
            let written = writeIndex(change.field, in: plan)
            let previous = written.map { plan.writes[$0].version } ?? stored.versions[change.field]
            let decision = Merger.decide(stored: previous, incoming: version)
            plan.decisions.append(decision)
            if decision.action == .duplicate { continue }
            plan.isTouched = true
            plan.clock.merge(version.clock)
            if decision.replacesStored {
                if let i = written {
                    plan.writes[i].version = version
                } else {
                    plan.writes.append((change.field, version))
                    if let original = stored.versions[change.field] { plan.replaced[change.field] = original }
                }
            }
            if decision.isLogged, let previous {
                let (winner, loser) = decision.action == .replace ? (version, previous) : (previous, version)
                plan.log.append(
                    MergeLogEntry(
                        record: record, field: change.field, winner: winner, loser: loser,
                        kind: decision.isAnomaly ? .anomaly : .conflict))
            }
            if decision.replacesStored {
                logRemovalConflicts(change, version, previous: previous, stored: stored.versions, plan: &plan)
            }
        }
        for (field, version) in plan.writes {
            plan.digestDelta &+= VersionDigest.hash(record, field: field, version)
            if let old = plan.replaced[field] { plan.digestDelta &-= VersionDigest.hash(record, field: field, old) }
        }
        return plan
    }

    /// Logs edits concurrent with a removal of the record: an edit stored while the record is
    /// removed, or a removal arriving over stored edits its writer had not seen.
    private static func logRemovalConflicts(
        _ change: Change, _ version: FieldVersion, previous: FieldVersion?, stored: [String: FieldVersion],
        plan: inout RecordMergePlan
    ) {
        let deleted = Schema.deletedField
        if change.field == deleted {
            // A removal that now holds, over a record that was not removed before it.
            guard version.value == .bool(true), current(deleted, stored: stored, plan: plan) == version,
                previous?.value != .bool(true)
            else {
                return
            }
            var all = stored
            for (field, written) in plan.writes { all[field] = written }
            for field in all.keys.sorted() where field != deleted {
                let edit = all[field]!
                guard areConcurrent(edit, version) else { continue }
                plan.log.append(
                    MergeLogEntry(record: plan.record, field: field, winner: version, loser: edit, kind: .editVsDelete))
            }
        } else if let removal = current(deleted, stored: stored, plan: plan), removal.value == .bool(true),
            areConcurrent(version, removal)
        {
            plan.log.append(
                MergeLogEntry(record: plan.record, field: change.field, winner: removal, loser: version, kind: .editVsDelete))
        }
    }

    /// Where `field` is among the plan's writes (each field is there at most once). A run touches
    /// a handful of fields, so they are searched in order rather than kept in a dictionary beside
    /// the writes (hashing each field name twice per change cost more).
    private static func writeIndex(_ field: String, in plan: RecordMergePlan) -> Int? {
        plan.writes.firstIndex { $0.field == field }
    }

    /// The version `field` holds while the plan is made: its latest write, else the stored one.
    private static func current(_ field: String, stored: [String: FieldVersion], plan: RecordMergePlan) -> FieldVersion? {
        writeIndex(field, in: plan).map { plan.writes[$0].version } ?? stored[field]
    }

    /// Whether neither writer had seen the other's write.
    static func areConcurrent(_ a: FieldVersion, _ b: FieldVersion) -> Bool {
        !a.clock.contains(b.dot) && !b.clock.contains(a.dot)
    }
}
