import Foundation
import GisementPostgres
import GisementSQLite

#if canImport(Glibc)
import Glibc
#endif

/// A `gisement-server serve --port 0` process on a database of the bench's (a SQLite file or a
/// PostgreSQL URL, see ``BenchPostgres``), with a coordinator token
/// (the fixtures create their district and tests, which an agent token may not write).
///
/// It is spawned rather than run in the bench so that its peak memory (`VmHWM`) is its own; it
/// is stopped by ``stop()`` or, on failure, by the workspace's clean-up. Unchecked `Sendable`: the
/// servers scenario's client threads read its constant `url` and `token`; only the scenario's own
/// thread starts, samples and stops the process.
final class BenchServer: @unchecked Sendable {
    let process: ChildProcess
    let url: String
    let token: String
    let database: String

    /// Starts a server on `database` (created when missing), adding a coordinator token when
    /// `token` is nil. Waits for the `listening on` line.
    /// - Throws: ``BenchFailure`` when the server does not start within 30 seconds.
    init(binaries: BenchBinaries, database: String, token: String? = nil, workspace: BenchWorkspace) throws {
        self.database = database
        if let token {
            self.token = token
        } else {
            self.token = try workspace.run(
                binaries.server, ["token", "add", "bench-\(Int.random(in: 1000...9999))", "--role", "coordinator", "--db", database]
            ).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let out = workspace.path("server-\(UUID().uuidString.prefix(8)).out")
        process = try workspace.spawn(
            binaries.server, ["serve", "--port", "0", "--db", database], environment: ["LOG_LEVEL": "error"],
            stdout: out, stderr: workspace.path("server.err"))
        var found: String?
        let deadline = Date().addingTimeInterval(30)
        while found == nil {
            if let text = try? String(contentsOfFile: out, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") })
            {
                found = String(line.dropFirst("listening on ".count))
            } else if process.hasExited || Date() > deadline {
                let log = (try? String(contentsOfFile: workspace.path("server.err"), encoding: .utf8)) ?? ""
                throw BenchFailure("the server did not start: \(log)")
            } else {
                usleep(10_000)
            }
        }
        url = found!
    }

    /// The server's peak resident memory so far, in megabytes.
    var peakRSSMegabytes: Double { Double(process.peakRSSKilobytes ?? 0) / 1024 }

    /// The server's CPU time so far (user + system), in seconds.
    var cpuSeconds: Double { process.cpuSeconds ?? 0 }

    /// Stops the server (SIGTERM; it finishes what is queued and closes its database).
    func stop() {
        process.stop()
    }

    var isPostgres: Bool { database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") }

    /// The highest session log position, to tell which rows a later request added.
    func lastSessionSeq() throws -> Int64 {
        try sessionRows("SELECT coalesce(max(seq), 0), '', 0 FROM sessions", after: 0).first?.seq ?? 0
    }

    /// The session log rows after `seq`: route and server-side duration in milliseconds.
    /// Rows reach the table within about 50 ms of their request: this waits 150 ms, then up to
    /// 5 s more for at least `expected` rows.
    func sessions(after seq: Int64, expected: Int) throws -> [(route: String, milliseconds: Double)] {
        usleep(150_000)
        let deadline = Date().addingTimeInterval(5)
        while true {
            let rows = try sessionRows("SELECT seq, route, duration_ms FROM sessions WHERE seq > $1 ORDER BY seq", after: seq)
            if rows.count >= expected || Date() > deadline {
                return rows.map { ($0.route, $0.milliseconds) }
            }
            usleep(20_000)
        }
    }

    /// Runs a session log query of three columns (seq, route, milliseconds) on either store.
    private func sessionRows(_ sql: String, after seq: Int64) throws -> [(seq: Int64, route: String, milliseconds: Double)] {
        if isPostgres {
            guard let url = PostgresURL(database) else { throw BenchFailure("not a PostgreSQL URL: \(database)") }
            let connection = try PostgresConnection(url, applicationName: "gisement-bench")
            let rows = sql.contains("$1") ? try connection.execute(sql, [String(seq)]) : try connection.execute(sql)
            return (0..<rows.count).map { row in
                (rows.integer(row, 0) ?? 0, rows[row, 1] ?? "", rows[row, 2].flatMap(Double.init) ?? 0)
            }
        }
        let db = try Database(path: database, options: DatabaseOptions(access: .readOnly))
        let rows = try db.query(
            sql: sql.replacingOccurrences(of: "$1", with: "?1"), arguments: sql.contains("$1") ? [.integer(seq)] : [])
        return rows.map { ($0[0].integerValue ?? 0, $0[1].textValue ?? "", $0[2].doubleValue ?? 0) }
    }
}

/// Copies a SQLite database file with its write-ahead log, if it has one.
func copyDatabase(from source: String, to destination: String) throws {
    let files = FileManager.default
    try files.copyItem(atPath: source, toPath: destination)
    if files.fileExists(atPath: source + "-wal") {
        try files.copyItem(atPath: source + "-wal", toPath: destination + "-wal")
    }
}
