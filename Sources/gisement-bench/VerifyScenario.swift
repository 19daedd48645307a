import Foundation
import GisementShared
import GisementSQLite

extension BenchScenario {
    /// Scenario 9, `gisement verify` of a replica in step with a server of `size` collections: the
    /// wall time of the process, median of 5 (goal: under 1 s at 100,000 collections), against a
    /// raw SQLite read of every field version of the same replica (what comparing without digests
    /// would have to read at the very least). Then one record is changed on the server by a
    /// second replica, and `verify` must name it.
    static let verify = BenchScenario(
        name: "verify", summary: "gisement verify of a replica in step, then with one record different",
        defaultSize: 100_000
    ) { size, _ in
        let workspace = try BenchWorkspace("verify")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let loaded = try FixtureCache.shared.server(collections: size, binaries: binaries)
        let serverDB = workspace.path("server.sqlite")
        let replica = workspace.path("replica.sqlite")
        let other = workspace.path("other.sqlite")
        try copyDatabase(from: loaded.databasePath, to: serverDB)
        try copyDatabase(from: loaded.syncedReplicaPath, to: replica)
        let server = try BenchServer(binaries: binaries, database: serverDB, token: loaded.token, workspace: workspace)
        let environment = ["GISEMENT_DB": replica]
        let arguments = ["verify", "--server", server.url, "--token", server.token]

        var walls: [Double] = []
        for _ in 0..<5 {
            var output = ""
            walls.append(try BenchOutput.timed { output = try workspace.run(binaries.client, arguments, environment: environment) })
            guard output.contains("same records") else { throw BenchFailure("verify of equal stores said: \(output)") }
        }
        let baseline = try rawScan(replica)
        let label = "\(Measurement.grouped(Double(size))) collections"
        BenchOutput.time("verify, in step, \(label), wall", seconds: BenchOutput.median(walls))
        BenchOutput.time("raw SQLite: read every field version", seconds: baseline,
                         note: "(the least a comparison without digests reads)")

        // One record changed on the server by another replica (a copy of the first, given a new id
        // by its first sync).
        try copyDatabase(from: loaded.syncedReplicaPath, to: other)
        let otherEnvironment = ["GISEMENT_DB": other]
        let id = try firstCollection(other)
        try workspace.run(binaries.client, ["set", id, "notes=changed on the server"], environment: otherEnvironment)
        try workspace.run(binaries.client, ["sync", "--server", server.url, "--token", server.token], environment: otherEnvironment)
        var status: Int32 = 0
        let differ = try BenchOutput.timed {
            let child = try workspace.spawn(
                binaries.client, arguments, environment: environment, stdout: workspace.path("differ.out"),
                stderr: workspace.path("differ.err"))
            status = child.wait()
        }
        let listed = (try? String(contentsOfFile: workspace.path("differ.out"), encoding: .utf8)) ?? ""
        server.stop()
        guard status == 1, listed.contains(id) else {
            throw BenchFailure("verify with one record different exited \(status) and listed: \(listed)")
        }
        BenchOutput.time("verify, one record different, wall", seconds: differ, note: "(named, exit 1)")
        let median = BenchOutput.median(walls)
        BenchOutput.goal("verify in step < 1 s at \(label)", met: median < 1,
                         got: String(format: "%.0f ms", median * 1000))
    }

    /// Reads every field version of the replica with plain SQLite, as a baseline.
    private static func rawScan(_ path: String) throws -> Double {
        let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
        var rows = 0
        let seconds = try BenchOutput.timed {
            let statement = try db.makeStatement(sql: "SELECT record, field, value, hlc_wall, replica, counter FROM field_versions")
            while try statement.step() { rows += 1 }
        }
        guard rows > 0 else { throw BenchFailure("the replica holds no field versions") }
        return seconds
    }

    private static func firstCollection(_ path: String) throws -> String {
        let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
        guard let id = try db.scalar(sql: "SELECT id FROM collections ORDER BY id LIMIT 1")?.textValue else {
            throw BenchFailure("the replica holds no collection")
        }
        return id
    }
}
