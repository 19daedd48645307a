import Foundation
import GisementShared

extension BenchScenario {
    /// Scenario 6, a sync with nothing to do: a replica already in step with a server that holds
    /// `size / 10` and then `size` collections. Prints the wall time of a `gisement sync` process
    /// and the server's time for its requests (sum of their session log durations), median of 7
    /// runs at each size, and how the larger size compares with the smaller: it should not grow.
    static let noop = BenchScenario(
        name: "noop", summary: "sync with nothing to do, at size/10 and size collections", defaultSize: 100_000
    ) { size, _ in
        let workspace = try BenchWorkspace("noop")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        var results: [(collections: Int, wall: Double, server: Double)] = []
        for collections in [max(1, size / 10), size] {
            let loaded = try FixtureCache.shared.server(collections: collections, binaries: binaries)
            let serverDB = workspace.path("server-\(collections).sqlite")
            let replica = workspace.path("replica-\(collections).sqlite")
            try copyDatabase(from: loaded.databasePath, to: serverDB)
            try copyDatabase(from: loaded.syncedReplicaPath, to: replica)
            let server = try BenchServer(
                binaries: binaries, database: serverDB, token: loaded.token, workspace: workspace)
            let arguments = ["--server", server.url, "--token", server.token]
            var walls: [Double] = []
            var servers: [Double] = []
            for _ in 0..<7 {
                let outcome = try SpawnedSync.sync(
                    binaries: binaries, workspace: workspace, server: server, db: replica, arguments: arguments)
                guard outcome.pushed == 0, outcome.pulled == 0 else {
                    throw BenchFailure("a sync with nothing to do pushed \(outcome.pushed) and pulled \(outcome.pulled)")
                }
                walls.append(outcome.seconds)
                servers.append(outcome.serverMilliseconds.values.reduce(0, +) / 1000)
            }
            server.stop()
            let result = (collections, BenchOutput.median(walls), BenchOutput.median(servers))
            results.append(result)
            let label = "\(Measurement.grouped(Double(collections))) collections"
            BenchOutput.time("no-op `gisement sync`, \(label), wall", seconds: result.1)
            BenchOutput.time("no-op sync, \(label), server time", seconds: result.2,
                             note: "(replica + pull requests)")
        }
        let small = results[0]
        let large = results[1]
        print(String(format: "  growth from %@ to %@ collections: wall x%.2f, server x%.2f",
                     Measurement.grouped(Double(small.collections)), Measurement.grouped(Double(large.collections)),
                     large.wall / small.wall, large.server / max(small.server, 1e-6)))
        let worst = max(small.server, large.server)
        BenchOutput.goal("no-op sync < 20 ms server time at any size", met: worst < 0.020,
                         got: String(format: "%.1f ms", worst * 1000))
    }
}
