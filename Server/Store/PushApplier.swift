import GisementSQLite
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
/// Not thread-safe: owned by ``ChangeWriter``, used only on its queue.
final class PushApplier {
    private let db: Database
    /// The last feed position handed out; rolled back by the writer when a transaction fails.
    var lastSeq: Int64
    /// Prepared once and kept: the hot path never looks a statement up by its SQL text.
    private let statements: PushStatements

    init(db: Database) throws {
        self.db = db
        self.lastSeq = try db.scalar(sql: "SELECT coalesce(max(seq), 0) FROM field_versions")?.integerValue ?? 0
        self.statements = try PushStatements(db)
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
        let entering = try WriteCheck(db: db, push: push).run()
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
        for (replica, counter) in totals.ownHigh {
            try statements.raiseOwnHigh.run(replica, counter, at)
        }
        for (replica, counter) in totals.relayedHigh {
            try statements.raiseRelayedHigh.run(replica, counter, at)
        }
        for (bucket, delta) in totals.buckets {
            try statements.addToBucket.run(bucket, delta.digest, delta.records)
        }
        // Districts and tests a scoped coordinator created enter its scope.
        for key in entering.sorted() {
            try run(statements.addToTokenScope) {
                $0.bind(text: push.pushedBy, at: 1)
                $0.bind(text: key, at: 2)
            }
        }
        outcome.cursor = lastSeq
        return outcome
    }

    /// Binds the replica id to the pushing token, or refuses a token that does not own it.
    private func claim(_ replica: ReplicaID, by token: String) throws {
        switch try statements.owner(of: replica) {
        case token?: return
        case let owner?: throw PushRefusal.replicaOwned(replica: replica, owner: owner)
        case nil: try statements.claimReplica.run(replica, token)
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
                if held.relayed && !change.isRelayed { try statements.saveDot.run(change.dot, hash, relayed: false) }
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
            try run(statements.insertExit) {
                $0.bind(int64: lastSeq, at: 1)
                $0.bind(text: oldKey, at: 2)
                $0.bind(text: record.kind.rawValue, at: 3)
                $0.bind(text: record.id, at: 4)
            }
        }
        for (field, version) in plan.writes {
            lastSeq += 1
            if let oldSeq = stored.seqs[field] {
                try statements.replaceVersion.run(oldSeq, lastSeq, version)
            } else {
                try statements.insertVersion.run(lastSeq, record, field, version, scopeKey: scopeKey)
            }
        }
        if moved {
            let written = Set(plan.writes.map(\.field))
            for (field, oldSeq) in stored.seqs.sorted(by: { $0.value < $1.value }) where !written.contains(field) {
                lastSeq += 1
                try run(statements.moveRow) {
                    $0.bind(int64: lastSeq, at: 1)
                    $0.bind(int64: oldSeq, at: 2)
                }
            }
            try run(statements.setScopeKey) {
                $0.bind(text: record.kind.rawValue, at: 1)
                $0.bind(text: record.id, at: 2)
                if let scopeKey { $0.bind(text: scopeKey, at: 3) } else { $0.bindNull(at: 3) }
            }
        }
        if !stored.exists, record.kind == .partner {
            try run(statements.savePartnerCreator) {
                $0.bind(text: record.id, at: 1)
                $0.bind(text: push.pushedBy, at: 2)
            }
        }
        if plan.isTouched {
            let bucket = VersionDigest.bucket(record)
            try statements.saveRecord.run(
                record, plan.clock, digest: stored.digest &+ plan.digestDelta, bucket: bucket, scopeKey: scopeKey)
            var delta = totals.buckets[bucket] ?? (0, 0)
            delta.digest &+= plan.digestDelta
            if !stored.exists { delta.records += 1 }
            totals.buckets[bucket] = delta
        }
        for entry in plan.log {
            try statements.insertMerge.run(entry, pushedBy: push.pushedBy, at: at)
        }
        for (change, hash) in zip(incoming, hashes) {
            try statements.saveDot.run(change.dot, hash, relayed: change.isRelayed)
        }
        outcome.accepted += plan.applied + plan.kept
        outcome.duplicates += plan.duplicates
        outcome.conflicts += plan.log.count
    }

    /// The record's ``ScopeKey`` once the plan is written.
    private static func scopeKey(_ record: RecordKey, stored: PushStatements.LoadedRecord, plan: RecordMergePlan) -> String? {
        let testValue = plan.writes.last(where: { $0.field == ScopeKey.testField })?.version.value
            ?? stored.record.versions[ScopeKey.testField]?.value
        var test: RecordID?
        if case .text(let id)? = testValue { test = id }
        return ScopeKey.of(record.kind, id: record.id, test: test)
    }

    private func run(_ statement: Statement, _ bind: (Statement) -> Void) throws {
        bind(statement)
        defer { statement.reset() }
        try statement.step()
    }
}
