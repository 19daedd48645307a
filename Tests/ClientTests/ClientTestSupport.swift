import Foundation
@_exported import TestSupport
import GisementClient
import GisementSQLite
import GisementShared

/// What a run of the `gisement` binary gave.
struct RunResult {
    var status: Int32
    var output: String
    var error: String

    /// The output without its final newline.
    var trimmed: String { output.hasSuffix("\n") ? String(output.dropLast()) : output }
}

/// Runs the built `gisement` executable.
enum GisementBinary {
    /// The executable (``BuiltExecutable``); the bare name when it cannot be found, so that the
    /// first run says what is missing.
    static let path: String = (try? BuiltExecutable.find("gisement", variable: "GISEMENT_BIN")) ?? "gisement"

    /// Runs `gisement` with `arguments` (a `--db` is added when `database` is given), in UTC.
    @discardableResult
    static func run(_ arguments: [String], database: String? = nil, environment extra: [String: String] = [:])
        throws -> RunResult
    {
        // English unless a test asks for a locale: the machine's own must not change the messages.
        let environment = ["TZ": "UTC", "LANG": "C.UTF-8"].merging(extra) { $1 }
        let result = try ChildProcess.run(
            path, (database.map { ["--db", $0] } ?? []) + arguments, environment: environment,
            removing: ["GISEMENT_DB", "LC_ALL", "LC_MESSAGES"], timeout: 600)
        return RunResult(status: result.status, output: result.stdout, error: result.stderr)
    }
}

/// A replica made through the binary, with a district, a partner and a test.
struct FieldReplica {
    let folder = TemporaryFolder()
    var database: String { folder.file("replica.sqlite") }
    var districtID = ""
    var partnerID = ""
    var testID = ""

    static func make() throws -> FieldReplica {
        var replica = FieldReplica()
        try replica.must(["init", "--agent", "Awa"])
        replica.districtID = try replica.must(["district", "add", "Bellevue", "--population", "12400", "--habitat", "dense-urban"])
        replica.partnerID = try replica.must(["partner", "add", "Habitat 44", "--kind", "social-landlord"])
        replica.testID = try replica.must(["test", "create", "Bellevue spring", "--district", "Bellevue", "--target-kg", "800"])
        return replica
    }

    /// Runs a command on this replica.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        try GisementBinary.run(arguments, database: database, environment: environment)
    }

    /// Runs a command that must succeed and returns its trimmed output.
    @discardableResult
    func must(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw TestFailure("gisement \(arguments.joined(separator: " ")) exited \(result.status): \(result.error)")
        }
        return result.trimmed
    }

    /// Every row of every table, as text: equal snapshots mean nothing was written.
    func snapshot() throws -> String {
        try DatabaseSnapshot.of(database)
    }
}

enum DatabaseSnapshot {
    /// Every row of every table of the file, in a stable order.
    static func of(_ path: String) throws -> String {
        let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
        var text = ""
        let tables = try db.query(sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for table in tables.compactMap({ $0[0].textValue }) {
            text += "# \(table)\n"
            let rows = try db.query(sql: "SELECT * FROM \"\(table)\"")
            text += rows.map { $0.values.map { "\($0)" }.joined(separator: "|") }.sorted().joined(separator: "\n") + "\n"
        }
        return text
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A store in a fresh folder with a fixed clock, for in-process tests.
struct StoreFixture {
    let folder = TemporaryFolder()
    let store: ReplicaStore

    init(replicaID: ReplicaID = "r-aaaa", now: Int64 = 1_763_720_130_000) throws {
        store = try ReplicaStore.create(
            path: folder.file("replica.sqlite"), replicaID: replicaID, settings: .init(agent: "Awa"),
            clock: .fixed(now))
    }
}
