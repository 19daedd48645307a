import GisementShared

/// Applies validated pushes to the writer connection, inside a transaction the caller opened.
///
/// The push is taken as runs of consecutive changes to one record. For each change, its dot is
/// looked up in `dots` (one primary-key probe, so the cost grows with the push, not the store):
/// - absent: the change goes to the merge;
/// - held with the same version hash: a duplicate (counted, not applied);
/// - held with different content: a relayed change is ignored (a relay never displaces what the
///   server holds); the owner's change over a relayed one is merged as usual; the owner's change
///   over the owner's is a copy of the replica: the whole push is refused (`replica_conflict`).
/// The run's merge is ``RecordMerger/plan(record:stored:incoming:)``: this type only loads the
/// record and writes the plan (new feed positions, clock, digests, merge log, dots).
/// Before anything, ``WriteCheck`` refuses a change the pushing token may not write; each row
/// carries its record's ``ScopeKey`` so that scoped pulls read by key (migration 004).
///
/// The same applier runs on both engines: only ``PushRows`` differs (SQLite's ``PushStatements``,
/// PostgreSQL's ``PostgresPushRows``), so both stores decide every push alike.
///
/// Not thread-safe: owned by one writer (``ChangeWriter``'s queue, or one PostgreSQL push).
final class PushApplier<Rows: PushRows> {
    /// The last feed position handed out; rolled back by the writer when a transaction fails.
    var lastSeq: Int64
    private let statements: Rows

    init(rows: Rows, lastSeq: Int64) {
        self.lastSeq = lastSeq
        self.statements = rows
    }

    /// What one push changes besides field rows, written once at its end.
    private struct Totals {
        var ownHigh: [ReplicaID: UInt64] = [:]
        var relayedHigh: [ReplicaID: UInt64] = [:]
        var buckets: [Int: (digest: UInt64, records: Int64)] = [:]
    }

    /// Applies one push; the caller rolls back its savepoint when this throws.
    /// - Throws: ``PushRefusal`` (nothing may be kept), ``SQLiteError``.
    func apply(_ push: ValidatedPush, at: String) throws -> PushOutcome {
        try statements.prefetch(push)
        let entering = try WriteCheck(rows: statements, push: push).run()
        if push.changes.contains(where: { !$0.isRelayed }) {
            try claim(push.replica, by: push.pushedBy)
        }
        var outcome = PushOutcome()
        var totals = Totals()
        var start = push.changes.startIndex
        while start < push.changes.endIndex {
            let record = push.changes[start].record
            var end = start + 1
            while end < push.changes.endIndex, push.changes[end].record == record { end += 1 }
            try applyRun(push, start..<end, record: record, at: at, outcome: &outcome, totals: &totals)
            start = end
        }
        // In a fixed order, so that concurrent pushes on PostgreSQL lock rows alike.
        for (replica, counter) in totals.ownHigh.sorted(by: { $0.key < $1.key }) {
            try statements.raiseOwnHigh(replica, to: counter, at: at)
        }
        for (replica, counter) in totals.relayedHigh.sorted(by: { $0.key < $1.key }) {
            try statements.raiseRelayedHigh(replica, to: counter, at: at)
        }
        for (bucket, delta) in totals.buckets.sorted(by: { $0.key < $1.key }) {
            try statements.addToBucket(bucket, digest: delta.digest, records: delta.records)
        }
        // Districts and tests a scoped coordinator created enter its scope.
        for key in entering.sorted() {
            try statements.addToTokenScope(token: push.pushedBy, key: key)
        }
        try statements.finish()
        outcome.cursor = lastSeq
        return outcome
    }

    /// Binds the replica id to the pushing token, or refuses a token that does not own it.
    private func claim(_ replica: ReplicaID, by token: String) throws {
        switch try statements.owner(of: replica) {
        case token?: return
        case let owner?: throw PushRefusal.replicaOwned(replica: replica, owner: owner)
        case nil: try statements.claimReplica(replica, by: token)
        }
    }

    private func applyRun(
        _ push: ValidatedPush, _ range: Range<Int>, record: RecordKey, at: String, outcome: inout PushOutcome,
        totals: inout Totals
    ) throws {
        var incoming: [Change] = []
        var hashes: [UInt64] = []
        for index in range {
            let change = push.changes[index]
            let hash = VersionDigest.hash(change)
            if change.isRelayed {
                totals.relayedHigh[change.replica] = max(totals.relayedHigh[change.replica] ?? 0, change.counter)
            } else {
                totals.ownHigh[change.replica] = max(totals.ownHigh[change.replica] ?? 0, change.counter)
            }
            switch try statements.heldDot(change.dot) {
            case nil:
                break
            case let held? where held.digest == hash:
                outcome.duplicates += 1
                if held.relayed && !change.isRelayed { try statements.saveDot(change.dot, hash: hash, relayed: false) }
                continue
            case let held?:
                if change.isRelayed {
                    outcome.duplicates += 1
                    continue
                }
                if !held.relayed { throw PushRefusal.replicaConflict(index: index, dot: change.dot) }
            }
            incoming.append(change)
            hashes.append(hash)
        }
        guard !incoming.isEmpty else { return }
        let stored = try statements.loadRecord(record)
        let plan = RecordMerger.plan(record: record, stored: stored.record, incoming: incoming)
        let scopeKey = Self.scopeKey(record, stored: stored, plan: plan)
        // A record that changes key (a collection moved to another test) leaves an exit in its old
        // key's feed, and all its rows take new positions under the new key: replicas of the old
        // scope learn it went, replicas of the new one receive it whole.
        let moved = stored.exists && stored.scopeKey != scopeKey
        if moved, let oldKey = stored.scopeKey {
            lastSeq += 1
            try statements.insertExit(seq: lastSeq, scopeKey: oldKey, record: record)
        }
        for (field, version) in plan.writes {
            lastSeq += 1
            if let oldSeq = stored.seqs[field] {
                try statements.replaceVersion(oldSeq: oldSeq, seq: lastSeq, version)
            } else {
                try statements.insertVersion(seq: lastSeq, record: record, field: field, version, scopeKey: scopeKey)
            }
        }
        if moved {
            let written = Set(plan.writes.map(\.field))
            for (field, oldSeq) in stored.seqs.sorted(by: { $0.value < $1.value }) where !written.contains(field) {
                lastSeq += 1
                try statements.moveRow(from: oldSeq, to: lastSeq)
            }
            try statements.setScopeKey(record, scopeKey)
        }
        if !stored.exists, record.kind == .partner {
            try statements.savePartnerCreator(partner: record.id, token: push.pushedBy)
        }
        if plan.isTouched {
            let bucket = VersionDigest.bucket(record)
            try statements.saveRecord(
                record, clock: plan.clock, digest: stored.digest &+ plan.digestDelta, bucket: bucket, scopeKey: scopeKey)
            var delta = totals.buckets[bucket] ?? (0, 0)
            delta.digest &+= plan.digestDelta
            if !stored.exists { delta.records += 1 }
            totals.buckets[bucket] = delta
        }
        for entry in plan.log {
            try statements.insertMerge(entry, pushedBy: push.pushedBy, at: at)
        }
        for (change, hash) in zip(incoming, hashes) {
            try statements.saveDot(change.dot, hash: hash, relayed: change.isRelayed)
        }
        outcome.accepted += plan.applied + plan.kept
        outcome.duplicates += plan.duplicates
        outcome.conflicts += plan.log.count
    }

    /// The record's ``ScopeKey`` once the plan is written.
    private static func scopeKey(_ record: RecordKey, stored: LoadedRecord, plan: RecordMergePlan) -> String? {
        let testValue = plan.writes.last(where: { $0.field == ScopeKey.testField })?.version.value
            ?? stored.record.versions[ScopeKey.testField]?.value
        var test: RecordID?
        if case .text(let id)? = testValue { test = id }
        return ScopeKey.of(record.kind, id: record.id, test: test)
    }
}
