import Foundation
import GisementClient
import GisementSQLite
import GisementShared

extension BenchScenario {
    /// Scenario 7, `gisement report --test` over a replica of `size` collections and `size / 50`
    /// workshops (2,000 at the default size; median of 5 processes), against one SQL aggregate over
    /// the same collections (the floor of reading them).
    ///
    /// In this process it also times what the command does once started, in two parts: opening the
    /// replica and streaming the test's collections into a ``ReportDraft``
    /// (``ReplicaStore/addCollections(test:to:)``: the SQLite read and the tallies), then finishing
    /// and rendering the JSON. The rest of the process's time is its start (about 16 ms).
    static let report = BenchScenario(
        name: "report", summary: "gisement report --test over size collections and size/50 workshops vs one SQL aggregate",
        defaultSize: 100_000
    ) { size, _ in
        let workspace = try BenchWorkspace("report")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let fixture = try ReplicaFixture.make(collections: size)
        let path = workspace.path("replica.sqlite")
        try fixture.copy(to: path)
        let workshops = size / 50
        try addWorkshops(workshops, to: path, test: fixture.testID)

        let aggregate = try medianSeconds(5) {
            let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
            let rows = try db.query(
                sql: "SELECT count(*), sum(weight_kg), sum(items) FROM collections WHERE test = ?1 AND deleted IS NOT 1",
                arguments: [.text(fixture.testID)])
            guard rows.first?[0].integerValue == Int64(size) else { throw BenchFailure("the aggregate missed rows") }
        }
        BenchOutput.time("SQL aggregate over the collections (median)", seconds: aggregate)

        var streamSeconds: [Double] = []
        var finishSeconds: [Double] = []
        var bytes = 0
        for _ in 0..<5 {
            var draft: ReportDraft?
            streamSeconds.append(try BenchOutput.timed {
                // A store opened for each run, as each command does: its page cache starts empty.
                let store = try ReplicaStore(path: path)
                let input = ReportInput(
                    tests: try store.record(kind: .pilotTest, id: fixture.testID).map { [$0] } ?? [],
                    participations: try store.records(kind: .participation, filter: RecordFilter(test: fixture.testID)),
                    partners: try store.records(kind: .partner), districts: try store.records(kind: .district))
                var withWorkshops = input
                withWorkshops.workshops = try store.records(kind: .workshop, filter: RecordFilter(test: fixture.testID))
                var started = try ReportDraft(scope: .test(fixture.testID), input: withWorkshops)
                try store.addCollections(test: fixture.testID, to: &started)
                draft = started
            })
            finishSeconds.append(try BenchOutput.timed {
                guard let report = draft?.finish() else { throw BenchFailure("no draft") }
                guard report.totals.collections == size else { throw BenchFailure("the report missed collections") }
                guard report.participation.workshops == workshops else { throw BenchFailure("the report missed workshops") }
                bytes = report.json().count
            })
        }
        let stream = BenchOutput.median(streamSeconds)
        BenchOutput.time("in process: open, stream into a draft (median)", seconds: stream,
                         note: String(format: "x%.1f the aggregate", stream / aggregate))
        BenchOutput.time("in process: finish + JSON, \(bytes) bytes (median)", seconds: BenchOutput.median(finishSeconds))

        let seconds = try medianSeconds(5) {
            let output = try workspace.run(
                binaries.client, ["report", "--test", fixture.testID, "--format", "json"],
                environment: ["GISEMENT_DB": path])
            guard output.contains("\"participation\":{\"workshops\":\(workshops),") else {
                throw BenchFailure("the report misses its workshops: \(output.suffix(300))")
            }
        }
        BenchOutput.time("`gisement report --test`, +\(workshops) workshops (median)", seconds: seconds,
                         note: String(format: "x%.1f the aggregate", seconds / aggregate))
        BenchOutput.goal("report < 300 ms", met: seconds < 0.3, got: String(format: "%.0f ms", seconds * 1000))
    }

    /// Adds `count` workshops to the test (places, attendees, new members on most) and the jobs and
    /// members fields to the test, in one batch of writes.
    static func addWorkshops(_ count: Int, to path: String, test: String) throws {
        let store = try ReplicaStore(path: path)
        try store.write(kind: .pilotTest, id: test, fields: [
            ("requalified", .integer(12)), ("employed_after", .integer(7)), ("jobs_created", .integer(3)),
            ("target_jobs", .integer(4)), ("members_before", .integer(150)), ("members_after", .integer(420)),
            ("target_attendance_rate", .decimal(0.8)), ("target_members", .integer(400)),
        ])
        let writes = (0..<count).map { i in
            var fields: [(name: String, value: FieldValue)] = [
                ("test", .text(test)), ("held_on", .text("2026-03-\(String(format: "%02d", 1 + i % 28))")),
                ("topic", .text(["bikes", "phones", "sewing", "small appliances"][i % 4])),
            ]
            if i % 10 != 0 { fields.append(("places", .integer(Int64(8 + i % 7)))) }
            if i % 10 != 1 { fields.append(("attendees", .integer(Int64(5 + i % 6)))) }
            if i % 3 == 0 { fields.append(("new_members", .integer(Int64(i % 4)))) }
            return RecordWrite(kind: .workshop, id: store.newID(for: .workshop), fields: fields, isNew: true)
        }
        try store.write(writes)
    }

    /// The median duration of `runs` calls of `body`, in seconds.
    static func medianSeconds(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs { times.append(try BenchOutput.timed(body)) }
        return BenchOutput.median(times)
    }
}
