import Foundation
import GisementShared

extension BenchScenario {
    /// Scenario 8, peak memory, with every side its own process: a `gisement sync` pushes a replica
    /// of `size` collections to a fresh `gisement-server`, then a fresh replica pulls it all with
    /// another `gisement sync`. Prints each process's peak RSS (`VmHWM`, read every 5 ms)
    /// and the wall time of both syncs, the full round trip with the real binaries.
    static let memory = BenchScenario(
        name: "memory", summary: "peak RSS of server and client processes during a full push and pull",
        defaultSize: 100_000
    ) { size, _ in
        let workspace = try BenchWorkspace("memory")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let fixture = try ReplicaFixture.make(collections: size)
        let replica = workspace.path("replica.sqlite")
        try fixture.copy(to: replica)

        let server = try BenchServer(binaries: binaries, database: workspace.path("server.sqlite"), workspace: workspace)
        let push = try SpawnedSync.sync(
            binaries: binaries, workspace: workspace, server: server, db: replica,
            arguments: ["--server", server.url, "--token", server.token])
        guard push.pushed == fixture.changes else {
            throw BenchFailure("the sync pushed \(push.pushed) changes, expected \(fixture.changes)")
        }
        let serverAfterPush = server.peakRSSMegabytes
        let pull = try SpawnedSync.pullIntoFreshReplica(
            binaries: binaries, workspace: workspace, server: server, name: "fresh")
        guard pull.pulled == fixture.changes else {
            throw BenchFailure("the sync pulled \(pull.pulled) changes, expected \(fixture.changes)")
        }
        let serverAfterPull = server.peakRSSMegabytes
        server.stop()

        let count = fixture.changes
        BenchOutput.rate("`gisement sync` pushing everything, wall", count: count, seconds: push.seconds, unit: "changes")
        BenchOutput.rate("`gisement sync` pulling everything, wall", count: count, seconds: pull.seconds, unit: "changes")
        BenchOutput.cpu("client CPU pushing", seconds: push.clientCPU, per: count, unit: "change")
        BenchOutput.cpu("  server CPU during the push", seconds: push.serverCPU, per: count, unit: "change")
        BenchOutput.cpu("client CPU pulling", seconds: pull.clientCPU, per: count, unit: "change")
        BenchOutput.cpu("  server CPU during the pull", seconds: pull.serverCPU, per: count, unit: "change")
        BenchOutput.megabytes("server peak RSS after the push", serverAfterPush)
        BenchOutput.megabytes("server peak RSS after the pull", serverAfterPull)
        BenchOutput.megabytes("client peak RSS, pushing", push.peakMegabytes)
        BenchOutput.megabytes("client peak RSS, pulling", pull.peakMegabytes)
        BenchOutput.goal("server RSS < 200 MB", met: serverAfterPull < 200, got: String(format: "%.1f MB", serverAfterPull))
        let client = max(push.peakMegabytes, pull.peakMegabytes)
        BenchOutput.goal("client RSS < 150 MB", met: client < 150, got: String(format: "%.1f MB", client))
        let scale = 1_000_000 / Double(count)
        let note = count == 1_000_000 ? "" : " scaled"
        BenchOutput.goal("`gisement sync` up, 1,000,000 changes < 10 s", met: push.seconds * scale < 10,
                         got: String(format: "%.2f s%@", push.seconds * scale, note))
        BenchOutput.goal("`gisement sync` down, 1,000,000 changes < 10 s", met: pull.seconds * scale < 10,
                         got: String(format: "%.2f s%@", pull.seconds * scale, note))
    }
}
