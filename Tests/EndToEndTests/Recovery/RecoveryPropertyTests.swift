import Foundation
import TestSupport
import Testing

/// The long randomized test of issue 12: replicas that write, sync, get copied, restored from
/// their own backups, and a server restored from random earlier backups, in random order,
/// through the built binaries. At the end, after two sync rounds, every replica and the server
/// hold the union of what any of them held, each field with the latest write of it.
///
/// The quick form (one history of 40 steps) runs in CI; `GISEMENT_PROPERTY_RUNS=N` runs N
/// histories, `GISEMENT_PROPERTY_SEED=S` replays the one a failure printed.
@Suite(
    .serialized, .disabled(if: TestStore.isPostgres, "backup and restore are SQLite commands; PostgreSQL is backed up with pg_dump")
) struct RecoveryPropertyTests {
    /// One field write of the oracle: the value written, in the order written (one process at a
    /// time on one machine, so this is also the HLC order).
    struct Write: Hashable {
        var order: Int
        var record: String
        var field: String
        var value: String
    }

    /// A replica file in the history and what it holds.
    struct Holder {
        var agent: Agent
        var known: Set<Write>
        var backup: (path: String, known: Set<Write>)?
    }

    static var seeds: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["GISEMENT_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
        let runs = environment["GISEMENT_PROPERTY_RUNS"].flatMap { Int($0) }.map { max(1, $0) } ?? 1
        return (0..<UInt64(runs)).map { 0x5EED_0012 &+ $0 * 7919 }
    }

    @Test(arguments: seeds)
    func randomHistory_endsWithEveryoneHoldingTheUnion(seed: UInt64) throws {
        print("RecoveryPropertyTests seed \(seed) (replay with GISEMENT_PROPERTY_SEED=\(seed))")
        var random = SplitMix64(seed: seed)
        let cluster = try Cluster()
        var holders: [Holder] = []
        for name in ["awa", "ben"] { holders.append(Holder(agent: try cluster.agent(name), known: [])) }
        var server: Set<Write> = []
        var serverBackups: [(path: String, known: Set<Write>)] = []
        var order = 0

        // GISEMENT_PROPERTY_TRACE=1 prints each step, to follow a failing seed.
        let tracing = ProcessInfo.processInfo.environment["GISEMENT_PROPERTY_TRACE"] != nil
        for step in 0..<40 {
            let i = random.below(holders.count)
            let roll = random.below(100)
            if tracing { print("step \(step): holder \(holders[i].agent.name), roll \(roll), server knows \(server.count)") }
            switch roll {
            case 0..<30:
                order += 1
                // A replica edits only the records it holds.
                let held = holders[i].known.filter { $0.field == "name" }.map(\.record).sorted()
                if held.isEmpty || random.below(3) == 0 {
                    let id = try holders[i].agent.ok(["district", "add", "D\(order)"])
                    holders[i].known.insert(Write(order: order, record: id, field: "name", value: "D\(order)"))
                } else {
                    let id = held[random.below(held.count)]
                    let field = ["code", "commune"][random.below(2)]
                    let value = "v\(order)"
                    try holders[i].agent.ok(["set", id, "\(field)=\(value)"])
                    holders[i].known.insert(Write(order: order, record: id, field: field, value: value))
                }
            case 30..<65:
                let summary = try holders[i].agent.sync()
                if tracing { print("  sync: \(summary)") }
                server.formUnion(holders[i].known)
                holders[i].known.formUnion(server)
            case 65..<72:
                let path = cluster.folder.file("server-backup-\(step).sqlite")
                try expectZero(cluster.server.command(["backup", path]))
                serverBackups.append((path, server))
            case 72..<80 where !serverBackups.isEmpty:
                let backup = serverBackups[random.below(serverBackups.count)]
                cluster.server.stop()
                try expectZero(cluster.server.command(["restore", backup.path]))
                try cluster.server.start()
                server = backup.known
            case 80..<88:
                let path = cluster.folder.file("\(holders[i].agent.name)-backup-\(step).sqlite")
                try copyReplica(holders[i].agent.database, to: path)
                holders[i].backup = (path, holders[i].known)
            case 88..<94 where holders[i].backup != nil:
                let backup = holders[i].backup!
                try copyReplica(backup.path, to: holders[i].agent.database)
                holders[i].known = backup.known
            default:
                guard holders.count < 5 else { continue }
                let copy = try Agent("copy-\(step)", folder: cluster.folder)
                try copyReplica(holders[i].agent.database, to: copy.database)
                holders.append(Holder(agent: copy, known: holders[i].known))
            }
        }

        let union = holders.reduce(server) { $0.union($1.known) }
        for round in 0..<2 {
            for holder in holders {
                let summary = try holder.agent.sync()
                if tracing { print("final round \(round) \(holder.agent.name): \(summary)") }
            }
        }
        if tracing {
            for holder in holders {
                print("\(holder.agent.name) verify: \(try holder.agent.run(["verify"]))")
                print("\(holder.agent.name) holds \(holder.known.filter { $0.field == "name" }.map(\.record).sorted())")
            }
        }
        try cluster.expectConverged(holders.map(\.agent))
        let exported = try holders[0].agent.export("district")
        var latest: [String: Write] = [:]
        for write in union where (latest["\(write.record)/\(write.field)"]?.order ?? 0) < write.order {
            latest["\(write.record)/\(write.field)"] = write
        }
        for (_, write) in latest {
            let row = exported[write.record]
            #expect(row?[write.field] as? String == write.value, "seed \(seed): \(write.record).\(write.field)")
        }
        let expectedIDs = Set(union.filter { $0.field == "name" }.map(\.record))
        #expect(Set(exported.keys) == expectedIDs, "seed \(seed)")
    }

    /// Copies a replica file and its write-ahead log, as a file copy made between commands does,
    /// dropping a stale log of the target.
    private func copyReplica(_ source: String, to target: String) throws {
        let files = FileManager.default
        for suffix in ["", "-wal", "-shm"] {
            try? files.removeItem(atPath: target + suffix)
            if suffix != "-shm", files.fileExists(atPath: source + suffix) {
                try files.copyItem(atPath: source + suffix, toPath: target + suffix)
            }
        }
    }

    private func expectZero(_ result: CommandResult) throws {
        guard result.status == 0 else { throw ServerFailure(message: "\(result)") }
    }
}
