import Foundation
import GisementShared
import Testing

/// The built `gisement` binary, command by command.
@Suite struct GisementCommandTests {
    @Test func init_printsReplicaID_andRefusesASecondInit() throws {
        let folder = TemporaryFolder()
        let db = folder.file("sub/dir/r.sqlite")
        let first = try GisementBinary.run(["init", "--agent", "Awa"], database: db)
        #expect(first.status == 0)
        #expect(first.trimmed.hasPrefix("r-"))
        #expect(Identifier.isValid(first.trimmed))
        let before = try DatabaseSnapshot.of(db)
        let second = try GisementBinary.run(["init"], database: db)
        #expect(second.status == 1)
        #expect(second.error == "Error: \(db) already holds replica \(first.trimmed). Use it as it is, or pass --db with another path.\n")
        #expect(try DatabaseSnapshot.of(db) == before)
    }

    @Test func readCommand_withoutReplica_saysRunInit_andCreatesNoFile() throws {
        let folder = TemporaryFolder()
        for arguments in [["status"], ["list", "districts"], ["district", "add", "X"], ["conflicts"]] {
            let result = try GisementBinary.run(arguments, database: folder.file("missing.sqlite"))
            #expect(result.status == 1)
            #expect(result.error.contains("run 'gisement init' first"))
            #expect(!folder.exists("missing.sqlite"))
        }
    }

    @Test func databasePath_comesFromEnvironment_thenXDG() throws {
        let folder = TemporaryFolder()
        let viaEnv = try GisementBinary.run(["init"], environment: ["GISEMENT_DB": folder.file("env.sqlite")])
        #expect(viaEnv.status == 0)
        #expect(folder.exists("env.sqlite"))
        let viaXDG = try GisementBinary.run(["init"], environment: ["XDG_DATA_HOME": folder.path])
        #expect(viaXDG.status == 0)
        #expect(folder.exists("gisement/replica.sqlite"))
    }

    @Test func foreignFile_isRefusedWithExit65_untouched() throws {
        let folder = TemporaryFolder()
        let path = folder.file("notes.txt")
        try String(repeating: "not a database\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try GisementBinary.run(["status"], database: path)
        #expect(result.status == 65)
        #expect(result.error.contains("is not a Gisement replica"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func logListAndShow_ofACollection() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must([
            "log", "--test", "Bellevue spring", "--category", "electrical", "--item", "phone", "--kg", "0.2",
            "--source", "door-to-door", "--partner", "Habitat 44", "--at", "2026-03-14T10:15:00Z",
        ])
        #expect(id.hasPrefix("c-"))
        let json = try replica.must(["show", id, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [String: Any])
        #expect(fields["district"] as? String == replica.districtID)
        #expect(fields["partner"] as? String == replica.partnerID)
        #expect(fields["items"] as? Int == 1)
        #expect(fields["outcome"] as? String == "pending")
        #expect(fields["agent"] as? String == "Awa")
        #expect(fields["weight_kg"] as? Double == 0.2)
        #expect(fields["collected_at"] as? String == "2026-03-14T10:15:00Z")
        let list = try replica.must(["list", "collections", "--test", "Bellevue spring"])
        let lines = list.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("ID "))
        #expect(lines[1].contains("2026-03-14 10:15"))
        #expect(lines[1].contains("0.2 kg"))
        let shown = try replica.must(["show", id])
        #expect(shown.contains("  test          Bellevue spring (\(replica.testID))"))
        #expect(shown.contains("  weight_kg     0.2 kg"))
    }

    @Test func log_localTimeWithoutZone_isStoredInUTC() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must(["log", "--test", replica.testID, "--category", "tools", "--at", "2026-03-14 10:15"])
        #expect(try replica.must(["show", id, "--json"]).contains("\"collected_at\":\"2026-03-14T10:15:00Z\""))
    }

    @Test func setRmAndStatus() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "3"])
        #expect(try replica.must(["set", id, "outcome=repaired", "sold_items=1", "notes=ok"])
            == "Updated collection \(id): outcome, sold_items, notes.")
        #expect(try replica.must(["set", id, "notes="]) == "Updated collection \(id): notes.")
        let json = try replica.must(["show", id, "--json"])
        #expect(json.contains("\"outcome\":\"repaired\""))
        #expect(!json.contains("notes"))
        #expect(try replica.must(["set", id, "outcome=repaired"]).hasPrefix("Nothing to change"))
        #expect(try replica.must(["set", replica.testID, "district=Bellevue", "target-kg=900"]).hasPrefix("Updated test"))
        #expect(try replica.must(["rm", id]) == "Removed collection \(id).")
        #expect(try replica.must(["rm", id]) == "The collection \(id) was already removed.")
        #expect(try replica.must(["list", "collections"]) == "No collections yet.")
        let status = try replica.must(["status", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])
        #expect((object["replica"] as? String)?.hasPrefix("r-") == true)
        #expect(object["pending"] as? Int ?? 0 > 10)
        #expect(object["conflicts"] as? Int == 0)
        #expect((object["set_aside"] as? [Any])?.isEmpty == true)
        let text = try replica.must(["status"])
        #expect(text.contains("Last sync   never"))
    }

    @Test func testShowAndAddPartner() throws {
        let replica = try FieldReplica.make()
        let participation = try replica.must(["test", "add-partner", "Bellevue spring", "Habitat 44", "--role", "supplier"])
        #expect(participation == "\(replica.testID).\(replica.partnerID)")
        // Adding it again makes no second record.
        #expect(try replica.must(["test", "add-partner", replica.testID, replica.partnerID, "--role", "collector"]) == participation)
        #expect(try replica.must(["list", "participations", "--json"]).components(separatedBy: "\"id\"").count == 2)
        try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "2.5", "--outcome", "reused"])
        try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "1"])
        let shown = try replica.must(["test", "show", "Bellevue spring"])
        #expect(shown.contains("Habitat 44 — collector"))
        #expect(shown.contains("Collections: 2 (2 items, 3.5 kg)"))
        #expect(shown.contains("  reused: 1 (1 item, 2.5 kg)"))
    }

    @Test func listsAndJSONAreOneDocument() throws {
        let replica = try FieldReplica.make()
        for arguments in [["district", "list"], ["partner", "list"], ["test", "list"], ["list", "tests"], ["conflicts"],
                          ["status"], ["test", "show", replica.testID]] {
            let output = try replica.must(arguments + ["--json"])
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(output.utf8)) }
            #expect(!output.contains("\n"), "one line: \(arguments)")
        }
        let districts = try replica.must(["district", "list"])
        #expect(districts.contains("12400"))
        #expect(districts.split(separator: "\n").first?.hasPrefix("ID") == true)
    }

    @Test func helpAndVersion_goToStdoutWithExit0() throws {
        let help = try GisementBinary.run(["help", "log"])
        let flag = try GisementBinary.run(["log", "--help"])
        #expect(help.status == 0)
        #expect(help.output == flag.output)
        #expect(help.output.hasPrefix("OVERVIEW: Log a collection and print its id."))
        #expect(help.error.isEmpty)
        let version = try GisementBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.trimmed.split(separator: ".").count == 3)
    }
}
