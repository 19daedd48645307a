import Foundation

/// One field agent's replica: a database file driven through the `gisement` executable.
struct Agent {
    let name: String
    let database: String
    let folder: TemporaryFolder
    let executable: String
    /// The token the cluster made for this agent, when it made one.
    var token: String?

    /// `executable` runs another build of `gisement` (the previous release) on the replica.
    init(_ name: String, folder: TemporaryFolder, executable: String? = nil) throws {
        self.name = name
        self.folder = folder
        self.database = folder.file(name + ".sqlite")
        self.executable = try executable ?? Binaries.gisement()
    }

    /// Runs `gisement ARGS` on this replica.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> CommandResult {
        try ChildProcess.run(
            executable, arguments, environment: environment.merging(["GISEMENT_DB": database]) { $1 }, in: folder.path,
            timeout: timeout)
    }

    /// Runs a command that must succeed and returns its first output line (an id, usually).
    @discardableResult
    func ok(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw ServerFailure(message: "gisement \(arguments.joined(separator: " ")) failed: \(result)")
        }
        return result.line
    }

    /// Starts `gisement ARGS` without waiting (to kill it midway).
    func start(_ arguments: [String]) throws -> Process {
        try ChildProcess.start(
            executable, arguments, environment: ["GISEMENT_DB": database], stdoutPath: folder.file(name + ".bg.out"),
            stderrPath: folder.file(name + ".bg.err"))
    }

    /// `gisement sync --json`, which must succeed; the summary parsed.
    @discardableResult
    func sync(_ extra: [String] = []) throws -> [String: Any] {
        let result = try run(["sync", "--json"] + extra)
        guard result.status == 0 else { throw ServerFailure(message: "\(name) sync failed: \(result)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// The records of a kind as `export --format json` prints them, by id.
    func export(_ kind: String) throws -> [String: NSDictionary] {
        let result = try run(["export", kind, "--format", "json"])
        guard result.status == 0 else { throw ServerFailure(message: "\(name) export failed: \(result)") }
        let text = result.stdout
        let rows = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        var byID: [String: NSDictionary] = [:]
        for row in rows {
            guard let id = row["id"] as? String else { continue }
            byID[id] = NSDictionary(dictionary: row.filter { !($0.value is NSNull) })
        }
        return byID
    }

    /// `status --json`.
    func status() throws -> [String: Any] {
        let text = try run(["status", "--json"]).stdout
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}
