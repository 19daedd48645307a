import Foundation
import GisementClient
import GisementSQLite
import GisementShared

extension BenchScenario {
    /// Scenario 7, `gisement report --test` over a replica of `size` collections (median of 5
    /// processes), against one SQL aggregate over the same collections (the floor of reading them).
    ///
    /// When this build of `gisement` has no `report` command yet, it measures in this process what
    /// the command will do: load the test's records from the replica's current-state tables with
    /// ``ReplicaStore/records(kind:filter:)``, run ``ReportBuilder`` and render the JSON; it says so.
    static let report = BenchScenario(
        name: "report", summary: "gisement report --test over size collections vs one SQL aggregate",
        defaultSize: 100_000
    ) { size in
        let workspace = try BenchWorkspace("report")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let fixture = try ReplicaFixture.make(collections: size)
        let path = workspace.path("replica.sqlite")
        try fixture.copy(to: path)

        let aggregate = try medianSeconds(5) {
            let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
            let rows = try db.query(
                sql: "SELECT count(*), sum(weight_kg), sum(items) FROM collections WHERE test = ?1 AND deleted IS NOT 1",
                arguments: [.text(fixture.testID)])
            guard rows.first?[0].integerValue == Int64(size) else { throw BenchFailure("the aggregate missed rows") }
        }
        BenchOutput.time("SQL aggregate over the collections (median)", seconds: aggregate)

        if binaries.clientHasCommand("report", in: workspace) {
            let seconds = try medianSeconds(5) {
                let output = try workspace.run(
                    binaries.client, ["report", "--test", fixture.testID, "--format", "json"],
                    environment: ["GISEMENT_DB": path])
                guard output.contains("\"collections\"") || output.count > 100 else {
                    throw BenchFailure("the report looks empty: \(output.prefix(200))")
                }
            }
            BenchOutput.time("`gisement report --test --format json` (median)", seconds: seconds,
                             note: String(format: "x%.1f the aggregate", seconds / aggregate))
            BenchOutput.goal("report < 300 ms", met: seconds < 0.3, got: String(format: "%.0f ms", seconds * 1000))
        } else {
            print("  (this gisement has no `report` command yet: measuring ReportBuilder in process)")
            let store = try ReplicaStore(path: path)
            var loadSeconds: [Double] = []
            var buildSeconds: [Double] = []
            var bytes = 0
            for _ in 0..<5 {
                var input = ReportInput()
                loadSeconds.append(try BenchOutput.timed {
                    let test = RecordFilter(test: fixture.testID)
                    input = ReportInput(
                        tests: try store.records(kind: .pilotTest), collections: try store.records(kind: .collection, filter: test),
                        participations: try store.records(kind: .participation, filter: test),
                        partners: try store.records(kind: .partner), districts: try store.records(kind: .district))
                })
                buildSeconds.append(try BenchOutput.timed {
                    let report = try ReportBuilder.make(scope: .test(fixture.testID), input: input)
                    bytes = report.json().count
                })
            }
            let load = BenchOutput.median(loadSeconds)
            let build = BenchOutput.median(buildSeconds)
            BenchOutput.time("load the test's records (median)", seconds: load)
            BenchOutput.time("ReportBuilder + JSON, \(bytes) bytes (median)", seconds: build)
            BenchOutput.time("report in process, load + build", seconds: load + build,
                             note: String(format: "x%.1f the aggregate", (load + build) / aggregate))
            BenchOutput.goal("report < 300 ms (in process, no process start)", met: load + build < 0.3,
                             got: String(format: "%.0f ms", (load + build) * 1000))
        }
    }

    /// The median duration of `runs` calls of `body`, in seconds.
    static func medianSeconds(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs { times.append(try BenchOutput.timed(body)) }
        return BenchOutput.median(times)
    }
}
