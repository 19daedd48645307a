import Foundation
import GisementClient
import GisementServer
import GisementShared

extension BenchScenario {
    /// Scenario 4, server apply: a replica of `size` collections (ten fields each) pushes all of it
    /// to a fresh `gisement-server` on loopback through the sync client (``SyncSession``, the
    /// client's batch size), against raw SQLite writing the same rows in one transaction.
    /// Prints the push end to end, the server's own time (sum of the push requests' durations
    /// in its session log), the whole sync and the server's peak memory.
    static let push = BenchScenario(
        name: "push", summary: "push of size x 10 field changes over HTTP vs raw SQLite", defaultSize: 100_000
    ) { size, store in
        let workspace = try BenchWorkspace("push")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let fixture = try ReplicaFixture.make(collections: size)
        let changes = fixture.changes

        let fixtureChanges = try SQLiteBaseline.changes(of: fixture, scratch: workspace.path("rows.sqlite"))
        let rows = SQLiteBaseline.rows(of: fixtureChanges)
        let batch = SyncConfiguration().pushBatchSize
        let baseline = try SQLiteBaseline.measure(rows, path: workspace.path("baseline.sqlite"), batch: batch)
        BenchOutput.rate("raw SQLite insert, 1 transaction", count: changes, seconds: baseline.insertSeconds, unit: "changes")
        BenchOutput.rate("raw SQLite insert, \(batch) rows per transaction", count: changes,
                         seconds: baseline.batchedSeconds, unit: "changes")
        BenchOutput.rate("raw SQLite upsert, 1 transaction", count: changes, seconds: baseline.upsertSeconds, unit: "changes")

        let raw = ("raw SQLite insert", baseline.insertRate)
        // Where the gap to the raw insert comes from: the schema's own rows and indexes, then the
        // push's apply code over them (merge, dedup, digests) without HTTP or per-batch commits.
        let floor = try ServerRowsBaseline.measure(rows, path: workspace.path("floor.sqlite"))
        BenchOutput.rate("raw SQLite, server schema rows, 1 transaction", count: changes, seconds: floor,
                         unit: "changes", against: raw)
        let apply = try measureApplyInProcess(fixtureChanges, path: workspace.path("bulk.sqlite"), batch: batch)
        BenchOutput.rate("push apply in process (no HTTP), 1 transaction", count: changes, seconds: apply,
                         unit: "changes", against: ("server schema rows", Double(changes) / floor))
        let timing = try measurePush(
            fixture: fixture, database: workspace.path("server.sqlite"), binaries: binaries, workspace: workspace,
            baseline: baseline, raw: raw)
        let rate = Double(changes) / timing.pushSeconds
        BenchOutput.goal("push ≥ 150,000 field changes/s end to end", met: rate >= 150_000,
                         got: Measurement.grouped(rate))
        BenchOutput.goal("push ≥ 0.5 x raw SQLite insert", met: rate >= baseline.insertRate / 2,
                         got: String(format: "x%.2f", rate / baseline.insertRate))
        let scaled = timing.totalSeconds * 1_000_000 / Double(changes)
        BenchOutput.goal("full sync of 1,000,000 changes up < 10 s", met: scaled < 10,
                         got: String(format: "%.2f s%@", scaled, changes == 1_000_000 ? "" : " scaled"))
        BenchOutput.goal("server RSS < 200 MB", met: timing.rss < 200, got: String(format: "%.1f MB", timing.rss))
        guard store == .postgres else { return }

        BenchOutput.line("  -- the same push on PostgreSQL (a throwaway cluster, a fresh database):")
        let postgres = try measurePush(
            fixture: fixture, database: try BenchPostgres.freshDatabase(), binaries: binaries, workspace: workspace,
            baseline: baseline, raw: raw)
        BenchOutput.rate("push end to end, PostgreSQL vs SQLite", count: changes, seconds: postgres.pushSeconds,
                         unit: "changes", against: ("SQLite push", rate))
        BenchOutput.rate("server time in push requests, PostgreSQL vs SQLite", count: changes,
                         seconds: postgres.serverPushSeconds, unit: "changes",
                         against: ("SQLite", Double(changes) / timing.serverPushSeconds))
        let ratio = (Double(changes) / postgres.pushSeconds) / rate
        BenchOutput.goal("push on PostgreSQL ≥ 0.5 x push on SQLite (same run)", met: ratio >= 0.5,
                         got: String(format: "x%.2f", ratio))
    }
}

/// Applies `changes` to a fresh server database in process, `batch` changes per push, all in one
/// transaction (``BulkLoad``: the push's code without HTTP); returns the seconds taken.
func measureApplyInProcess(_ changes: [Change], path: String, batch: Int) throws -> Double {
    var next = changes.startIndex
    let start = ContinuousClock.now
    _ = try BulkLoad.load(path: path, replica: changes.first?.replica ?? "r-bench", batches: {
        guard next < changes.endIndex else { return nil }
        let end = min(next + batch, changes.endIndex)
        defer { next = end }
        return Array(changes[next..<end])
    })
    return start.duration(to: .now).seconds
}

/// What one measured push gave: the sync's phases, the server's own time in push requests and its
/// peak memory.
struct PushFigures {
    var pushSeconds: Double
    var totalSeconds: Double
    var serverPushSeconds: Double
    var rss: Double
}

/// Pushes a copy of `fixture` to a fresh server on `database` (a SQLite path or a PostgreSQL URL)
/// and prints the push's figures, as in the push scenario.
func measurePush(
    fixture: ReplicaFixture, database: String, binaries: BenchBinaries, workspace: BenchWorkspace,
    baseline: SQLiteBaseline.Result, raw: (String, Double)
) throws -> PushFigures {
    let changes = fixture.changes
    let batch = SyncConfiguration().pushBatchSize
    let server = try BenchServer(binaries: binaries, database: database, workspace: workspace)
    let replica = workspace.path(server.isPostgres ? "replica-postgres.sqlite" : "replica.sqlite")
    try fixture.copy(to: replica)
    let before = try server.lastSessionSeq()
    let serverCPUBefore = server.cpuSeconds
    let postgresCPUBefore = server.isPostgres ? BenchPostgres.clusterCPUSeconds() : nil
    let clientCPUBefore = BenchOutput.ownCPUSeconds()
    let timing = try BenchSync.run(replicaPath: replica, server: server)
    let clientCPU = BenchOutput.ownCPUSeconds() - clientCPUBefore
    let serverCPU = server.cpuSeconds - serverCPUBefore
    let postgresCPU = postgresCPUBefore.flatMap { before in BenchPostgres.clusterCPUSeconds().map { $0 - before } }
    guard timing.pushed == changes else {
        throw BenchFailure("the sync pushed \(timing.pushed) changes, expected \(changes)")
    }
    let batches = (changes + SyncConfiguration().pushBatchSize - 1) / SyncConfiguration().pushBatchSize
    let sessions = try server.sessions(after: before, expected: batches)
    let serverPush = sessions.filter { $0.route == "push" }.reduce(0) { $0 + $1.milliseconds } / 1000
    let serverPull = sessions.filter { $0.route == "pull" }.reduce(0) { $0 + $1.milliseconds } / 1000
    let rss = server.peakRSSMegabytes
    server.stop()

    print("  batch size \(SyncConfiguration().pushBatchSize) (SyncConfiguration), \(batches) requests")
    BenchOutput.rate("push end to end (client + HTTP + server)", count: changes, seconds: timing.pushSeconds,
                     unit: "changes", against: raw)
    BenchOutput.rate("server time in push requests", count: changes, seconds: serverPush, unit: "changes",
                     against: raw)
    BenchOutput.rate("  same, against raw SQLite in batches", count: changes, seconds: serverPush, unit: "changes",
                     against: ("raw SQLite, \(batch) per transaction", baseline.batchedRate))
    BenchOutput.time("rest of the sync (pull of own changes)", seconds: timing.pullSeconds,
                     note: String(format: "server %.2f s", serverPull))
    BenchOutput.time("whole sync", seconds: timing.totalSeconds)
    BenchOutput.cpu("client CPU, whole sync (in this process)", seconds: clientCPU, per: changes, unit: "change")
    BenchOutput.cpu("server CPU, whole sync", seconds: serverCPU, per: changes, unit: "change")
    if let postgresCPU {
        BenchOutput.cpu("PostgreSQL CPU, whole sync (cluster's processes)", seconds: postgresCPU, per: changes, unit: "change")
    }
    BenchOutput.megabytes("server peak RSS (VmHWM)", rss)
    return PushFigures(pushSeconds: timing.pushSeconds, totalSeconds: timing.totalSeconds, serverPushSeconds: serverPush, rss: rss)
}
