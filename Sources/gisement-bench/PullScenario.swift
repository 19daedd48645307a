import Foundation
import GisementClient
import GisementShared

extension BenchScenario {
    /// Scenario 5, pull: a fresh replica pulls everything a server holds (`size` collections, ten
    /// fields each, pushed by another replica) with a spawned `gisement sync`, against raw SQLite
    /// writing the same rows in one transaction. Prints the pull rate end to end, the server's time
    /// in the pull requests and the client's peak memory.
    static let pull = BenchScenario(
        name: "pull", summary: "pull of size x 10 field changes into a fresh replica vs raw SQLite",
        defaultSize: 100_000
    ) { size, store in
        let workspace = try BenchWorkspace("pull")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let fixture = try ReplicaFixture.make(collections: size)
        let loaded = try FixtureCache.shared.server(collections: size, binaries: binaries)
        let changes = loaded.changes

        let rows = try SQLiteBaseline.rows(of: fixture, scratch: workspace.path("rows.sqlite"))
        let batch = SyncConfiguration().pullPageSize
        let baseline = try SQLiteBaseline.measure(rows, path: workspace.path("baseline.sqlite"), batch: batch)
        BenchOutput.rate("raw SQLite insert, 1 transaction", count: changes, seconds: baseline.insertSeconds, unit: "changes")
        BenchOutput.rate("raw SQLite insert, \(batch) rows per transaction", count: changes,
                         seconds: baseline.batchedSeconds, unit: "changes")

        let serverDB = workspace.path("server.sqlite")
        try copyDatabase(from: loaded.databasePath, to: serverDB)
        let raw = ("raw SQLite insert", baseline.insertRate)
        // The replica's own rows and indexes: what any pull into this schema must at least write.
        let floor = try ReplicaRowsBaseline.measure(rows, path: workspace.path("floor.sqlite"))
        BenchOutput.rate("raw SQLite, replica schema rows, 1 transaction", count: changes, seconds: floor,
                         unit: "changes", against: raw)
        let pull = try measurePull(
            database: serverDB, token: loaded.token, changes: changes, binaries: binaries, workspace: workspace,
            baseline: baseline, raw: raw)
        let rate = Double(changes) / pull.seconds
        BenchOutput.goal("pull ≥ 150,000 field changes/s end to end", met: rate >= 150_000, got: Measurement.grouped(rate))
        BenchOutput.goal("pull ≥ 0.5 x raw SQLite insert", met: rate >= baseline.insertRate / 2,
                         got: String(format: "x%.2f", rate / baseline.insertRate))
        let scaled = pull.seconds * 1_000_000 / Double(changes)
        BenchOutput.goal("full sync of 1,000,000 changes down < 10 s", met: scaled < 10,
                         got: String(format: "%.2f s%@", scaled, changes == 1_000_000 ? "" : " scaled"))
        BenchOutput.goal("client RSS < 150 MB", met: pull.peakMegabytes < 150,
                         got: String(format: "%.1f MB", pull.peakMegabytes))
        guard store == .postgres else { return }

        BenchOutput.line("  -- the same pull from PostgreSQL (a throwaway cluster, a fresh database loaded by a push):")
        let url = try BenchPostgres.freshDatabase()
        let (token, _) = try ServerFixture.load(
            database: url, replica: fixture, replicaCopy: workspace.path("loader.sqlite"), binaries: binaries)
        let postgres = try measurePull(
            database: url, token: token, changes: changes, binaries: binaries, workspace: workspace,
            baseline: baseline, raw: raw)
        BenchOutput.rate("pull end to end, PostgreSQL vs SQLite", count: changes, seconds: postgres.seconds,
                         unit: "changes", against: ("SQLite pull", rate))
        let serverPull = pull.serverMilliseconds["pull", default: 0] / 1000
        BenchOutput.rate("server time in pull requests, PostgreSQL vs SQLite", count: changes,
                         seconds: postgres.serverMilliseconds["pull", default: 0] / 1000, unit: "changes",
                         against: ("SQLite", Double(changes) / serverPull))
        let ratio = (Double(changes) / postgres.seconds) / rate
        BenchOutput.goal("pull from PostgreSQL ≥ 0.7 x pull from SQLite (same run)", met: ratio >= 0.7,
                         got: String(format: "x%.2f", ratio))
    }
}

/// Pulls everything a server on `database` (a SQLite path or a PostgreSQL URL) holds into a fresh
/// replica with a spawned `gisement sync`, and prints the pull's figures, as in the pull scenario.
func measurePull(
    database: String, token: String, changes: Int, binaries: BenchBinaries, workspace: BenchWorkspace,
    baseline: SQLiteBaseline.Result, raw: (String, Double)
) throws -> SpawnedSync.Outcome {
    let batch = SyncConfiguration().pullPageSize
    let server = try BenchServer(binaries: binaries, database: database, token: token, workspace: workspace)
    let postgresCPUBefore = server.isPostgres ? BenchPostgres.clusterCPUSeconds() : nil
    let pull = try SpawnedSync.pullIntoFreshReplica(
        binaries: binaries, workspace: workspace, server: server, name: server.isPostgres ? "fresh-postgres" : "fresh")
    let postgresCPU = postgresCPUBefore.flatMap { before in BenchPostgres.clusterCPUSeconds().map { $0 - before } }
    guard pull.pulled == changes else {
        throw BenchFailure("the sync pulled \(pull.pulled) changes, expected \(changes)")
    }
    let serverPull = pull.serverMilliseconds["pull", default: 0] / 1000
    server.stop()

    print("  page size \(SyncConfiguration().pullPageSize) (SyncConfiguration), \(pull.requests["pull", default: 0]) pull requests")
    BenchOutput.rate("pull end to end (`gisement sync` process)", count: changes, seconds: pull.seconds,
                     unit: "changes", against: raw)
    BenchOutput.rate("server time in pull requests", count: changes, seconds: serverPull, unit: "changes",
                     against: raw)
    BenchOutput.rate("  same, against raw SQLite in batches", count: changes, seconds: serverPull, unit: "changes",
                     against: ("raw SQLite, \(batch) per transaction", baseline.batchedRate))
    BenchOutput.cpu("client CPU", seconds: pull.clientCPU, per: changes, unit: "change")
    BenchOutput.cpu("server CPU", seconds: pull.serverCPU, per: changes, unit: "change")
    if let postgresCPU {
        BenchOutput.cpu("PostgreSQL CPU (cluster's processes)", seconds: postgresCPU, per: changes, unit: "change")
    }
    BenchOutput.megabytes("client peak RSS (VmHWM)", pull.peakMegabytes)
    return pull
}

/// `gisement sync` run as its own process, timed, its peak memory sampled, and the server's
/// session log rows of its requests summed by route.
enum SpawnedSync {
    struct Outcome {
        var seconds: Double
        var peakMegabytes: Double
        var pushed: Int
        var pulled: Int
        /// Server-side milliseconds by route (`push`, `pull`, `replica`).
        var serverMilliseconds: [String: Double]
        var requests: [String: Int]
        /// CPU seconds of the client process and of the server during the sync.
        var clientCPU: Double
        var serverCPU: Double
    }

    /// Makes a fresh replica (`gisement init --server --token`, not timed) and times its first sync.
    static func pullIntoFreshReplica(
        binaries: BenchBinaries, workspace: BenchWorkspace, server: BenchServer, name: String
    ) throws -> Outcome {
        let db = workspace.path("\(name).sqlite")
        try workspace.run(
            binaries.client, ["init", "--server", server.url, "--token", server.token], environment: ["GISEMENT_DB": db])
        return try sync(binaries: binaries, workspace: workspace, server: server, db: db)
    }

    /// Times one `gisement sync --json` on the replica at `db`.
    static func sync(
        binaries: BenchBinaries, workspace: BenchWorkspace, server: BenchServer, db: String,
        arguments: [String] = []
    ) throws -> Outcome {
        let before = try server.lastSessionSeq()
        let serverCPUBefore = server.cpuSeconds
        let out = workspace.path("sync.out")
        let err = workspace.path("sync.err")
        let start = ContinuousClock.now
        let child = try workspace.spawn(
            binaries.client, ["sync", "--json"] + arguments, environment: ["GISEMENT_DB": db], stdout: out, stderr: err)
        let (status, peak) = child.waitSamplingMemory()
        let seconds = start.duration(to: .now).seconds
        let serverCPU = server.cpuSeconds - serverCPUBefore
        BenchCleanup.shared.forget(pid: child.pid)
        guard status == 0 else {
            let message = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
            throw BenchFailure("gisement sync exited with \(status): \(message)")
        }
        let summary = try JSONParser.parse(Array((try String(contentsOfFile: out, encoding: .utf8)).utf8))
        let pushed = Int(summary["pushed"]?.integerValue ?? -1)
        let pulled = Int(summary["pulled"]?.integerValue ?? -1)
        // health is not logged; replica + pushes + pull pages are.
        let expected = 1 + (pushed + 999) / 1000 + 1
        var milliseconds: [String: Double] = [:]
        var requests: [String: Int] = [:]
        for row in try server.sessions(after: before, expected: expected) {
            milliseconds[row.route, default: 0] += row.milliseconds
            requests[row.route, default: 0] += 1
        }
        return Outcome(
            seconds: seconds, peakMegabytes: Double(peak) / 1024, pushed: pushed, pulled: pulled,
            serverMilliseconds: milliseconds, requests: requests, clientCPU: child.exitCPUSeconds ?? 0,
            serverCPU: serverCPU)
    }
}
