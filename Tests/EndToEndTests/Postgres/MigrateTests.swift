import Foundation
import Testing
import TestSupport

/// `gisement-server migrate`: a SQLite server's store moved to PostgreSQL, replicas going on from
/// where they were with a server on the new database.
@Suite(.serialized, .disabled(if: TestStore.isPostgres, "it starts from a SQLite server, which it migrates")) struct MigrateTests {
    @Test func storeMovedToPostgres_keepsLogsTokensAndCursors() throws {
        let cluster = try Cluster()
        let old = cluster.server
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let district = try awa.ok(["district", "add", "Bellevue", "--population", "12400", "--habitat", "dense-urban"])
        let test = try awa.ok(["test", "create", "Bellevue spring", "--district", district, "--target-kg", "800"])
        try awa.sync()
        try ben.sync()
        // A conflict: both change the population.
        try awa.ok(["set", district, "population=12500"])
        try ben.ok(["set", district, "population=12600"])
        try awa.sync()
        try ben.sync()
        let awaBefore = try awa.sync()
        let benBefore = try ben.sync()
        let scoped = try old.token("scoped", role: "coordinator", scope: ["--test", test])
        let revoked = try old.token("gone", role: "coordinator")
        #expect(try old.command(["token", "revoke", "gone"]).status == 0)
        _ = try old.get("/v1/records/test/\(test)", token: scoped)
        old.stop()

        let merges = try old.command(["merges", "--json"])
        let sessions = try old.command(["sessions", "--json"])
        #expect(merges.stdout.contains("population"), "\(merges)")

        let database = try PostgresCluster.shared().freshDatabase()
        let sqlite = old.database
        let migrate = try ChildProcess.run(old.executable, ["migrate", "--from", sqlite, "--to", database], in: cluster.folder.path)
        #expect(migrate.status == 0, "\(migrate)")

        let port = Int(old.url.split(separator: ":").last ?? "") ?? 0
        let new = try ServerProcess(folder: cluster.folder, database: database, port: port)
        try new.start()
        defer { new.stop() }
        #expect(new.url == old.url)
        #expect(try new.command(["merges", "--json"]).stdout == merges.stdout)
        #expect(try new.command(["sessions", "--json"]).stdout == sessions.stdout)

        // Tokens: the scoped one still reads its test, the revoked one is still refused.
        _ = try new.get("/v1/records/test/\(test)", token: scoped)
        #expect(throws: ServerFailure.self) { try new.get("/v1/records/test/\(test)", token: revoked) }

        // Replicas go on from their cursors: nothing to pull, no recovery; a new edit travels.
        let awaAfter = try awa.sync()
        #expect(awaAfter["pulled"] as? Int == 0, "\(awaAfter)")
        #expect(awaAfter["server_went_back"] == nil, "\(awaAfter)")
        #expect(awaAfter["cursor"] as? Int == awaBefore["cursor"] as? Int, "\(awaAfter) \(awaBefore)")
        try awa.ok(["set", district, "population=13000"])
        #expect(try awa.sync()["pushed"] as? Int == 1)
        let benAfter = try ben.sync()
        #expect(benAfter["pulled"] as? Int == 1, "\(benAfter) \(benBefore)")
        #expect(benAfter["server_went_back"] == nil, "\(benAfter)")
        #expect(try ben.export("district")[district]?["population"] as? Int == 13000)

        // A second migrate into the same database is refused, in one line.
        let again = try ChildProcess.run(old.executable, ["migrate", "--from", sqlite, "--to", database], in: cluster.folder.path)
        #expect(again.status == 65, "\(again)")
        #expect(again.stderr.split(separator: "\n").count == 1 && again.stderr.contains("not empty"), "\(again)")
    }

    @Test func badInput_isRefusedWithTheContractsStatus() throws {
        let folder = TemporaryFolder()
        let server = try Binaries.server()
        let notAStore = folder.file("notes.txt")
        try "not a database".write(toFile: notAStore, atomically: true, encoding: .utf8)
        let database = try PostgresCluster.shared().freshDatabase()
        let foreign = try ChildProcess.run(server, ["migrate", "--from", notAStore, "--to", database], in: folder.path)
        #expect(foreign.status == 65, "\(foreign)")
        let badURL = try ChildProcess.run(server, ["migrate", "--from", notAStore, "--to", "mysql://x/y"], in: folder.path)
        #expect(badURL.status == 64, "\(badURL)")
        let store = try ServerProcess(folder: folder)
        _ = try store.token("admin", role: "admin")
        let unreachable = try ChildProcess.run(
            server, ["migrate", "--from", store.database, "--to", "postgresql://nobody@127.0.0.1:1/none"], in: folder.path)
        #expect(unreachable.status == 69, "\(unreachable)")
    }
}
