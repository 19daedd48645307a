import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// Writes again, under this replica's current id, versions it holds under the id it had before
    /// ``rotateReplicaID(newID:)``: a copy of this file pushed other changes under those dots to a
    /// server that was restored since, so the server can never take them under their old dots.
    ///
    /// Each version keeps its value and HLC, so it wins and loses against every other version
    /// exactly as before; it takes the next counter of the new id (its clock gains that dot) and
    /// goes to the outbox like a new write, where the push sends it. A version this replica no
    /// longer holds under the given dot (replaced meanwhile) is left alone. One transaction.
    /// - Returns: how many versions were written again.
    /// - Throws: ``SQLiteError``; nothing changed then.
    public func reissue(_ changes: [Change]) throws -> Int {
        try transaction {
            var state = try WriterState.load(database)
            let tables = try VersionTables(database: database, numbers: numbers)
            let outbox = Outbox(database: database)
            var reissued = 0
            // From the first dot written again on, the old id's dots are the other copy's: the
            // clocks forget them (see rotateReplicaID).
            var keptOf: [ReplicaID: UInt64] = [:]
            for change in changes where change.replica != state.replicaID {
                keptOf[change.replica] = min(keptOf[change.replica] ?? .max, change.counter - 1)
            }
            // One outbox row per record, records in a stable order so counters follow it.
            let byRecord = Dictionary(grouping: changes, by: \.record)
            for record in byRecord.keys.sorted(by: { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }) {
                guard let stored = try tables.record(record.kind, record.id) else { continue }
                var recordClock = stored.clock
                for (replica, kept) in keptOf { recordClock.limit(replica, to: kept) }
                var delta: UInt64 = 0
                var rows: [VersionTables.Row] = []
                var entries: [OutboxEntry] = []
                for change in byRecord[record]! where change.replica != state.replicaID {
                    let type = Schema.of(record.kind).field(change.field)?.type
                    guard var version = try tables.version(stored.key, change.field, type: type),
                        version.dot == change.dot
                    else { continue }
                    state.counter += 1
                    let dot = Dot(replica: state.replicaID, counter: state.counter)
                    delta &-= VersionDigest.hash(record, field: change.field, version)
                    version.dot = dot
                    for (replica, kept) in keptOf { version.clock.limit(replica, to: kept) }
                    version.clock.include(dot)
                    delta &+= VersionDigest.hash(record, field: change.field, version)
                    recordClock.include(dot)
                    let row = try tables.row(change.field, version)
                    rows.append(row)
                    entries.append(
                        OutboxEntry(
                            counter: dot.counter, field: change.field, value: row.value, hlc: version.hlc,
                            clockText: row.clockText))
                }
                guard !entries.isEmpty else { continue }
                try tables.save(stored.key, rows)
                try tables.setClock(
                    stored, kind: record.kind, id: record.id, clockText: try numbers.encode(recordClock), delta: delta)
                try outbox.append(record: stored.key, entries: entries)
                reissued += entries.count
            }
            try state.save(database)
            return reissued
        }
    }
}
