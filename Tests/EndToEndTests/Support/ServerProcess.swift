import Foundation
import GisementClient
import GisementShared

/// A real `gisement-server` in a temporary folder, on a port the system picked.
///
/// Started with `serve --port 0`; the URL is read from the first line of its standard output
/// (`listening on http://HOST:PORT`). `restart()` serves the same database on the same port.
final class ServerProcess {
    let folder: TemporaryFolder
    /// Which build serves: another one (the previous release) may take over the same database.
    var executable: String
    let database: String
    /// More `serve` options (`--db-timeout 2`).
    let options: [String]
    private(set) var process: Process?
    private(set) var url = ""
    private var port = 0
    private var starts = 0

    /// - Parameter database: a `postgres://` URL several servers may share; by default a file in
    ///   `folder`, or a fresh PostgreSQL database with `GISEMENT_TEST_STORE=postgres` (``TestStore``).
    /// - Parameter port: the port to serve on (another server's, to take its place); 0 picks one.
    init(folder: TemporaryFolder, executable: String? = nil, database: String? = nil, port: Int = 0, options: [String] = []) throws {
        self.folder = folder
        self.port = port
        self.options = options
        self.executable = try executable ?? Binaries.server()
        if let database {
            self.database = database
        } else if TestStore.isPostgres {
            self.database = try PostgresCluster.shared().freshDatabase()
        } else {
            self.database = folder.file("server.sqlite")
        }
    }

    deinit { stop(signal: SIGKILL) }

    /// Starts serving; waits for the listening line.
    func start() throws {
        starts += 1
        let name = "server-\(ObjectIdentifier(self).hashValue)-\(starts)"
        let out = folder.file(name + ".out")
        let process = try ChildProcess.start(
            executable, ["serve", "--port", String(port), "--db", database] + options, stdoutPath: out,
            stderrPath: folder.file(name + ".err"))
        self.process = process
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            let text = ChildProcess.read(out)
            if let line = text.split(separator: "\n").first, text.contains("\n") {
                guard line.hasPrefix("listening on ") else { break }
                url = String(line.dropFirst("listening on ".count))
                port = Int(url.split(separator: ":").last ?? "") ?? 0
                return
            }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        throw ServerFailure(message: "the server did not start: " + ChildProcess.read(folder.file(name + ".err")))
    }

    /// What the running server wrote to its standard error so far (its log).
    var errorLog: String {
        ChildProcess.read(folder.file("server-\(ObjectIdentifier(self).hashValue)-\(starts).err"))
    }

    /// Stops the server with `signal` (SIGTERM: a clean stop) and waits for it.
    func stop(signal: Int32 = SIGTERM) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        if ChildProcess.waitForExit(process, timeout: 20) == nil {
            kill(process.processIdentifier, SIGKILL)
            _ = ChildProcess.waitForExit(process, timeout: 20)
        }
    }

    /// Stops and starts again on the same port and database.
    func restart() throws {
        stop()
        try start()
    }

    /// Runs `gisement-server ARGS --db …` (token, merges…) and returns its result.
    func command(_ arguments: [String]) throws -> CommandResult {
        try ChildProcess.run(executable, arguments + ["--db", database], in: folder.path)
    }

    /// Makes a token and returns it.
    /// `scope`: `--district X` / `--test Y` words, e.g. `["--test", "Essai"]`.
    func token(_ name: String, role: String, scope: [String] = []) throws -> String {
        let result = try command(["token", "add", name, "--role", role] + scope)
        guard result.status == 0, !result.line.isEmpty else { throw ServerFailure(message: "token add: \(result)") }
        return result.line
    }

    /// `GET path` with a token; the body parsed as JSON.
    func get(_ path: String, query: [SyncQueryItem] = [], token: String) throws -> Any {
        let transport = try URLSessionTransport(server: url)
        let response = try transport.send(SyncHTTPRequest(method: "GET", path: path, query: query, token: token), timeout: 30)
        guard response.status == 200 else {
            throw ServerFailure(message: "GET \(path): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: Data(response.body))
    }

    /// The whole merge log (admin token).
    func merges(token: String) throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var since = 0
        while true {
            let page = try get("/v1/merges", query: [SyncQueryItem("since", String(since))], token: token) as? [String: Any]
            let merges = page?["merges"] as? [[String: Any]] ?? []
            all += merges
            since = (page?["cursor"] as? Int) ?? since
            guard page?["more"] as? Bool == true, !merges.isEmpty else { return all }
        }
    }
}

struct ServerFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
