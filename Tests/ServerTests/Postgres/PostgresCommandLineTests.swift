import Foundation
import GisementPostgres
import GisementShared
import Testing
import TestSupport
@testable import GisementServer

/// The built `gisement-server` on a PostgreSQL store: its commands, `GISEMENT_DATABASE_URL`, and a
/// URL that is malformed (64), a database of another program (65), a server that cannot be reached
/// or refuses the password (69): one line each, the password never printed, no file made.
@Suite(.enginesChosenByTheSuite) struct PostgresCommandLineTests {
    let folder = TemporaryFolder("pg-cli")

    @Test func tokens_addListScopeRevoke_onPostgreSQL_andThroughTheVariable() async throws {
        let url = try PostgresCluster.shared().freshDatabase()
        let add = try await ServerBinary.run(["token", "add", "chief", "--role", "admin", "--db", url])
        #expect(add.status == 0, "\(add)")
        #expect(AccessToken.isWellFormed(add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let environment = [PostgresDatabase.environmentVariable: url]
        let agent = try await ServerBinary.run(["token", "add", "tablet-3", "--role", "agent"], environment: environment)
        #expect(agent.status == 0, "\(agent)")
        let duplicate = try await ServerBinary.run(["token", "add", "tablet-3", "--role", "agent"], environment: environment)
        #expect(duplicate.status == 65)
        let unknownDistrict = try await ServerBinary.run(
            ["token", "scope", "tablet-3", "--add-district", "Nowhere"], environment: environment)
        #expect(unknownDistrict.status == 65 && unknownDistrict.stderr.contains("Nowhere"))
        let revoke = try await ServerBinary.run(["token", "revoke", "tablet-3"], environment: environment)
        #expect(revoke.status == 0)
        let list = try await ServerBinary.run(["token", "list", "--json"], environment: environment)
        let tokens = try JSONParser.parse(list.stdout)["tokens"]?.arrayValue ?? []
        #expect(tokens.map { $0["name"]?.stringValue } == ["chief", "tablet-3"])
        #expect(tokens.map { $0["revoked_at"]?.stringValue == nil } == [true, false])
        let merges = try await ServerBinary.run(["merges", "--json"], environment: environment)
        #expect(merges.status == 0 && merges.stdout.contains("\"merges\":[]"), "\(merges)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aMalformedURL_isAUsageError() async throws {
        let url = "postgresql://gis:secret-pw@127.0.0.1:5432/gisement?no_such_setting=1"
        for command in [["serve", "--port", "0"], ["token", "list"]] {
            let result = try await ServerBinary.run(command + ["--db", url], directory: folder.path)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("gis:***@127.0.0.1") && !result.stderr.contains("secret-pw"), "\(result)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing taken for a file")
    }

    @Test func anUnreachableServer_orARefusedPassword_exit69_inOneLine() async throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.freshDatabase()
        let name = try PostgresConnection(PostgresURL(database)!).execute("SELECT current_database()")[0, 0]!
        let unreachable = "postgresql://gis:secret-pw@127.0.0.1:1/gisement?connect_timeout=2"
        let refused = cluster.tcpURL(database: name, password: "secret-pw")
        for url in [unreachable, refused] {
            for command in [["serve", "--port", "0"], ["token", "list"]] {
                let result = try await ServerBinary.run(command + ["--db", url], directory: folder.path)
                #expect(result.status == 69, "\(result)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
                #expect(!result.stderr.contains("secret-pw"))
            }
        }
    }

    @Test func aDatabaseOfAnotherProgram_exit65_andFileCommandsSayToUsePgDump() async throws {
        let url = try PostgresCluster.shared().freshDatabase()
        try PostgresConnection(PostgresURL(url)!).executeScript("CREATE TABLE invoices (id int)")
        let serve = try await ServerBinary.run(["serve", "--port", "0", "--db", url])
        #expect(serve.status == 65 && serve.stderr.contains("another program"), "\(serve)")
        let backup = try await ServerBinary.run(["backup", "copy.sqlite", "--db", url], directory: folder.path)
        #expect(backup.status == 64 && backup.stderr.contains("pg_dump"), "\(backup)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
