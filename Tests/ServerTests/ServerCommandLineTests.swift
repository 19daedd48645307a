import Foundation
import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// The built `gisement-server` binary: help, exit statuses, tokens, logs.
@Suite struct ServerCommandLineTests {
    let folder = TemporaryFolder("cli")
    /// The store of ``StoreEngine/current``; on SQLite in a folder the commands make.
    let db: String

    init() throws { db = try StoreEngine.current.database(in: folder, name: "data/server.sqlite") }

    @Test func help_version_andUsageErrors() async throws {
        let help = try await ServerBinary.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("OVERVIEW:") && help.stdout.contains("SUBCOMMANDS:"))
        let version = try await ServerBinary.run(["--version"])
        #expect(version.stdout == "gisement-server \(ServerVersion.current)\n")
        let helpAdd = try await ServerBinary.run(["help", "token", "add"])
        let addHelp = try await ServerBinary.run(["token", "add", "-h"])
        #expect(helpAdd.stdout == addHelp.stdout && helpAdd.stdout.contains("--role <role>"))
        let unknown = try await ServerBinary.run(["frobnicate"])
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("Error: "))
        let badRole = try await ServerBinary.run(["token", "add", "x", "--role", "boss", "--db", db])
        #expect(badRole.status == 64)
        #expect(badRole.stderr.contains("Usage: gisement-server token add"))
        #expect(!FileManager.default.fileExists(atPath: db), "a failed command writes nothing")
        let badPort = try await ServerBinary.run(["serve", "--port", "70000", "--db", db])
        #expect(badPort.status == 64)
        let extra = try await ServerBinary.run(["sessions", "now"])
        #expect(extra.status == 64)
    }

    /// `--help` and `help CMD` work at every level, exit 0 and fit in 80 columns: before, `token
    /// --help` exited 64, `help token` said "unknown command" and help lines ran past 80 columns.
    @Test(arguments: [
        (["token", "--help"], "USAGE: gisement-server token <subcommand>"), (["help", "token"], "USAGE: gisement-server token <subcommand>"),
        (["token", "-h"], "SUBCOMMANDS:\n  add "), (["help", "replica"], "  release "), (["replica", "release", "--help"], "<replica>"),
        (["help"], "SUBCOMMANDS:"), (["help", "token", "scope"], "--add-district <district>"), (["serve", "--help"], "--max-body"),
    ] as [([String], String)])
    func help_atEveryLevel_exits0_wrappedAt80(arguments: [String], expected: String) async throws {
        let result = try await ServerBinary.run(arguments)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains(expected), "\(result)")
        #expect(result.stderr.isEmpty)
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "\(arguments): \(line)")
        }
    }

    /// An unknown subcommand is a usage error that lists the choices and points to the help.
    @Test func unknownSubcommand_listsChoices_andPointsToHelp() async throws {
        let result = try await ServerBinary.run(["token", "burn"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unknown subcommand 'burn'; use one of add, list, revoke, scope."), "\(result)")
        #expect(result.stderr.contains("See 'gisement-server token --help' for more."), "\(result)")
        let twice = try await ServerBinary.run(["token", "list", "--db", "a.sqlite", "--db", "b.sqlite"])
        #expect(twice.status == 64 && twice.stderr.contains("--db was given more than once"), "\(twice)")
    }

    @Test func tokens_addListRevoke() async throws {
        let add = try await ServerBinary.run(["token", "add", "tablet-3", "--role", "agent", "--db", db])
        #expect(add.status == 0)
        let token = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(AccessToken.isWellFormed(token))
        let duplicate = try await ServerBinary.run(["token", "add", "tablet-3", "--role", "admin", "--db", db])
        #expect(duplicate.status == 65)
        let list = try await ServerBinary.run(["token", "list", "--db", db])
        #expect(list.status == 0 && list.stdout.contains("tablet-3") && list.stdout.contains("agent"))
        #expect(!list.stdout.contains(token), "the token is printed once, never listed")
        let revoke = try await ServerBinary.run(["token", "revoke", "tablet-3", "--db", db])
        #expect(revoke.status == 0)
        let json = try await ServerBinary.run(["token", "list", "--json", "--db", db])
        let parsed = try JSONParser.parse(json.stdout)
        #expect(parsed["tokens"]?.arrayValue?.first?["revoked_at"]?.stringValue != nil)
        let again = try await ServerBinary.run(["token", "revoke", "tablet-3", "--db", db])
        #expect(again.status == 65)
        let missingDB = try await ServerBinary.run(["token", "list", "--db", folder.file("none.sqlite")])
        #expect(missingDB.status == 1 && missingDB.stderr.hasPrefix("Error: "))
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.sqlite")))
    }

    @Test func foreignDatabase_isInvalidData() async throws {
        let path = folder.file("foreign.sqlite")
        try Database(path: path).execute(sql: "CREATE TABLE x(y)")
        let result = try await ServerBinary.run(["token", "add", "a", "--role", "admin", "--db", path])
        #expect(result.status == 65)
    }

    /// What goes wrong with the database file is said in the user's language, its path as given.
    @Test func databaseFileProblems_areSaidInFrench() async throws {
        let french = ["LC_ALL": "fr_FR.UTF-8"]
        let missing = try await ServerBinary.run(["token", "list", "--db", folder.file("none.sqlite")], environment: french)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Erreur : Il n'y a pas de base du serveur à \(folder.file("none.sqlite")) ;"), "\(missing.stderr)")
        let foreign = folder.file("foreign.sqlite")
        try Database(path: foreign).execute(sql: "CREATE TABLE x(y)")
        let refused = try await ServerBinary.run(["token", "list", "--db", foreign], environment: french)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("\(foreign) n'est pas une base de ce programme ;"), "\(refused.stderr)")
        let garbage = folder.file("garbage.sqlite")
        try Data(repeating: 0x47, count: 8192).write(to: URL(fileURLWithPath: garbage))
        let notADatabase = try await ServerBinary.run(["token", "list", "--db", garbage], environment: french)
        #expect(notADatabase.status == 65)
        #expect(notADatabase.stderr.contains("\(garbage) n'est pas une base de serveur Gisement ;"), "\(notADatabase.stderr)")
        // A file, whichever store the suite runs on: only a file is locked by the server serving it.
        let served = folder.file("served.sqlite")
        let server = try await ServerProcess.start(database: served, stderrPath: folder.file("err.log"))
        let second = try await ServerBinary.run(["serve", "--port", "0", "--db", served], environment: french)
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("Erreur : Un autre processus gisement-server sert ou restaure \(served) ;"), "\(second.stderr)")
        #expect(await server.stop(signal: SIGTERM) == 0)
    }

    @Test func serve_printsListeningLine_hint_andStopsOnSIGTERM() async throws {
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err.log"))
        #expect(server.firstLine.hasPrefix("listening on http://127.0.0.1:"))
        let health = try await APIClient(baseURL: server.baseURL).get("/v1/health")
        #expect(health.status == 200)
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(server.stderr.contains("gisement-server token add NAME --role admin"))
        #expect(server.stderr.contains("GET /v1/health 200"))
    }

    @Test func tokenRevokedByAnotherProcess_isRefusedAtOnce() async throws {
        let add = try await ServerBinary.run(["token", "add", "phone", "--role", "agent", "--db", db])
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err.log"))
        let client = APIClient(baseURL: server.baseURL, token: add.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try await client.get("/v1/changes").status == 200)
        let revoke = try await ServerBinary.run(["token", "revoke", "phone", "--db", db])
        #expect(revoke.status == 0)
        #expect(try await client.get("/v1/changes").status == 401)
        let late = try await ServerBinary.run(["token", "add", "tablet", "--role", "agent", "--db", db])
        let added = client.with(token: late.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try await added.get("/v1/changes").status == 200, "a token added while serving works at once")
        #expect(await server.stop(signal: SIGTERM) == 0)
    }

    @Test func serve_unknownLogLevel_isSaid() async throws {
        let server = try await ServerProcess.start(
            database: db, stderrPath: folder.file("err.log"), environment: ["LOG_LEVEL": "verbose"])
        #expect(await server.stop(signal: SIGTERM) == 0)
        #expect(server.stderr.contains("Warning: unknown LOG_LEVEL 'verbose'; use one of trace, debug, info, notice, warning, error, critical. Logging at info."))
    }

    @Test func serve_portInUse_failsWithExit1() async throws {
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err.log"))
        let port = String(server.baseURL.split(separator: ":").last!)
        let second = try await ServerBinary.run(["serve", "--port", port, "--db", folder.file("b.sqlite")])
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("Error: Could not listen"))
        #expect(await server.stop(signal: SIGINT) == 0)
    }

    @Test func merges_and_sessions_commands() async throws {
        let admin = try await ServerBinary.run(["token", "add", "boss", "--role", "admin", "--db", db])
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err.log"))
        #expect(!server.stderr.contains("No admin token"))
        let client = APIClient(baseURL: server.baseURL, token: admin.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b", startingAt: 1_763_720_140_000)
        _ = try await client.push([a.write(.partner, "p-1", "contact", .text("Ana"))], replica: "r-a")
        _ = try await client.push([b.write(.partner, "p-1", "contact", .text("Bo"))], replica: "r-b")
        #expect(await server.stop(signal: SIGTERM) == 0)

        let text = try await ServerBinary.run(["merges", "--db", db])
        #expect(text.status == 0)
        #expect(text.stdout.contains("partner p-1 contact: kept \"Bo\""))
        let json = try await ServerBinary.run(["merges", "--json", "--agent", "boss", "--kind", "partner", "--db", db])
        let merges = try JSONParser.parse(json.stdout)["merges"]?.arrayValue
        #expect(merges?.count == 1)
        #expect(merges?.first?["loser"]?["value"]?.stringValue == "Ana")
        let nobody = try await ServerBinary.run(["merges", "--json", "--agent", "nobody", "--db", db])
        #expect(try JSONParser.parse(nobody.stdout)["merges"]?.arrayValue?.isEmpty == true)
        let sessions = try await ServerBinary.run(["sessions", "--json", "--db", db])
        let rows = try JSONParser.parse(sessions.stdout)["sessions"]?.arrayValue
        #expect(rows?.count == 2)
        #expect(rows?.allSatisfy { $0["token"]?.stringValue == "boss" } == true)
        let table = try await ServerBinary.run(["sessions", "--db", db])
        #expect(table.stdout.hasPrefix("SEQ"))
    }
}
