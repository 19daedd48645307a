import Foundation
import GisementClient
import GisementServer
import GisementShared
import TestSupport
import Testing

/// Random histories through the code the product runs: real replica files (``ReplicaStore``) and
/// the real server (router, handlers, SQLite ``ServerStore``) in this process, syncing through
/// ``InProcessServer`` with lost acknowledgements and failed requests along the way.
///
/// Checked against an oracle that knows nothing of vector clocks or the planner: it records every
/// write with the set of writes its writer had seen of the record (from who synced what), and
///  - at the end, after every replica synced twice, every replica and the server hold, for each
///    field, the value of its greatest write by `(wall, logical, replica)`;
///  - the server's merge log holds exactly the conflicts its arrivals make: two concurrent writes
///    of different values (never a write its writer had seen);
///  - a replica never logs a conflict between two writes of which one had seen the other.
///
/// `GISEMENT_PROPERTY_RUNS=N` for more histories, `GISEMENT_PROPERTY_SEED=S` to replay one.
@Suite(.serialized) struct StorePropertyTests {
    static let seeds = PropertyRuns.seeds(default: 1_000, salt: 77)

    // One test, not several in parallel: the in-process server is awaited from synchronous code
    // (the sync client's), which blocks a thread of Swift's cooperative pool; several at once on a
    // two-core machine would block them all.
    @Test func randomHistories_throughBothStores_convergeToTheOracle_withExactlyItsConflicts() throws {
        var totals = History.Tally()
        let seeds = Self.seeds
        for seed in seeds {
            var history = try History(seed: seed)
            try history.run()
            let replay = "replay with GISEMENT_PROPERTY_SEED=\(seed)"
            #expect(history.problems.isEmpty, "\(replay): \(history.problems.prefix(3))")
            let oracle = history.oracleState
            #expect(try history.serverState() == oracle, "\(replay): server differs from the oracle")
            for replica in history.replicas {
                #expect(try History.state(of: replica) == oracle, "\(replay): \(replica.replicaID) differs from the oracle")
            }
            let logged = try history.serverConflicts()
            #expect(
                logged == history.expectedServerConflicts,
                "\(replay): server merge log has \(logged.subtracting(history.expectedServerConflicts)) beyond the oracle's, lacks \(history.expectedServerConflicts.subtracting(logged))")
            totals.add(history.tally)
        }
        // The histories exercised what they should (meaningful over many seeds only).
        if seeds.count >= 100 {
            #expect(totals.serverConflicts > 50 && totals.superseded > 50 && totals.faults > 50, "\(totals)")
        }
    }
}

/// One random history: 2 to 4 replicas and a server, writes, syncs with faults, then two rounds of syncs.
struct History {
    struct FieldKey: Hashable, CustomStringConvertible {
        var kind: RecordKind, id: RecordID, field: String
        var description: String { "\(kind.rawValue) \(id).\(field)" }
    }
    struct Write { var key: FieldKey; var value: FieldValue; var hlc: HLCTimestamp; var dot: Dot }
    struct Conflict: Hashable { var key: FieldKey; var winner: Dot; var loser: Dot }
    struct Tally: CustomStringConvertible {
        var writes = 0, syncs = 0, faults = 0, superseded = 0, serverConflicts = 0
        mutating func add(_ other: Tally) {
            writes += other.writes; syncs += other.syncs; faults += other.faults
            superseded += other.superseded; serverConflicts += other.serverConflicts
        }
        var description: String {
            "writes \(writes), syncs \(syncs), faults \(faults), superseded \(superseded), server conflicts \(serverConflicts)"
        }
    }

    var random: SplitMix64
    let server: InProcessServer
    var replicas: [ReplicaStore] = []
    var skews: [Int64] = []
    let records: [RecordID]
    var writes: [Dot: Write] = [:]
    /// Per write: every write of the same record its writer had seen, itself included.
    var past: [Dot: Set<Dot>] = [:]
    /// The writes each replica has seen (its own, those it pulled and what their writers had seen),
    /// and the writes the server holds.
    var known: [Set<Dot>] = []
    var serverKnown: Set<Dot> = []
    /// The server's current write per field, replayed in arrival order, and the conflicts it logs.
    var serverCurrent: [FieldKey: Dot] = [:]
    var expectedServerConflicts: Set<Conflict> = []
    var tally = Tally()
    var problems: [String] = []

    init(seed: UInt64) throws {
        random = SplitMix64(seed: seed)
        server = try InProcessServer()
        for r in 0..<random.below(3) + 2 {
            let skew = Int64([0, 0, 2, -3, 40][random.below(5)])
            let server = server
            replicas.append(
                try ReplicaStore.create(
                    path: server.folder.file("replica-\(r).sqlite"), replicaID: "r-\(random.below(40))x\(r)",
                    clock: WallClock { server.time + skew }, synchronous: .off))
            skews.append(skew)
        }
        known = Array(repeating: [], count: replicas.count)
        records = (0..<random.below(3) + 1).map { "d-rec\($0)" }
    }

    /// With `GISEMENT_PROPERTY_TRACE=1`, each step is printed (to read a failing seed).
    static let tracing = ProcessInfo.processInfo.environment["GISEMENT_PROPERTY_TRACE"] == "1"
    func trace(_ line: @autoclosure () -> String) { if History.tracing { print("trace: " + line()) } }

    mutating func run() throws {
        for _ in 0..<random.below(30) + 10 {
            server.time += Int64(random.below(3))
            let r = random.below(replicas.count)
            if random.below(100) < 55 { try write(by: r) } else { try sync(r, faults: true) }
        }
        for _ in 0..<2 {
            for r in replicas.indices { try sync(r, faults: false) }
        }
    }

    // MARK: Writes

    mutating func write(by r: Int) throws {
        let store = replicas[r]
        let id = records[random.below(records.count)]
        let before = try store.fieldVersions(kind: .district, id: id)
        let isDeleted = before["deleted"]?.value == .bool(true)
        if isDeleted && random.below(2) == 0 { return }  // mostly leave removed records alone
        let field = before.isEmpty ? "name" : ["name", "name", "population", "deleted"][random.below(4)]
        let value: FieldValue
        switch field {
        case "deleted": value = .bool(random.below(10) < 7)
        case "population": value = .integer(Int64(random.below(3)))
        default: value = .text(["a", "b", "c"][random.below(3)])
        }
        do {
            try store.write(kind: .district, id: id, fields: [(name: field, value: value)], isNew: before.isEmpty)
        } catch {
            return  // refused locally (a removed record, say): nothing written, nothing to record
        }
        // Every version this replica now holds under its own id that the oracle has not seen is a new write.
        for (name, version) in try store.fieldVersions(kind: .district, id: id)
        where version.dot.replica == store.replicaID && writes[version.dot] == nil {
            let dot = version.dot
            let key = History.FieldKey(kind: .district, id: id, field: name)
            writes[dot] = Write(key: key, value: version.value, hlc: version.hlc, dot: dot)
            var seen = known[r].filter { writes[$0]!.key.id == id }
            seen.insert(dot)
            past[dot] = seen
            known[r].insert(dot)
            tally.writes += 1
            trace("\(store.replicaID) writes \(dot) \(key) = \(version.value) at \(version.hlc), clock \(version.clock), seen \(seen.sorted())")
            for earlier in seen where earlier != dot && !(writes[earlier]!.hlc < version.hlc) {
                problems.append("\(dot) at \(version.hlc) is not later than \(earlier), which its writer had seen")
            }
        }
    }

    // MARK: Syncs

    enum Injected: CaseIterable { case none, pushNotSent, pushAppliedAnswerLost, pullFailed }

    mutating func sync(_ r: Int, faults: Bool) throws {
        let injected: Injected = faults && random.below(100) < 30
            ? [.pushNotSent, .pushAppliedAnswerLost, .pullFailed][random.below(3)] : .none
        switch injected {
        case .none: break
        case .pushNotSent: server.inject(.transport(.connectionLost), on: "POST /v1/changes")
        case .pushAppliedAnswerLost: server.inject(.handleThenDrop, on: "POST /v1/changes")
        case .pullFailed: server.inject(.transport(.connectionLost), on: "GET /v1/changes")
        }
        let pending = try replicas[r].pendingCount()
        let client = SyncServerClient(
            transport: server, serverLabel: "in-process", token: server.token, retry: RetryPolicy(maxAttempts: 1),
            sleeper: RetrySleeper { _ in })
        let session = SyncSession(
            store: replicas[r], client: client, configuration: SyncConfiguration(), observer: SilentObserver(),
            clock: replicas[r].clock)
        tally.syncs += 1
        var failed = false
        var why = ""
        do {
            _ = try session.run()
        } catch {
            failed = true
            why = "\(error)"
        }
        server.clearFaults()
        // A push fault meets no request when nothing is pending: the sync then runs whole.
        let effective = (injected == .pushNotSent || injected == .pushAppliedAnswerLost) && pending == 0 ? .none : injected
        if effective != .none { tally.faults += 1 }
        if failed != (effective != .none) {
            problems.append("sync of replica \(r) with \(effective) fault: failed=\(failed) \(why)")
        }
        trace("sync \(replicas[r].replicaID) fault \(effective) failed=\(failed)")
        if effective != .pushNotSent { arrive(known[r]) }
        if effective == .none { pull(into: r) }
    }

    /// What a pull teaches replica `r`: the server sends its current version of each field (not
    /// the versions that lost there, nor its own), each carrying what its writer had seen.
    mutating func pull(into r: Int) {
        let id = replicas[r].replicaID
        for dot in serverCurrent.values where dot.replica != id {
            known[r].formUnion(past[dot]!)
        }
    }

    /// Writes reaching the server, in the order it applies them (by replica, then counter).
    mutating func arrive(_ dots: Set<Dot>) {
        for dot in dots.subtracting(serverKnown).sorted() {
            serverKnown.insert(dot)
            let write = writes[dot]!
            guard let stored = serverCurrent[write.key] else {
                serverCurrent[write.key] = dot
                continue
            }
            let incomingWins = greater(dot, than: stored)
            let (winner, loser) = incomingWins ? (dot, stored) : (stored, dot)
            if past[winner]!.contains(loser) {
                tally.superseded += 1
            } else if writes[winner]!.value != writes[loser]!.value {
                expectedServerConflicts.insert(Conflict(key: write.key, winner: winner, loser: loser))
                tally.serverConflicts += 1
            }
            if incomingWins { serverCurrent[write.key] = dot }
        }
    }

    func greater(_ a: Dot, than b: Dot) -> Bool {
        let x = writes[a]!
        let y = writes[b]!
        return (x.hlc.wall, x.hlc.logical, x.dot.replica) > (y.hlc.wall, y.hlc.logical, y.dot.replica)
    }

    // MARK: What everyone holds

    var oracleState: [FieldKey: FieldValue] {
        var best: [FieldKey: Dot] = [:]
        for (dot, write) in writes where best[write.key].map({ greater(dot, than: $0) }) ?? true {
            best[write.key] = dot
        }
        return best.mapValues { writes[$0]!.value }
    }

    static func state(of store: ReplicaStore) throws -> [FieldKey: FieldValue] {
        var state: [FieldKey: FieldValue] = [:]
        for record in try store.records(kind: .district, filter: RecordFilter(includesDeleted: true)) {
            for (field, version) in try store.fieldVersions(kind: .district, id: record.id) {
                state[FieldKey(kind: .district, id: record.id, field: field)] = version.value
            }
        }
        return state
    }

    func serverState() throws -> [FieldKey: FieldValue] {
        let store = server.store
        let changes = try InProcessServer.blocking {
            try await store.feed(since: 0, limit: 100_000, excluding: nil).changes
        }
        var state: [FieldKey: FieldValue] = [:]
        for change in changes { state[FieldKey(kind: change.kind, id: change.id, field: change.field)] = change.value }
        return state
    }

    func serverConflicts() throws -> Set<Conflict> {
        let store = server.store
        let entries = try InProcessServer.blocking { try await store.merges(MergeQuery(limit: 10_000)).entries }
        // Edit-vs-delete entries (an edit concurrent with the record's removal) are a kind of their own,
        // not modelled here: RecordMergerTests and EditAndTextTests cover them.
        return Set(entries.filter { !$0.isAnomaly && !$0.isEditVsDelete }.map {
            Conflict(
                key: FieldKey(kind: $0.kind, id: $0.id, field: $0.field),
                winner: Dot(replica: $0.winner.replica, counter: $0.winner.counter),
                loser: Dot(replica: $0.loser.replica, counter: $0.loser.counter))
        })
    }
}

/// A sync observer that says nothing.
final class SilentObserver: SyncObserver {
    func syncDidProgress(_ progress: SyncProgress) {}
    func syncNotice(_ message: String) {}
}
