import Foundation
import GisementServer
import GisementShared

extension BenchScenario {
    /// Scenario 11, scope: a server of `size` collections in `size / 2,000` tests (loaded straight
    /// into its SQLite in one transaction, not over HTTP); a fresh replica whose token is scoped to
    /// one test of 2,000 collections does its first sync: time and replica file size. Then the same
    /// scoped pull on a server of 10,000 collections and on the big one: the server's time in the
    /// pull requests of each, and their ratio (a pull should cost what the scope holds).
    static let scope = BenchScenario(
        name: "scope", summary: "first sync of a replica scoped to 1 test of 2,000 collections, server of N",
        defaultSize: 1_000_000
    ) { size, _ in
        let workspace = try BenchWorkspace("scope")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let small = min(size, 10_000)

        let smallRun = try ScopeBench.run(collections: small, binaries: binaries, workspace: workspace, label: "small")
        let bigRun = size == small
            ? smallRun : try ScopeBench.run(collections: size, binaries: binaries, workspace: workspace, label: "big")

        print("  server of \(Measurement.grouped(Double(size))) collections in \(ScopeBench.tests(size)) tests; "
            + "load straight into SQLite: \(String(format: "%.1f s", bigRun.loadSeconds))")
        BenchOutput.time("first sync, scoped to 1 test (`gisement sync`)", seconds: bigRun.sync.seconds,
                         note: "\(Measurement.grouped(Double(bigRun.sync.pulled))) changes")
        BenchOutput.megabytes("replica file after it", bigRun.replicaMegabytes)
        let smallServer = smallRun.sync.serverMilliseconds["pull", default: 0]
        let bigServer = bigRun.sync.serverMilliseconds["pull", default: 0]
        BenchOutput.time("server time, scoped pull, \(Measurement.grouped(Double(small))) collections", seconds: smallServer / 1000)
        BenchOutput.time("server time, scoped pull, \(Measurement.grouped(Double(size))) collections", seconds: bigServer / 1000)
        BenchOutput.line(String(format: "  ratio big / small server: x%.2f", bigServer / max(smallServer, 0.001)))
        BenchOutput.goal("first sync of 1 test < 1 s", met: bigRun.sync.seconds < 1,
                         got: String(format: "%.3f s", bigRun.sync.seconds))
        BenchOutput.goal("replica file < 10 MB", met: bigRun.replicaMegabytes < 10,
                         got: String(format: "%.1f MB", bigRun.replicaMegabytes))
    }
}

/// One server of the scope scenario and the first sync of a replica scoped to its first test.
enum ScopeBench {
    /// Collections per test.
    static let perTest = 2_000

    static func tests(_ collections: Int) -> Int { max(1, collections / perTest) }

    struct Run {
        var loadSeconds: Double
        var sync: SpawnedSync.Outcome
        var replicaMegabytes: Double
    }

    static func run(collections: Int, binaries: BenchBinaries, workspace: BenchWorkspace, label: String) throws -> Run {
        let path = workspace.path("\(label)-server.sqlite")
        let loadSeconds = try BenchOutput.timed { try load(collections: collections, path: path) }
        let token = try workspace.run(
            binaries.server, ["token", "add", "scoped-\(label)", "--role", "agent", "--test", "t-00000", "--db", path]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try BenchServer(binaries: binaries, database: path, token: token, workspace: workspace)
        defer { server.stop() }
        let sync = try SpawnedSync.pullIntoFreshReplica(
            binaries: binaries, workspace: workspace, server: server, name: "\(label)-replica")
        let replica = workspace.path("\(label)-replica.sqlite")
        var bytes = 0
        for file in [replica, replica + "-wal"] {
            bytes += ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
        }
        return Run(loadSeconds: loadSeconds, sync: sync, replicaMegabytes: Double(bytes) / 1_048_576)
    }

    /// Districts, tests and `collections` collections of nine fields, written by one replica.
    static func load(collections: Int, path: String) throws {
        let replica = "r-bench-load"
        var counter: UInt64 = 0
        let wall: Int64 = 1_763_720_130_000
        func change(_ kind: RecordKind, _ id: String, _ field: String, _ value: FieldValue) -> Change {
            counter += 1
            return Change(
                kind: kind, id: id, field: field, value: value, hlc: HLCTimestamp(wall: wall + Int64(counter), logical: 0),
                replica: replica, counter: counter, clock: VectorClock([replica: counter]))
        }
        let testCount = tests(collections)
        var header: [Change] = []
        for t in 0..<testCount {
            let test = String(format: "t-%05d", t)
            let district = String(format: "d-%04d", t / 10)
            if t % 10 == 0 { header.append(change(.district, district, "name", .text("District \(t / 10)"))) }
            header.append(change(.pilotTest, test, "name", .text("Test \(t)")))
            header.append(change(.pilotTest, test, "district", .text(district)))
        }
        var done = 0
        var headerSent = false
        _ = try BulkLoad.load(path: path, replica: replica) {
            if !headerSent {
                headerSent = true
                return header
            }
            guard done < collections else { return nil }
            var batch: [Change] = []
            batch.reserveCapacity(9 * 5_000)
            for n in done..<min(collections, done + 5_000) {
                let id = String(format: "c-%08d", n)
                let t = n * testCount / collections
                batch.append(change(.collection, id, "test", .text(String(format: "t-%05d", t))))
                batch.append(change(.collection, id, "district", .text(String(format: "d-%04d", t / 10))))
                batch.append(change(.collection, id, "collected_at", .text("2026-03-21T10:15:30Z")))
                batch.append(change(.collection, id, "category", .text("leisure")))
                batch.append(change(.collection, id, "item", .text("bike")))
                batch.append(change(.collection, id, "items", .integer(1)))
                batch.append(change(.collection, id, "weight_kg", .decimal(12.5)))
                batch.append(change(.collection, id, "outcome", .text("pending")))
                batch.append(change(.collection, id, "agent", .text("Bench")))
            }
            done = min(collections, done + 5_000)
            return batch
        }
    }
}
