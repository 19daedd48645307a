import GisementShared
import GisementSQLite

extension ReplicaStore {
    /// Stamps again the pending changes stamped more than `margin` milliseconds after `now`: they
    /// were written while the device clock was ahead. Their dots stay (the server has never seen
    /// them), only their HLC moves, in counter order.
    ///
    /// When they were really written is unknown; what is known is that they came after every
    /// version the replica held then. So they are stamped right after the latest stamp it holds
    /// that is not being re-stamped (acknowledged or received versions, never more than the
    /// server's skew ahead): they keep their order and their causality, and never beat an edit
    /// another agent made later. The replica's HLC goes back there too, so the next edits are
    /// stamped with the corrected time.
    /// - Returns: how many changes were stamped again.
    /// - Throws: ``SQLiteError``; nothing changed then.
    public func restampFutureChanges(now: Int64, margin: Int64) throws -> Int {
        try transaction {
            var state = try WriterState.load(database)
            guard state.hlc.last.wall > now + margin else { return 0 }
            var rows: [Outbox.Row] = []
            try Outbox.forEachRow(try database.cachedStatement(sql: "SELECT first, record, changes FROM outbox ORDER BY first"), path: path) {
                rows.append($0)
                return true
            }
            let future = Set(rows.flatMap { $0.entries.filter { $0.hlc.wall > now + margin }.map(\.counter) })
            let own = try numbers.number(state.replicaID)
            // The latest stamp kept: a rare, one-off scan of the versions held.
            var floor = HLCTimestamp.zero
            let versions = try database.cachedStatement(sql: "SELECT hlc_wall, hlc_logical, replica, counter FROM field_versions")
            while try versions.step() {
                if versions.int64(at: 2) == own, future.contains(UInt64(versions.int64(at: 3))) { continue }
                let stamp = HLCTimestamp(wall: versions.int64(at: 0), logical: UInt32(truncatingIfNeeded: versions.int64(at: 1)))
                if stamp > floor { floor = stamp }
            }
            versions.reset()
            // Nothing else held: the corrected time is all there is to go by.
            if floor == .zero { floor = HLCTimestamp(wall: now, logical: 0) }
            state.hlc = HybridLogicalClock(last: floor)
            guard !future.isEmpty else {
                try state.save(database)
                return 0
            }
            var stamps: [UInt64: HLCTimestamp] = [:]
            for counter in future.sorted() { stamps[counter] = state.hlc.tick(now: floor.wall) }
            let tables = try VersionTables(database: database, numbers: numbers)
            let outbox = Outbox(database: database)
            for row in rows where row.entries.contains(where: { stamps[$0.counter] != nil }) {
                let (kind, id) = try outbox.recordOf(row)
                guard let stored = try tables.record(kind, id) else {
                    throw ReplicaDamage.missingRecord(row.record, table: "outbox", path: path)
                }
                var entries = row.entries
                var delta: UInt64 = 0
                let address = RecordKey(kind: kind, id: id)
                for i in entries.indices {
                    guard let stamp = stamps[entries[i].counter] else { continue }
                    entries[i].hlc = stamp
                    let dot = Dot(replica: state.replicaID, counter: entries[i].counter)
                    let type = Schema.of(kind).field(entries[i].field)?.type
                    if var version = try tables.version(row.record, entries[i].field, type: type), version.dot == dot {
                        delta &-= VersionDigest.hash(address, field: entries[i].field, version)
                        version.hlc = stamp
                        delta &+= VersionDigest.hash(address, field: entries[i].field, version)
                        try tables.save(row.record, [try tables.row(entries[i].field, version)])
                    }
                }
                try outbox.replace(row, with: entries)
                try tables.setClock(stored, kind: kind, id: id, clockText: try numbers.encode(stored.clock), delta: delta)
            }
            try state.save(database)
            return stamps.count
        }
    }
}
