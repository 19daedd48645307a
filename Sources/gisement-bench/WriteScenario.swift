import CSQLite
import Foundation
import GisementClient
import GisementShared

extension BenchScenario {
    /// Scenario 3, the client write path: collections logged per second through ``ReplicaStore``
    /// in this process (one transaction per collection, as `gisement log` does, against raw SQLite
    /// writing the same ten field rows in one transaction each; and the batched import path), then
    /// the wall time of one `gisement log` process on a replica of `size` collections (median of
    /// 7), against the same command on a replica holding only its test.
    static let write = BenchScenario(
        name: "write", summary: "client write path: ReplicaStore.write and one `gisement log` process",
        defaultSize: 100_000
    ) { size, _ in
        let workspace = try BenchWorkspace("write")
        defer { workspace.cleanUp() }
        let binaries = try BenchBinaries.locate()
        let fixture = try ReplicaFixture.make(collections: size)
        let fields = ReplicaFixture.fieldsPerCollection

        // Batched: the fixture was written 1,000 collections per transaction.
        BenchOutput.rate(
            "store, 1,000 collections per transaction", count: size, seconds: fixture.buildSeconds, unit: "collections")

        // One collection per transaction, on a copy of the full replica.
        let single = min(500, max(20, size / 100))
        let path = workspace.path("replica.sqlite")
        try fixture.copy(to: path)
        let store = try ReplicaStore(path: path)
        let storeSeconds = try BenchOutput.timed {
            for i in 0..<single {
                try store.write([
                    RecordWrite(
                        kind: .collection, id: store.newID(for: .collection),
                        fields: ReplicaFixture.collectionFields(i, test: fixture.testID, district: fixture.districtID),
                        isNew: true)
                ])
            }
        }
        let rawSeconds = try rawSingleTransactions(single, fields: fields, path: workspace.path("raw.sqlite"))
        BenchOutput.rate("raw SQLite, 10 rows per transaction", count: single, seconds: rawSeconds, unit: "collections")
        BenchOutput.rate(
            "store, 1 collection per transaction", count: single, seconds: storeSeconds, unit: "collections",
            against: ("raw SQLite", Double(single) / rawSeconds))

        // One `gisement log` process, full replica vs a replica with only its test.
        let small = workspace.path("small.sqlite")
        let smallStore = try ReplicaStore.create(path: small, settings: .init(agent: "Bench"))
        let district = try smallStore.create(kind: .district, fields: [("name", .text("Nord"))])
        _ = try smallStore.create(
            kind: .pilotTest, fields: [("name", .text(fixture.testName)), ("district", .text(district))])
        let full = try logProcessSeconds(binaries, workspace, db: path, test: fixture.testName)
        let empty = try logProcessSeconds(binaries, workspace, db: small, test: fixture.testName)
        BenchOutput.time("`gisement log`, replica with 1 test (median)", seconds: empty)
        BenchOutput.time(
            "`gisement log`, \(Measurement.grouped(Double(size))) collections (median)", seconds: full,
            note: String(format: "x%.2f the small replica", full / empty))
    }

    /// Median wall time of 7 `gisement log` processes on the replica at `db`.
    private static func logProcessSeconds(
        _ binaries: BenchBinaries, _ workspace: BenchWorkspace, db: String, test: String
    ) throws -> Double {
        var times: [Double] = []
        for i in 0..<7 {
            let arguments = [
                "log", "--test", test, "--category", "electrical", "--item", "phone", "--kg", "0.\(i + 1)",
                "--source", "door-to-door", "--condition", "repairable",
            ]
            times.append(try BenchOutput.timed {
                try workspace.run(binaries.client, arguments, environment: ["GISEMENT_DB": db])
            })
        }
        return BenchOutput.median(times)
    }

    /// Writes `count` transactions of `fields` rows each into a fresh table through the C API
    /// (WAL, `synchronous=FULL`, one prepared statement): the cost floor of a durable small write.
    private static func rawSingleTransactions(_ count: Int, fields: Int, path: String) throws -> Double {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            throw BenchFailure("could not open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nil, nil, nil)
        sqlite3_exec(
            db, "CREATE TABLE v (kind TEXT, id TEXT, field TEXT, value, hlc INTEGER, PRIMARY KEY (kind, id, field)) WITHOUT ROWID",
            nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        return try BenchOutput.timed {
            for i in 0..<count {
                sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
                let id = "c-\(i)"
                for f in 0..<fields {
                    sqlite3_bind_text(statement, 1, "collection", -1, transient)
                    sqlite3_bind_text(statement, 2, id, -1, transient)
                    sqlite3_bind_text(statement, 3, "field\(f)", -1, transient)
                    sqlite3_bind_int64(statement, 4, Int64(f))
                    sqlite3_bind_int64(statement, 5, Int64(i))
                    guard sqlite3_step(statement) == SQLITE_DONE else {
                        throw BenchFailure("raw insert failed: \(String(cString: sqlite3_errmsg(db)))")
                    }
                    sqlite3_reset(statement)
                }
                guard sqlite3_exec(db, "COMMIT", nil, nil, nil) == SQLITE_OK else { throw BenchFailure("commit failed") }
            }
        }
    }
}
